package dev.hapair.vrrp.watch;

import dev.hapair.vrrp.packet.Checksums;
import dev.hapair.vrrp.packet.DecodeResult;
import dev.hapair.vrrp.packet.EthernetFrame;
import dev.hapair.vrrp.packet.GarpFrames;
import dev.hapair.vrrp.packet.Ipv4Header;
import dev.hapair.vrrp.packet.Ipv6Header;
import dev.hapair.vrrp.packet.NeighbourAdvertFrames;
import dev.hapair.vrrp.packet.Vrrp6Codec;
import dev.hapair.vrrp.packet.Vrrp6DecodeResult;
import dev.hapair.vrrp.packet.VrrpCodec;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns captured Ethernet frames (VRRP over IPv4 and IPv6, ARP) into {@link WireFrame}s with the daemon's own codec, so that what the
 * watch command and the wire tests see is exactly what a VRRP instance would accept. Never throws.
 */
public final class WireDecoder {
    private final VrrpCodec codec;
    private final Vrrp6Codec codec6 = new Vrrp6Codec();

    public WireDecoder() {
        this(new VrrpCodec());
    }

    public WireDecoder(VrrpCodec codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    public WireFrame decode(CapturedFrame captured) {
        byte[] frame = captured.data();
        Optional<EthernetFrame> eth = EthernetFrame.parse(frame);
        if (eth.isEmpty()) {
            return new WireFrame.Undecoded(captured.at(), null, frame.length + " bytes: no Ethernet header", frame);
        }
        EthernetFrame e = eth.get();
        if (e.etherType() == EthernetFrame.ETHERTYPE_ARP) {
            return GarpFrames.parse(frame)
                    .<WireFrame>map(a -> new WireFrame.Arp(captured.at(), a, frame))
                    .orElseGet(() ->
                            new WireFrame.Undecoded(captured.at(), null, "not an Ethernet/IPv4 ARP packet", frame));
        }
        if (e.etherType() != EthernetFrame.ETHERTYPE_IPV4 && e.etherType() != EthernetFrame.ETHERTYPE_IPV6) {
            return new WireFrame.Undecoded(
                    captured.at(), null, "EtherType 0x" + Integer.toHexString(e.etherType()), frame);
        }
        return decodeIp(captured, e, frame, e.etherType() == EthernetFrame.ETHERTYPE_IPV6);
    }

    /**
     * One path for both families: the protocol (IPv4) or next header (IPv6) picks the packet out, then the
     * daemon's codec of that family decides, and a drop keeps the codec's reason. IPv6 also carries the neighbour
     * advertisements. A packet too short to read the protocol goes to the codec, which says why it is short.
     */
    private WireFrame decodeIp(CapturedFrame captured, EthernetFrame e, byte[] frame, boolean ipv6) {
        byte[] ip = e.payload();
        int headerLength = ipv6 ? Ipv6Header.LENGTH : Ipv4Header.MIN_LENGTH;
        int protocol = ip.length >= headerLength ? ip[ipv6 ? 6 : 9] & 0xff : Checksums.IPPROTO_VRRP;
        if (ipv6 && protocol == NeighbourAdvertFrames.IPPROTO_ICMPV6) {
            return NeighbourAdvertFrames.parse(frame)
                    .<WireFrame>map(na -> new WireFrame.Na(captured.at(), na, (frame[0] & 1) != 0, frame))
                    .orElseGet(() -> new WireFrame.Undecoded(
                            captured.at(), null, "ICMPv6 other than a neighbour advertisement", frame));
        }
        if (protocol != Checksums.IPPROTO_VRRP) {
            return new WireFrame.Undecoded(
                    captured.at(), null, (ipv6 ? "IPv6 next header " : "IP protocol ") + protocol, frame);
        }
        if (ipv6) {
            Vrrp6DecodeResult r = codec6.decodeIpv6(ip);
            return r instanceof Vrrp6DecodeResult.Accepted a
                    ? new WireFrame.Advert6(captured.at(), e.source(), e.destination(), a.ipHeader(), a.advert(), frame)
                    : undecoded(captured, (Vrrp6DecodeResult.Dropped) r, frame);
        }
        DecodeResult r = codec.decodeIpv4(ip);
        return r instanceof DecodeResult.Accepted a
                ? new WireFrame.Advert(captured.at(), e.source(), e.destination(), a.ipHeader(), a.advert(), frame)
                : undecoded(captured, (DecodeResult.Dropped) r, frame);
    }

    private static WireFrame undecoded(CapturedFrame captured, DecodeResult.Dropped d, byte[] frame) {
        return new WireFrame.Undecoded(captured.at(), d.reason(), d.detail(), frame);
    }

    private static WireFrame undecoded(CapturedFrame captured, Vrrp6DecodeResult.Dropped d, byte[] frame) {
        return new WireFrame.Undecoded(captured.at(), d.reason(), d.detail(), frame);
    }
}
