package dev.hapair.vrrp.auth;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC of a signed advert, as the draft defines its input (keepalived computes the same):
 *
 * <ol>
 *   <li>a 20-byte pseudo-header: address family (4 or 6), VRRP version, VRID, one zero byte, then the
 *       sender's IP address (IPv4: 4 bytes followed by 12 zero bytes; IPv6: 16 bytes);
 *   <li>the VRRP message (not the IP header) with its checksum field (bytes 6-7) read as zero, because for
 *       IPv6 the kernel writes the checksum after signing and for v3 it depends on the destination;
 *   <li>the first 12 bytes of the trailer;
 *   <li>16 zero bytes in place of the HMAC field.
 * </ol>
 *
 * The result is HMAC-SHA256 (RFC 2104) truncated to its first 16 bytes. The destination address is not
 * covered, so one signature serves every unicast peer. Pure and thread-safe.
 */
public final class TrailerMac {
    public static final int PSEUDO_HEADER_LENGTH = 20;
    private static final int CHECKSUM_OFFSET = 6;

    private TrailerMac() {}

    static byte[] pseudoHeader(int version, int vrid, InetAddress source) {
        byte[] p = new byte[PSEUDO_HEADER_LENGTH];
        p[0] = (byte) (source instanceof Inet6Address ? 6 : 4);
        p[1] = (byte) version;
        p[2] = (byte) vrid;
        byte[] a = source.getAddress();
        System.arraycopy(a, 0, p, 4, a.length);
        return p;
    }

    /**
     * The 16-byte truncated HMAC of {@code pdu[off, off+len)} (the VRRP message without trailer) signed by
     * {@code source} with {@code key}, for a trailer whose first 12 bytes are {@code trailerPrefix}.
     */
    public static byte[] compute(
            byte[] key, int version, int vrid, InetAddress source, byte[] pdu, int off, int len, byte[] trailerPrefix) {
        if (len < CHECKSUM_OFFSET + 2 || trailerPrefix.length != HmacTrailer.PREFIX_LENGTH) {
            throw new IllegalArgumentException("VRRP message of " + len + " bytes cannot be signed");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(pseudoHeader(version, vrid, source));
            mac.update(pdu, off, CHECKSUM_OFFSET);
            mac.update(new byte[2]);
            mac.update(pdu, off + CHECKSUM_OFFSET + 2, len - CHECKSUM_OFFSET - 2);
            mac.update(trailerPrefix);
            mac.update(new byte[HmacTrailer.HMAC_LENGTH]);
            return Arrays.copyOf(mac.doFinal(), HmacTrailer.HMAC_LENGTH);
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is a mandatory JCA algorithm: this cannot happen on a conforming JVM
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
