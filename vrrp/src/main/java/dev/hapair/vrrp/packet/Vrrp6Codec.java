package dev.hapair.vrrp.packet;

import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes VRRPv3 adverts over IPv6 (RFC 5798 sections 5.1.2 and 5.2): the checksum always covers
 * the IPv6 pseudo-header (RFC 8200 section 8.1: source, destination, 32-bit length, next header 112), as
 * RFC 5798 section 5.2.8 requires and keepalived does. Like {@link VrrpCodec}, decoding checks only that the
 * bytes form a well-made advert and never throws. Stateless and thread-safe.
 */
public final class Vrrp6Codec {
    private static final int VERSION = 3;

    /** The VRRP message with its checksum computed for {@code source} → {@code destination}. */
    public byte[] encode(Vrrp6Advert advert, Inet6Address source, Inet6Address destination) {
        require(advert.vrid() >= 1 && advert.vrid() <= 255, "vrid must be 1..255: " + advert.vrid());
        require(advert.priority() >= 0 && advert.priority() <= 255, "priority must be 0..255: " + advert.priority());
        require(
                advert.advertIntervalCentis() >= 1
                        && advert.advertIntervalCentis() <= VrrpAdvert.MAX_V3_INTERVAL_CENTIS,
                "v3 interval must be 1..4095 cs: " + advert.advertIntervalCentis());
        require(
                advert.addresses().size() <= 255,
                "at most 255 addresses: " + advert.addresses().size());
        byte[] b = new byte[advert.encodedLength()];
        b[0] = (byte) ((VERSION << 4) | VrrpAdvert.TYPE_ADVERTISEMENT);
        b[1] = (byte) advert.vrid();
        b[2] = (byte) advert.priority();
        b[3] = (byte) advert.addresses().size();
        b[4] = (byte) (advert.advertIntervalCentis() >>> 8); // the upper 4 bits (reserved) stay zero
        b[5] = (byte) advert.advertIntervalCentis();
        int off = VrrpCodec.HEADER_LENGTH;
        for (Inet6Address a : advert.addresses()) {
            System.arraycopy(a.getAddress(), 0, b, off, Vrrp6Advert.ADDRESS_LENGTH);
            off += Vrrp6Advert.ADDRESS_LENGTH;
        }
        int sum = Checksums.ipv6(b, 0, b.length, source, destination, Checksums.IPPROTO_VRRP);
        b[6] = (byte) (sum >>> 8);
        b[7] = (byte) sum;
        return b;
    }

    /** A whole IPv6 packet: {@link Ipv6Header#forVrrp} followed by the encoded advert. */
    public byte[] encodeIpv6(Vrrp6Advert advert, Inet6Address source, Inet6Address destination) {
        byte[] msg = encode(advert, source, destination);
        byte[] ip = Ipv6Header.forVrrp(source, destination, msg.length).encode();
        byte[] out = new byte[ip.length + msg.length];
        System.arraycopy(ip, 0, out, 0, ip.length);
        System.arraycopy(msg, 0, out, ip.length, msg.length);
        return out;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * Decodes an IPv6 packet whose next header is VRRP. Bytes after the payload length (Ethernet padding) are
     * ignored; a packet with extension headers is not an advert we accept.
     */
    public Vrrp6DecodeResult decodeIpv6(byte[] p, int off, int len) {
        try {
            if (p == null || off < 0 || len < 0 || off > p.length - len) {
                return Vrrp6DecodeResult.drop(DropReason.TRUNCATED_IP_HEADER, "buffer bounds invalid");
            }
            if (len < Ipv6Header.LENGTH) {
                return Vrrp6DecodeResult.drop(DropReason.TRUNCATED_IP_HEADER, len + " bytes");
            }
            int word = u16(p, off) << 16 | u16(p, off + 2);
            int version = word >>> 28;
            if (version != 6) {
                return Vrrp6DecodeResult.drop(DropReason.BAD_IP_HEADER, "IP version " + version);
            }
            int payloadLength = u16(p, off + 4);
            if (payloadLength > len - Ipv6Header.LENGTH) {
                return Vrrp6DecodeResult.drop(
                        DropReason.BAD_IP_HEADER, "payload length " + payloadLength + " with " + len + " bytes");
            }
            int nextHeader = p[off + 6] & 0xff;
            if (nextHeader != Checksums.IPPROTO_VRRP) {
                return Vrrp6DecodeResult.drop(DropReason.NOT_VRRP_PROTOCOL, "next header " + nextHeader);
            }
            Ipv6Header ip = new Ipv6Header(
                    (word >>> 20) & 0xff,
                    word & 0xfffff,
                    payloadLength,
                    nextHeader,
                    p[off + 7] & 0xff,
                    Ipv6Header.fromBytes(p, off + 8),
                    Ipv6Header.fromBytes(p, off + 24));
            Vrrp6DecodeResult r =
                    doDecodeMessage(p, off + Ipv6Header.LENGTH, payloadLength, ip.source(), ip.destination());
            return r instanceof Vrrp6DecodeResult.Accepted a ? new Vrrp6DecodeResult.Accepted(ip, a.advert()) : r;
        } catch (RuntimeException e) {
            return Vrrp6DecodeResult.drop(DropReason.INTERNAL_ERROR, e.toString());
        }
    }

    public Vrrp6DecodeResult decodeIpv6(byte[] packet) {
        return decodeIpv6(packet, 0, packet == null ? 0 : packet.length);
    }

    /** Decodes a VRRP message alone; {@code source}/{@code destination} enter the checksum. */
    public Vrrp6DecodeResult decodeMessage(byte[] m, Inet6Address source, Inet6Address destination) {
        try {
            if (m == null) {
                return Vrrp6DecodeResult.drop(DropReason.TRUNCATED_VRRP, "null message");
            }
            return doDecodeMessage(m, 0, m.length, source, destination);
        } catch (RuntimeException e) {
            return Vrrp6DecodeResult.drop(DropReason.INTERNAL_ERROR, e.toString());
        }
    }

    private static Vrrp6DecodeResult doDecodeMessage(byte[] m, int off, int len, Inet6Address src, Inet6Address dst) {
        if (len < VrrpCodec.HEADER_LENGTH) {
            return Vrrp6DecodeResult.drop(DropReason.TRUNCATED_VRRP, len + " bytes");
        }
        int version = (m[off] & 0xff) >>> 4;
        int type = m[off] & 0x0f;
        if (version != VERSION) { // RFC 5798 defines only v3 over IPv6
            return Vrrp6DecodeResult.drop(DropReason.UNKNOWN_VERSION, "version " + version + " over IPv6");
        }
        if (type != VrrpAdvert.TYPE_ADVERTISEMENT) {
            return Vrrp6DecodeResult.drop(DropReason.BAD_TYPE, "type " + type);
        }
        int count = m[off + 3] & 0xff;
        if (len != VrrpCodec.HEADER_LENGTH + Vrrp6Advert.ADDRESS_LENGTH * count) {
            return Vrrp6DecodeResult.drop(
                    DropReason.ADDRESS_COUNT_MISMATCH, count + " IPv6 addresses in " + len + " bytes");
        }
        int intervalCentis = u16(m, off + 4) & 0x0fff;
        if (intervalCentis == 0) {
            return Vrrp6DecodeResult.drop(DropReason.BAD_INTERVAL, "advertisement interval 0");
        }
        int wireChecksum = u16(m, off + 6);
        // Over a message that carries its correct checksum, the checksum computation gives 0.
        if (Checksums.ipv6(m, off, len, src, dst, Checksums.IPPROTO_VRRP) != 0) {
            return Vrrp6DecodeResult.drop(
                    DropReason.BAD_CHECKSUM, String.format("checksum 0x%04x does not verify (v3, IPv6)", wireChecksum));
        }
        List<Inet6Address> addresses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            addresses.add(Ipv6Header.fromBytes(m, off + VrrpCodec.HEADER_LENGTH + Vrrp6Advert.ADDRESS_LENGTH * i));
        }
        return new Vrrp6DecodeResult.Accepted(
                null, new Vrrp6Advert(m[off + 1] & 0xff, m[off + 2] & 0xff, intervalCentis, wireChecksum, addresses));
    }

    private static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }
}
