package dev.hapair.vrrp.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.vrrp.packet.DropReason;
import dev.hapair.vrrp.packet.GarpFrames;
import dev.hapair.vrrp.packet.GoldenVectors;
import dev.hapair.vrrp.packet.Ipv4Addresses;
import dev.hapair.vrrp.packet.KeepalivedIpv6Advert;
import dev.hapair.vrrp.packet.MacAddress;
import dev.hapair.vrrp.packet.NeighbourAdvertFrames;
import dev.hapair.vrrp.packet.PcapFile;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireDecoderTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    final WireDecoder decoder = new WireDecoder();

    static List<CapturedFrame> frames(String capture) throws Exception {
        PcapFile f = PcapFile.read(GoldenVectors.dir().resolve(capture + ".pcap"));
        return f.records().stream()
                .map(r -> new CapturedFrame(Instant.ofEpochSecond(0, r.timestampNanos()), r.data()))
                .toList();
    }

    @Test
    void keepalivedV2GracefulStopDecodesAdvertsAndGratuitousArps() throws Exception {
        List<WireFrame> out = frames("vrrp-v2-graceful-stop-prio0-garp").stream()
                .map(decoder::decode)
                .toList();
        List<WireFrame.Advert> adverts = out.stream()
                .filter(WireFrame.Advert.class::isInstance)
                .map(WireFrame.Advert.class::cast)
                .toList();
        long arps = out.stream().filter(WireFrame.Arp.class::isInstance).count();
        assertEquals(
                0, out.stream().filter(WireFrame.Undecoded.class::isInstance).count(), out.toString());
        assertTrue(arps > 0, "gratuitous ARPs in the capture");
        WireFrame.Advert first = adverts.get(0);
        assertEquals(51, first.advert().vrid());
        assertEquals(2, first.advert().version());
        assertEquals("s3cr3t", first.advert().authPassword());
        assertEquals(255, first.ip().ttl());
        assertEquals(MacAddress.parse("01:00:5e:00:00:12"), first.destinationMac());
        assertTrue(adverts.stream().anyMatch(a -> a.advert().priority() == 0), "the priority-0 advert");
    }

    @Test
    void keepalivedV3CentisecondIntervalDecodes() throws Exception {
        WireFrame w = decoder.decode(frames("vrrp-v3-adv0.1-steady").get(0));
        WireFrame.Advert a = assertInstanceOf(WireFrame.Advert.class, w);
        assertEquals(3, a.advert().version());
        assertEquals(10, a.advert().advertIntervalCentis());
    }

    @Test
    void corruptedChecksumIsUndecodedWithTheCodecsReason() throws Exception {
        byte[] frame = frames("vrrp-v2-authpass-steady").get(0).data();
        frame[14 + 20 + 6] ^= 0x55;
        WireFrame.Undecoded u =
                assertInstanceOf(WireFrame.Undecoded.class, decoder.decode(new CapturedFrame(T0, frame)));
        assertEquals(DropReason.BAD_CHECKSUM, u.reason());
    }

    @Test
    void truncatedVrrpIsUndecoded() throws Exception {
        byte[] frame = frames("vrrp-v2-authpass-steady").get(0).data();
        byte[] cut = java.util.Arrays.copyOf(frame, 14 + 20 + 4);
        cut[14 + 3] = 24; // IP total length: 20 + 4
        WireFrame.Undecoded u = assertInstanceOf(WireFrame.Undecoded.class, decoder.decode(new CapturedFrame(T0, cut)));
        assertEquals(DropReason.TRUNCATED_VRRP, u.reason());
    }

    @Test
    void otherTrafficIsUndecodedWithoutReason() {
        byte[] tiny = new byte[10];
        assertNull(assertInstanceOf(WireFrame.Undecoded.class, decoder.decode(new CapturedFrame(T0, tiny)))
                .reason());
        byte[] ipv6 = new byte[60];
        ipv6[12] = (byte) 0x86;
        ipv6[13] = (byte) 0xdd;
        assertNull(assertInstanceOf(WireFrame.Undecoded.class, decoder.decode(new CapturedFrame(T0, ipv6)))
                .reason());
    }

    @Test
    void ourGarpFrameDecodesAsGratuitousArp() {
        MacAddress mac = MacAddress.parse("02:00:00:00:00:11");
        byte[] g = GarpFrames.gratuitousArp(mac, Ipv4Addresses.parse("10.0.0.100"));
        WireFrame.Arp a = assertInstanceOf(WireFrame.Arp.class, decoder.decode(new CapturedFrame(T0, g)));
        assertTrue(a.arp().isGratuitous());
        assertEquals(mac, a.arp().senderMac());
    }

    @Test
    void keepalivedIpv6AdvertDecodesWithItsIpv6Header() {
        WireFrame.Advert6 a = assertInstanceOf(
                WireFrame.Advert6.class, decoder.decode(new CapturedFrame(T0, KeepalivedIpv6Advert.frame())));
        assertEquals(62, a.advert().vrid());
        assertEquals(150, a.advert().priority());
        assertEquals(100, a.advert().advertIntervalCentis());
        assertEquals(List.of(KeepalivedIpv6Advert.VIP), a.advert().addresses());
        assertEquals(KeepalivedIpv6Advert.SOURCE, a.ip().source());
        assertEquals(255, a.ip().hopLimit());
        assertEquals(MacAddress.parse("b6:81:06:d3:8f:6e"), a.sourceMac());
    }

    @Test
    void corruptedIpv6AdvertIsUndecodedWithTheCodecsReason() {
        byte[] f = KeepalivedIpv6Advert.frame();
        f[14 + 40 + 2] ^= 1; // the priority
        WireFrame.Undecoded u = assertInstanceOf(WireFrame.Undecoded.class, decoder.decode(new CapturedFrame(T0, f)));
        assertEquals(DropReason.BAD_CHECKSUM, u.reason());
    }

    @Test
    void ourUnsolicitedNeighbourAdvertDecodesAsUnsolicited() {
        MacAddress mac = MacAddress.parse("02:00:00:00:00:11");
        byte[] f = NeighbourAdvertFrames.unsolicited(mac, KeepalivedIpv6Advert.VIP);
        WireFrame.Na n = assertInstanceOf(WireFrame.Na.class, decoder.decode(new CapturedFrame(T0, f)));
        assertTrue(n.unsolicited());
        assertEquals(KeepalivedIpv6Advert.VIP, n.na().target());
        assertEquals(mac, n.na().targetMac());
        f[f.length - 1] ^= 1; // the option's MAC: the checksum no longer verifies
        assertInstanceOf(WireFrame.Undecoded.class, decoder.decode(new CapturedFrame(T0, f)));
    }
}
