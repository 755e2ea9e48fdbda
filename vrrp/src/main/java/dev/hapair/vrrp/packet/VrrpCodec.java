package dev.hapair.vrrp.packet;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Encodes and decodes VRRP messages (RFC 3768 section 5.3, RFC 5798 section 5.2) and whole IPv4 packets as a
 * raw socket returns them. Decoding only checks that the bytes form a well-made advert (length, version,
 * type, address count, checksum); whether the advert is acceptable to an instance is {@link AdvertFilter}'s
 * job. Decoding never throws: every rejection is a {@link DecodeResult.Dropped} with a {@link DropReason}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class VrrpCodec {
    static final int HEADER_LENGTH = 8;
    /** keepalived 2.4's auth_hmac trailer (see dev.hapair.vrrp.auth.HmacTrailer). */
    public static final int AUTH_TRAILER_LENGTH = 28;

    private final V3ChecksumMode v3ChecksumMode;

    /** A codec using RFC 5798's pseudo-header checksum for v3 (keepalived's default). */
    public VrrpCodec() {
        this(V3ChecksumMode.PSEUDO_HEADER);
    }

    public VrrpCodec(V3ChecksumMode v3ChecksumMode) {
        this.v3ChecksumMode = Objects.requireNonNull(v3ChecksumMode, "v3ChecksumMode");
    }

    public V3ChecksumMode v3ChecksumMode() {
        return v3ChecksumMode;
    }

    // ------------------------------------------------------------------ encode

    /**
     * Encodes the VRRP message with its checksum computed (the advert's {@code checksum} is ignored).
     * {@code source} and {@code destination} are the IP addresses the message will travel with; they enter the
     * v3 pseudo-header checksum and are ignored for v2 (may then be null).
     *
     * @throws IllegalArgumentException if a field does not fit its wire format
     */
    public byte[] encode(VrrpAdvert advert, Inet4Address source, Inet4Address destination) {
        validateForEncode(advert);
        byte[] b = new byte[advert.encodedLength()];
        int count = advert.addresses().size();
        b[0] = (byte) ((advert.version() << 4) | advert.type());
        b[1] = (byte) advert.vrid();
        b[2] = (byte) advert.priority();
        b[3] = (byte) count;
        if (advert.version() == 2) {
            b[4] = (byte) advert.authType();
            b[5] = (byte) advert.advertIntervalSeconds();
        } else {
            int intvl = advert.advertIntervalCentis();
            b[4] = (byte) (intvl >>> 8); // upper 4 bits are the reserved field: sent as zero
            b[5] = (byte) intvl;
        }
        int off = HEADER_LENGTH;
        for (Inet4Address a : advert.addresses()) {
            System.arraycopy(a.getAddress(), 0, b, off, 4);
            off += 4;
        }
        if (advert.version() == 2) {
            System.arraycopy(advert.authData(), 0, b, off, VrrpAdvert.AUTH_DATA_LENGTH);
        }
        int sum = checksum(advert.version(), b, 0, b.length, source, destination);
        b[6] = (byte) (sum >>> 8);
        b[7] = (byte) sum;
        return b;
    }

    /** The checksum {@link #encode} would put into this advert. */
    public int checksum(VrrpAdvert advert, Inet4Address source, Inet4Address destination) {
        byte[] b = encode(advert, source, destination);
        return ((b[6] & 0xff) << 8) | (b[7] & 0xff);
    }

    /** An IPv4 packet: the header from {@link Ipv4Header#forVrrp} followed by the encoded advert. */
    public byte[] encodeIpv4(VrrpAdvert advert, Inet4Address source, Inet4Address destination, int ipId) {
        byte[] msg = encode(advert, source, destination);
        byte[] ip = Ipv4Header.forVrrp(source, destination, ipId, msg.length).encode();
        byte[] out = new byte[ip.length + msg.length];
        System.arraycopy(ip, 0, out, 0, ip.length);
        System.arraycopy(msg, 0, out, ip.length, msg.length);
        return out;
    }

    private static void validateForEncode(VrrpAdvert a) {
        require(a.version() == 2 || a.version() == 3, "version must be 2 or 3: " + a.version());
        require(a.type() >= 0 && a.type() <= 15, "type must fit 4 bits: " + a.type());
        require(a.vrid() >= 1 && a.vrid() <= 255, "vrid must be 1..255: " + a.vrid());
        require(a.priority() >= 0 && a.priority() <= 255, "priority must be 0..255: " + a.priority());
        require(
                a.addresses().size() <= 255,
                "at most 255 addresses: " + a.addresses().size());
        if (a.version() == 2) {
            require(
                    a.advertIntervalCentis() % 100 == 0,
                    "v2 interval must be whole seconds: " + a.advertIntervalCentis() + " cs");
            require(
                    a.advertIntervalSeconds() >= 1 && a.advertIntervalSeconds() <= 255,
                    "v2 interval must be 1..255 s: " + a.advertIntervalSeconds());
            require(a.authType() >= 0 && a.authType() <= 255, "auth type must be 0..255: " + a.authType());
            require(a.authData().length == VrrpAdvert.AUTH_DATA_LENGTH, "v2 auth data must be 8 bytes");
        } else {
            require(
                    a.advertIntervalCentis() >= 1 && a.advertIntervalCentis() <= VrrpAdvert.MAX_V3_INTERVAL_CENTIS,
                    "v3 interval must be 1..4095 cs: " + a.advertIntervalCentis());
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** One's-complement sum over the message (and the pseudo-header when v3 uses it), not complemented. */
    private int sum(int version, byte[] msg, int off, int len, Inet4Address src, Inet4Address dst) {
        if (version == 3 && v3ChecksumMode == V3ChecksumMode.PSEUDO_HEADER) {
            if (src == null || dst == null) {
                throw new IllegalArgumentException("v3 pseudo-header checksum needs source and destination");
            }
            return Checksums.sum(msg, off, len, Checksums.pseudoHeaderSum(src, dst, len));
        }
        return Checksums.sum(msg, off, len, 0);
    }

    /** The checksum of a message whose checksum field is zero. */
    private int checksum(int version, byte[] msg, int off, int len, Inet4Address src, Inet4Address dst) {
        return ~sum(version, msg, off, len, src, dst) & 0xffff;
    }

    // ------------------------------------------------------------------ decode

    /** {@link #decodeIpv4(byte[], int, int)} over the whole array. */
    public DecodeResult decodeIpv4(byte[] packet) {
        if (packet == null) {
            return DecodeResult.drop(DropReason.TRUNCATED_IP_HEADER, "null packet");
        }
        return decodeIpv4(packet, 0, packet.length);
    }

    /**
     * Decodes an IPv4 packet carrying VRRP, as read from a raw IPPROTO_VRRP socket (header included). Bytes
     * after the IP total length (Ethernet padding) are ignored.
     */
    public DecodeResult decodeIpv4(byte[] packet, int off, int len) {
        try {
            return doDecodeIpv4(packet, off, len);
        } catch (RuntimeException e) {
            return DecodeResult.drop(DropReason.INTERNAL_ERROR, e.toString());
        }
    }

    private DecodeResult doDecodeIpv4(byte[] p, int off, int len) {
        if (p == null || off < 0 || len < 0 || off > p.length - len) {
            return DecodeResult.drop(DropReason.TRUNCATED_IP_HEADER, "buffer bounds invalid");
        }
        if (len < Ipv4Header.MIN_LENGTH) {
            return DecodeResult.drop(DropReason.TRUNCATED_IP_HEADER, len + " bytes");
        }
        int version = (p[off] & 0xff) >>> 4;
        int ihl = p[off] & 0x0f;
        if (version != 4) {
            return DecodeResult.drop(DropReason.BAD_IP_HEADER, "IP version " + version);
        }
        if (ihl < 5 || ihl * 4 > len) {
            return DecodeResult.drop(DropReason.BAD_IP_HEADER, "IHL " + ihl + " with " + len + " bytes");
        }
        int totalLength = u16(p, off + 2);
        if (totalLength < ihl * 4 || totalLength > len) {
            return DecodeResult.drop(
                    DropReason.BAD_IP_HEADER,
                    "total length " + totalLength + " with " + len + " bytes, header " + ihl * 4);
        }
        int flagsFrag = u16(p, off + 6);
        if ((flagsFrag & 0x3fff) != 0) { // MF set or a non-zero offset
            return DecodeResult.drop(DropReason.IP_FRAGMENT, "flags/offset 0x" + Integer.toHexString(flagsFrag));
        }
        int protocol = p[off + 9] & 0xff;
        if (protocol != Checksums.IPPROTO_VRRP) {
            return DecodeResult.drop(DropReason.NOT_VRRP_PROTOCOL, "protocol " + protocol);
        }
        Ipv4Header ip = new Ipv4Header(
                ihl,
                p[off + 1] & 0xff,
                totalLength,
                u16(p, off + 4),
                flagsFrag,
                p[off + 8] & 0xff,
                protocol,
                u16(p, off + 10),
                Ipv4Addresses.fromBytes(p, off + 12),
                Ipv4Addresses.fromBytes(p, off + 16));
        DecodeResult r = doDecodeMessage(p, off + ihl * 4, totalLength - ihl * 4, ip.source(), ip.destination());
        if (r instanceof DecodeResult.Accepted a) {
            return new DecodeResult.Accepted(ip, a.advert(), a.signed());
        }
        return r;
    }

    /**
     * Decodes a VRRP message alone. {@code source}/{@code destination} are the IP addresses it came with,
     * needed to verify a v3 pseudo-header checksum.
     */
    public DecodeResult decodeMessage(byte[] msg, int off, int len, Inet4Address source, Inet4Address destination) {
        try {
            if (msg == null || off < 0 || len < 0 || off > msg.length - len) {
                return DecodeResult.drop(DropReason.TRUNCATED_VRRP, "buffer bounds invalid");
            }
            return doDecodeMessage(msg, off, len, source, destination);
        } catch (RuntimeException e) {
            return DecodeResult.drop(DropReason.INTERNAL_ERROR, e.toString());
        }
    }

    public DecodeResult decodeMessage(byte[] msg, Inet4Address source, Inet4Address destination) {
        return decodeMessage(msg, 0, msg == null ? 0 : msg.length, source, destination);
    }

    private DecodeResult doDecodeMessage(byte[] m, int off, int len, Inet4Address src, Inet4Address dst) {
        if (len < HEADER_LENGTH) {
            return DecodeResult.drop(DropReason.TRUNCATED_VRRP, len + " bytes");
        }
        int version = (m[off] & 0xff) >>> 4;
        int type = m[off] & 0x0f;
        if (version != 2 && version != 3) {
            return DecodeResult.drop(DropReason.UNKNOWN_VERSION, "version " + version);
        }
        if (type != VrrpAdvert.TYPE_ADVERTISEMENT) {
            return DecodeResult.drop(DropReason.BAD_TYPE, "type " + type);
        }
        int count = m[off + 3] & 0xff;
        int withoutAuth = HEADER_LENGTH + 4 * count;
        int messageLength = withoutAuth + (version == 2 ? VrrpAdvert.AUTH_DATA_LENGTH : 0);
        // keepalived 2.4's auth_hmac trailer follows the message and is recognised by its exact length; the
        // VRRP checksum covers the message only. Whether a trailer is wanted is the instance's decision.
        byte[] trailer = null;
        if (len == messageLength + AUTH_TRAILER_LENGTH) {
            trailer = java.util.Arrays.copyOfRange(m, off + messageLength, off + len);
            len = messageLength;
        }
        if (version == 2) {
            if (len == withoutAuth) {
                return DecodeResult.drop(DropReason.MISSING_AUTH_DATA, count + " addresses, no auth bytes");
            }
            if (len != withoutAuth + VrrpAdvert.AUTH_DATA_LENGTH) {
                return DecodeResult.drop(DropReason.ADDRESS_COUNT_MISMATCH, count + " addresses in " + len + " bytes");
            }
        } else if (len != withoutAuth) {
            return DecodeResult.drop(DropReason.ADDRESS_COUNT_MISMATCH, count + " addresses in " + len + " bytes");
        }
        int intervalCentis = version == 2 ? (m[off + 5] & 0xff) * 100 : u16(m, off + 4) & 0x0fff;
        if (intervalCentis == 0) {
            return DecodeResult.drop(DropReason.BAD_INTERVAL, "advertisement interval 0");
        }
        int wireChecksum = u16(m, off + 6);
        if (version == 3 && v3ChecksumMode == V3ChecksumMode.PSEUDO_HEADER && (src == null || dst == null)) {
            return DecodeResult.drop(DropReason.BAD_CHECKSUM, "no IP addresses to verify the v3 checksum");
        }
        // Summing a message that carries a correct checksum gives 0xffff; the buffer is never modified.
        if (sum(version, m, off, len, src, dst) != 0xffff) {
            return DecodeResult.drop(
                    DropReason.BAD_CHECKSUM,
                    String.format("checksum 0x%04x does not verify (v%d)", wireChecksum, version));
        }
        List<Inet4Address> addresses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            addresses.add(Ipv4Addresses.fromBytes(m, off + HEADER_LENGTH + 4 * i));
        }
        byte[] auth = new byte[0];
        int authType = VrrpAdvert.AUTH_NONE;
        if (version == 2) {
            authType = m[off + 4] & 0xff;
            auth = new byte[VrrpAdvert.AUTH_DATA_LENGTH];
            System.arraycopy(m, off + withoutAuth, auth, 0, VrrpAdvert.AUTH_DATA_LENGTH);
        }
        VrrpAdvert advert = new VrrpAdvert(
                version,
                type,
                m[off + 1] & 0xff,
                m[off + 2] & 0xff,
                authType,
                auth,
                intervalCentis,
                wireChecksum,
                addresses);
        DecodeResult.Signed signed = trailer == null
                ? null
                : new DecodeResult.Signed(java.util.Arrays.copyOfRange(m, off, off + len), trailer);
        return new DecodeResult.Accepted(null, advert, signed);
    }

    private static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }
}
