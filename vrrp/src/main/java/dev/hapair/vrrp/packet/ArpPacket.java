package dev.hapair.vrrp.packet;

import java.net.Inet4Address;
import java.util.Objects;

/**
 * An Ethernet/IPv4 ARP packet (RFC 826) inside its Ethernet frame: hardware type 1, protocol 0x0800,
 * lengths 6 and 4.
 */
public record ArpPacket(
        MacAddress ethDestination,
        MacAddress ethSource,
        int opcode,
        MacAddress senderMac,
        Inet4Address senderIp,
        MacAddress targetMac,
        Inet4Address targetIp) {
    public static final int OP_REQUEST = 1;
    public static final int OP_REPLY = 2;

    public ArpPacket {
        Objects.requireNonNull(ethDestination, "ethDestination");
        Objects.requireNonNull(ethSource, "ethSource");
        Objects.requireNonNull(senderMac, "senderMac");
        Objects.requireNonNull(senderIp, "senderIp");
        Objects.requireNonNull(targetMac, "targetMac");
        Objects.requireNonNull(targetIp, "targetIp");
    }

    /** A gratuitous ARP announces its sender: sender IP = target IP. */
    public boolean isGratuitous() {
        return senderIp.equals(targetIp);
    }
}
