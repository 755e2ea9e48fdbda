package dev.hapair.vrrp.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.Inet6Address;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden bytes from {@link KeepalivedIpv6Advert}, plus what the codec must refuse. */
class Vrrp6CodecTest {
    static final Inet6Address SOURCE = KeepalivedIpv6Advert.SOURCE;
    static final Inet6Address VIP = KeepalivedIpv6Advert.VIP;

    static byte[] ipPacket() {
        return KeepalivedIpv6Advert.ipPacket();
    }

    private final Vrrp6Codec codec = new Vrrp6Codec();

    @Test
    void decodesKeepalivedsAdvert() {
        Vrrp6DecodeResult r = codec.decodeIpv6(ipPacket());
        assertInstanceOf(Vrrp6DecodeResult.Accepted.class, r);
        Vrrp6DecodeResult.Accepted a = (Vrrp6DecodeResult.Accepted) r;
        assertEquals(new Vrrp6Advert(62, 150, 100, 0xf014, List.of(VIP)), a.advert());
        Ipv6Header ip = a.ipHeader();
        assertEquals(255, ip.hopLimit());
        assertEquals(0xc0, ip.trafficClass());
        assertEquals(0x22efd, ip.flowLabel());
        assertEquals(24, ip.payloadLength());
        assertEquals(SOURCE, ip.source());
        assertEquals(Ipv6Header.VRRP_MULTICAST, ip.destination());
    }

    @Test
    void encodesTheSameBytesAndChecksumAsKeepalived() {
        byte[] packet = ipPacket();
        byte[] msg = codec.encode(Vrrp6Advert.of(62, 150, 100, List.of(VIP)), SOURCE, Ipv6Header.VRRP_MULTICAST);
        assertEquals(
                HexFormat.of().formatHex(Arrays.copyOfRange(packet, 40, packet.length)),
                HexFormat.of().formatHex(msg));
        assertEquals(0xf0, msg[6] & 0xff);
        assertEquals(0x14, msg[7] & 0xff);
        // the whole packet differs from keepalived's only in the flow label, which we leave zero
        byte[] ours = codec.encodeIpv6(Vrrp6Advert.of(62, 150, 100, List.of(VIP)), SOURCE, Ipv6Header.VRRP_MULTICAST);
        byte[] theirs = packet.clone();
        theirs[1] = (byte) (theirs[1] & 0xf0);
        theirs[2] = 0;
        theirs[3] = 0;
        assertEquals(HexFormat.of().formatHex(theirs), HexFormat.of().formatHex(ours));
    }

    @Test
    void theChecksumCoversThePseudoHeader() {
        byte[] p = ipPacket();
        p[23] ^= 1; // one bit of the source address: the VRRP bytes are unchanged
        assertEquals(
                new Vrrp6DecodeResult.Dropped(DropReason.BAD_CHECKSUM, "checksum 0xf014 does not verify (v3, IPv6)"),
                codec.decodeIpv6(p));
        byte[] q = ipPacket();
        q[42] ^= 1; // the priority
        assertEquals(DropReason.BAD_CHECKSUM, ((Vrrp6DecodeResult.Dropped) codec.decodeIpv6(q)).reason());
    }

    @Test
    void roundTripsSeveralAddressesAndZeroPriority() {
        Vrrp6Advert a = Vrrp6Advert.of(
                7, 0, 4095, List.of(Ipv6Header.parse("fe80::1"), VIP, Ipv6Header.parse("::ffff:10.0.0.1")));
        byte[] packet = codec.encodeIpv6(a, SOURCE, Ipv6Header.VRRP_MULTICAST);
        Vrrp6DecodeResult.Accepted r = (Vrrp6DecodeResult.Accepted) codec.decodeIpv6(packet);
        assertEquals(a, r.advert().withoutChecksum());
        assertInstanceOf(Inet6Address.class, r.advert().addresses().get(2));
    }

    @Test
    void dropsWhatIsNotAWellMadeAdvert() {
        assertEquals(DropReason.TRUNCATED_IP_HEADER, reason(Arrays.copyOf(ipPacket(), 39)));
        byte[] v4 = ipPacket();
        v4[0] = 0x45;
        assertEquals(DropReason.BAD_IP_HEADER, reason(v4));
        assertEquals(DropReason.BAD_IP_HEADER, reason(Arrays.copyOf(ipPacket(), 63)));
        byte[] hopByHop = ipPacket();
        hopByHop[6] = 0;
        assertEquals(DropReason.NOT_VRRP_PROTOCOL, reason(hopByHop));
        byte[] v2 = ipPacket();
        v2[40] = 0x21;
        assertEquals(DropReason.UNKNOWN_VERSION, reason(v2));
        byte[] type2 = ipPacket();
        type2[40] = 0x32;
        assertEquals(DropReason.BAD_TYPE, reason(type2));
        byte[] twoAddresses = ipPacket();
        twoAddresses[43] = 2;
        assertEquals(DropReason.ADDRESS_COUNT_MISMATCH, reason(twoAddresses));
        byte[] zeroInterval = ipPacket();
        zeroInterval[44] = 0;
        zeroInterval[45] = 0;
        assertEquals(DropReason.BAD_INTERVAL, reason(zeroInterval));
        assertEquals(DropReason.TRUNCATED_IP_HEADER, reason(null));
    }

    @Test
    void ignoresEthernetPaddingAfterThePayload() {
        byte[] padded = Arrays.copyOf(ipPacket(), 64 + 10);
        assertInstanceOf(Vrrp6DecodeResult.Accepted.class, codec.decodeIpv6(padded));
    }

    @Test
    void refusesToEncodeFieldsThatDoNotFit() {
        assertThrows(
                IllegalArgumentException.class,
                () -> codec.encode(Vrrp6Advert.of(0, 100, 100, List.of()), SOURCE, SOURCE));
        assertThrows(
                IllegalArgumentException.class,
                () -> codec.encode(Vrrp6Advert.of(1, 100, 4096, List.of()), SOURCE, SOURCE));
    }

    private DropReason reason(byte[] p) {
        Vrrp6DecodeResult r = codec.decodeIpv6(p);
        assertInstanceOf(Vrrp6DecodeResult.Dropped.class, r);
        return ((Vrrp6DecodeResult.Dropped) r).reason();
    }
}
