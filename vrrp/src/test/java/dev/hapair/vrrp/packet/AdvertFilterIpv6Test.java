package dev.hapair.vrrp.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.Inet6Address;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The IPv6 receive path: the same RFC 5798 section 7.1 checks as over IPv4, with the hop limit (which the
 * channel reports from IPV6_HOPLIMIT) in place of the TTL. Each crafted packet is dropped for exactly its reason.
 */
class AdvertFilterIpv6Test {
    static final Inet6Address PEER = Ipv6Header.parse("fe80::12");
    static final Inet6Address SELF = Ipv6Header.parse("fe80::11");
    static final Inet6Address VIP = Ipv6Header.parse("fd00:213::100");
    static final Inet6Address VIP2 = Ipv6Header.parse("fd00:213::101");

    final DropCounters counters = new DropCounters();
    final AdvertFilter filter = new AdvertFilter(
            ReceivePolicy.v3(62, 100, Set.of(VIP)).withLocalAddresses(Set.of(SELF)), new VrrpCodec(), counters);

    static byte[] packet(Inet6Address source, int hopLimit, Vrrp6Advert advert) {
        byte[] msg = new Vrrp6Codec().encode(advert, source, Ipv6Header.VRRP_MULTICAST);
        byte[] ip = new Ipv6Header(0xc0, 0, msg.length, 112, hopLimit, source, Ipv6Header.VRRP_MULTICAST).encode();
        byte[] out = new byte[ip.length + msg.length];
        System.arraycopy(ip, 0, out, 0, ip.length);
        System.arraycopy(msg, 0, out, ip.length, msg.length);
        return out;
    }

    static Vrrp6Advert advert(int vrid, List<Inet6Address> vips) {
        return Vrrp6Advert.of(vrid, 150, 100, vips);
    }

    DropReason dropped(byte[] packet) {
        return assertInstanceOf(Vrrp6DecodeResult.Dropped.class, filter.receive6(packet))
                .reason();
    }

    @Test
    void acceptsKeepalivedsGoldenAdvertForItsInstance() {
        AdvertFilter k = new AdvertFilter(
                ReceivePolicy.v3(62, 100, Set.of(Ipv6Header.parse("fd00:213:52::100"))), new VrrpCodec(), counters);
        var a = assertInstanceOf(Vrrp6DecodeResult.Accepted.class, k.receive6(KeepalivedIpv6Advert.ipPacket()));
        assertEquals(150, a.advert().priority());
        assertEquals(1, counters.accepted());
    }

    @Test
    void acceptsAMatchingAdvert() {
        var a = assertInstanceOf(
                Vrrp6DecodeResult.Accepted.class, filter.receive6(packet(PEER, 255, advert(62, List.of(VIP)))));
        assertEquals(PEER, a.ipHeader().source());
    }

    @Test
    void hopLimitOtherThan255IsDropped() {
        assertEquals(DropReason.BAD_TTL, dropped(packet(PEER, 254, advert(62, List.of(VIP)))));
        assertEquals(DropReason.BAD_TTL, dropped(packet(PEER, 0, advert(62, List.of(VIP)))), "hop limit not reported");
    }

    @Test
    void otherVridOwnAdvertVipSetAndChecksumAreDropped() {
        assertEquals(DropReason.VRID_MISMATCH, dropped(packet(PEER, 255, advert(63, List.of(VIP)))));
        assertEquals(DropReason.OWN_ADVERT, dropped(packet(SELF, 255, advert(62, List.of(VIP)))));
        assertEquals(DropReason.VIP_SET_MISMATCH, dropped(packet(PEER, 255, advert(62, List.of(VIP, VIP2)))));
        assertEquals(DropReason.VIP_SET_MISMATCH, dropped(packet(PEER, 255, advert(62, List.of(VIP, VIP)))));
        byte[] p = packet(PEER, 255, advert(62, List.of(VIP)));
        p[Ipv6Header.LENGTH + 2] ^= 1; // priority changed in flight: the checksum no longer verifies
        assertEquals(DropReason.BAD_CHECKSUM, dropped(p));
        assertEquals(5, counters.totalDropped());
    }

    @Test
    void aV2InstanceTakesNoIpv6Advert() {
        AdvertFilter v2 = new AdvertFilter(
                ReceivePolicy.v2(62, VrrpAdvert.AUTH_NONE, new byte[0], 1, Set.of(VIP)), new VrrpCodec(), counters);
        assertEquals(
                DropReason.VERSION_MISMATCH,
                assertInstanceOf(
                                Vrrp6DecodeResult.Dropped.class,
                                v2.receive6(packet(PEER, 255, advert(62, List.of(VIP)))))
                        .reason());
    }
}
