package dev.hapair.vrrp.packet;

import java.net.Inet4Address;
import java.util.Optional;

/**
 * Gratuitous ARP frames as keepalived sends them when it becomes master (RFC 5798 section 6.4.1 asks for one
 * per virtual address): an ARP request, opcode 1, broadcast to ff:ff:ff:ff:ff:ff, sender IP = target IP = the
 * VIP, sender MAC = the interface MAC, and target MAC ff:ff:ff:ff:ff:ff (not zero), 42 bytes without padding.
 */
public final class GarpFrames {
    public static final int FRAME_LENGTH = EthernetFrame.HEADER_LENGTH + 28;

    private GarpFrames() {}

    /** The 42-byte frame announcing {@code vip} at {@code senderMac}. */
    public static byte[] gratuitousArp(MacAddress senderMac, Inet4Address vip) {
        return encode(new ArpPacket(
                MacAddress.BROADCAST, senderMac, ArpPacket.OP_REQUEST, senderMac, vip, MacAddress.BROADCAST, vip));
    }

    /** Encodes any Ethernet/IPv4 ARP packet (42 bytes). */
    public static byte[] encode(ArpPacket arp) {
        byte[] b = new byte[FRAME_LENGTH];
        arp.ethDestination().writeTo(b, 0);
        arp.ethSource().writeTo(b, 6);
        b[12] = (byte) (EthernetFrame.ETHERTYPE_ARP >>> 8);
        b[13] = (byte) EthernetFrame.ETHERTYPE_ARP;
        b[14] = 0; // hardware type 1: Ethernet
        b[15] = 1;
        b[16] = 0x08; // protocol type IPv4
        b[17] = 0x00;
        b[18] = 6;
        b[19] = 4;
        b[20] = (byte) (arp.opcode() >>> 8);
        b[21] = (byte) arp.opcode();
        arp.senderMac().writeTo(b, 22);
        System.arraycopy(arp.senderIp().getAddress(), 0, b, 28, 4);
        arp.targetMac().writeTo(b, 32);
        System.arraycopy(arp.targetIp().getAddress(), 0, b, 38, 4);
        return b;
    }

    /** Parses an Ethernet frame holding an Ethernet/IPv4 ARP packet; empty for anything else. Never throws. */
    public static Optional<ArpPacket> parse(byte[] frame) {
        if (frame == null || frame.length < FRAME_LENGTH) {
            return Optional.empty();
        }
        int etherType = ((frame[12] & 0xff) << 8) | (frame[13] & 0xff);
        if (etherType != EthernetFrame.ETHERTYPE_ARP
                || frame[14] != 0
                || frame[15] != 1
                || frame[16] != 0x08
                || frame[17] != 0
                || frame[18] != 6
                || frame[19] != 4) {
            return Optional.empty();
        }
        int opcode = ((frame[20] & 0xff) << 8) | (frame[21] & 0xff);
        return Optional.of(new ArpPacket(
                MacAddress.fromBytes(frame, 0),
                MacAddress.fromBytes(frame, 6),
                opcode,
                MacAddress.fromBytes(frame, 22),
                Ipv4Addresses.fromBytes(frame, 28),
                MacAddress.fromBytes(frame, 32),
                Ipv4Addresses.fromBytes(frame, 38)));
    }
}
