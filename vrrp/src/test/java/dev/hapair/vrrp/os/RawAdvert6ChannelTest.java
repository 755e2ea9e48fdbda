package dev.hapair.vrrp.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hapair.vrrp.packet.Ipv6Header;
import dev.hapair.vrrp.packet.KeepalivedIpv6Advert;
import dev.hapair.vrrp.packet.Vrrp6Codec;
import dev.hapair.vrrp.packet.Vrrp6DecodeResult;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The pure parts of the IPv6 advert channel: reading recvmsg's control messages (hop limit, destination), and
 * rebuilding the IPv6 header a raw IPv6 socket strips, so the decoder sees keepalived's packet again.
 */
class RawAdvert6ChannelTest {
    /** struct cmsghdr (LP64) + data, padded to 8 bytes. */
    static byte[] cmsg(int level, int type, byte[] data) {
        int len = 16 + data.length;
        ByteBuffer b = ByteBuffer.allocate((len + 7) & ~7).order(ByteOrder.nativeOrder());
        b.putLong(len).putInt(level).putInt(type).put(data);
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        byte[] out = new byte[0];
        for (byte[] p : parts) {
            int at = out.length;
            out = Arrays.copyOf(out, at + p.length);
            System.arraycopy(p, 0, out, at, p.length);
        }
        return out;
    }

    @Test
    void hopLimitAndDestinationComeFromTheControlMessages() {
        byte[] pktinfo = ByteBuffer.allocate(20)
                .order(ByteOrder.nativeOrder())
                .put(Ipv6Header.VRRP_MULTICAST.getAddress())
                .putInt(2)
                .array();
        byte[] hops = ByteBuffer.allocate(4)
                .order(ByteOrder.nativeOrder())
                .putInt(255)
                .array();
        byte[] control = concat(
                cmsg(Linux.IPPROTO_IPV6, Linux.IPV6_PKTINFO, pktinfo),
                cmsg(Linux.IPPROTO_IPV6, Linux.IPV6_HOPLIMIT, hops));
        var a = RawAdvert6Channel.Ancillary.parse(control);
        assertEquals(255, a.hopLimit());
        assertEquals(Ipv6Header.VRRP_MULTICAST, a.destination());
    }

    @Test
    void missingOrTruncatedControlMessagesGiveHopLimitZero() {
        var none = RawAdvert6Channel.Ancillary.parse(new byte[0]);
        assertEquals(0, none.hopLimit(), "the filter drops hop limit 0");
        assertNull(none.destination());
        byte[] bad = cmsg(Linux.IPPROTO_IPV6, Linux.IPV6_HOPLIMIT, new byte[] {(byte) 255, 0, 0, 0});
        ByteBuffer.wrap(bad).order(ByteOrder.nativeOrder()).putLong(0, 999); // cmsg_len beyond the buffer
        assertEquals(0, RawAdvert6Channel.Ancillary.parse(bad).hopLimit());
    }

    @Test
    void theRebuiltHeaderMakesKeepalivedsPayloadDecodeAsItsPacket() {
        byte[] wire = KeepalivedIpv6Advert.ipPacket();
        byte[] payload = Arrays.copyOfRange(wire, Ipv6Header.LENGTH, wire.length);
        byte[] rebuilt =
                RawAdvert6Channel.withHeader(payload, KeepalivedIpv6Advert.SOURCE, Ipv6Header.VRRP_MULTICAST, 255);
        var a = (Vrrp6DecodeResult.Accepted) new Vrrp6Codec().decodeIpv6(rebuilt);
        assertEquals(KeepalivedIpv6Advert.SOURCE, a.ipHeader().source());
        assertEquals(255, a.ipHeader().hopLimit());
        assertEquals(62, a.advert().vrid());
        assertEquals(150, a.advert().priority());
        // without the destination the pseudo-header checksum cannot verify: such a packet is never accepted
        byte[] noDestination = RawAdvert6Channel.withHeader(payload, KeepalivedIpv6Advert.SOURCE, null, 255);
        assertEquals(
                Vrrp6DecodeResult.Dropped.class,
                new Vrrp6Codec().decodeIpv6(noDestination).getClass());
    }
}
