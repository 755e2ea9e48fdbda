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
        if (e.etherType() == EthernetFrame.ETHERTYPE_IPV6) {
            return decodeIpv6(captured, e, frame);
        }
        if (e.etherType() != EthernetFrame.ETHERTYPE_IPV4) {
            return new WireFrame.Undecoded(
                    captured.at(), null, "EtherType 0x" + Integer.toHexString(e.etherType()), frame);
        }
        byte[] ip = e.payload();
        if (ip.length >= Ipv4Header.MIN_LENGTH && (ip[9] & 0xff) != Checksums.IPPROTO_VRRP) {
            return new WireFrame.Undecoded(captured.at(), null, "IP protocol " + (ip[9] & 0xff), frame);
        }
        DecodeResult r = codec.decodeIpv4(ip);
        if (r instanceof DecodeResult.Accepted a) {
            return new WireFrame.Advert(captured.at(), e.source(), e.destination(), a.ipHeader(), a.advert(), frame);
        }
        DecodeResult.Dropped d = (DecodeResult.Dropped) r;
        return new WireFrame.Undecoded(captured.at(), d.reason(), d.detail(), frame);
    }

    private WireFrame decodeIpv6(CapturedFrame captured, EthernetFrame e, byte[] frame) {
        byte[] ip = e.payload();
        if (ip.length >= Ipv6Header.LENGTH && ip[6] == NeighbourAdvertFrames.IPPROTO_ICMPV6) {
            return NeighbourAdvertFrames.parse(frame)
                    .<WireFrame>map(na -> new WireFrame.Na(captured.at(), na, (frame[0] & 1) != 0, frame))
                    .orElseGet(() -> new WireFrame.Undecoded(
                            captured.at(), null, "ICMPv6 other than a neighbour advertisement", frame));
        }
        if (ip.length >= Ipv6Header.LENGTH && (ip[6] & 0xff) != Checksums.IPPROTO_VRRP) {
            return new WireFrame.Undecoded(captured.at(), null, "IPv6 next header " + (ip[6] & 0xff), frame);
        }
        Vrrp6DecodeResult r = codec6.decodeIpv6(ip);
        if (r instanceof Vrrp6DecodeResult.Accepted a) {
            return new WireFrame.Advert6(captured.at(), e.source(), e.destination(), a.ipHeader(), a.advert(), frame);
        }
        Vrrp6DecodeResult.Dropped d = (Vrrp6DecodeResult.Dropped) r;
        return new WireFrame.Undecoded(captured.at(), d.reason(), d.detail(), frame);
    }
}
