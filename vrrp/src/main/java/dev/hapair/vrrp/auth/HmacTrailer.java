package dev.hapair.vrrp.auth;

import java.util.Arrays;
import java.util.Objects;

/**
 * The 28-byte authentication trailer keepalived 2.4.1+ appends after the VRRP message (draft-cassen-vrrp-auth-hmac;
 * keepalived's vrrp_auth_hmac.h describes the same layout). All integers are in network byte order:
 *
 * <pre>
 *  0      ext_type   1 = HMAC-SHA256 truncated to 128 bits
 *  1      key_id     which configured key verifies it (1-255)
 *  2..3   reserved   zero on send; a receiver rejects non-zero
 *  4..7   sec        UTC seconds since the epoch (low 32 bits)
 *  8..9   subsec     fraction of that second in units of 1/65536 s
 *  10..11 ctr        tie breaker within one (sec, subsec)
 *  12..27 hmac       first 16 bytes of HMAC-SHA256 (see {@link TrailerMac})
 * </pre>
 *
 * (sec, subsec, ctr) read as one 64-bit number is the sequence the anti-replay check orders with serial
 * arithmetic. Immutable.
 */
public record HmacTrailer(int extType, int keyId, int reserved, long sequence, byte[] hmac) {
    public static final int LENGTH = 28;
    /** Bytes before the HMAC field: what the HMAC covers of the trailer itself. */
    public static final int PREFIX_LENGTH = 12;

    public static final int HMAC_LENGTH = 16;
    public static final int TYPE_HMAC_SHA256_128 = 1;

    public HmacTrailer {
        Objects.requireNonNull(hmac, "hmac");
        if (hmac.length != HMAC_LENGTH) {
            throw new IllegalArgumentException("hmac must be 16 bytes: " + hmac.length);
        }
        hmac = hmac.clone();
    }

    /** Reads a trailer from 28 bytes at {@code off} (the caller has checked the length). */
    public static HmacTrailer parse(byte[] b, int off) {
        long seq = 0;
        for (int i = 4; i < PREFIX_LENGTH; i++) {
            seq = (seq << 8) | (b[off + i] & 0xff);
        }
        return new HmacTrailer(
                b[off] & 0xff,
                b[off + 1] & 0xff,
                ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff),
                seq,
                Arrays.copyOfRange(b, off + PREFIX_LENGTH, off + LENGTH));
    }

    /** The first 12 bytes with this trailer's fields (what the HMAC is computed over). */
    public static byte[] prefix(int extType, int keyId, long sequence) {
        byte[] p = new byte[PREFIX_LENGTH];
        p[0] = (byte) extType;
        p[1] = (byte) keyId;
        // p[2], p[3]: reserved, zero
        for (int i = 0; i < 8; i++) {
            p[4 + i] = (byte) (sequence >>> (56 - 8 * i));
        }
        return p;
    }

    public byte[] prefix() {
        byte[] p = prefix(extType, keyId, sequence);
        p[2] = (byte) (reserved >>> 8);
        p[3] = (byte) reserved;
        return p;
    }

    public byte[] encode() {
        byte[] out = Arrays.copyOf(prefix(), LENGTH);
        System.arraycopy(hmac, 0, out, PREFIX_LENGTH, HMAC_LENGTH);
        return out;
    }

    @Override
    public byte[] hmac() {
        return hmac.clone();
    }

    /** The seconds field (unsigned 32 bits). */
    public long seconds() {
        return sequence >>> 32;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HmacTrailer t
                && extType == t.extType
                && keyId == t.keyId
                && reserved == t.reserved
                && sequence == t.sequence
                && Arrays.equals(hmac, t.hmac);
    }

    @Override
    public int hashCode() {
        return Objects.hash(extType, keyId, reserved, sequence, Arrays.hashCode(hmac));
    }

    @Override
    public String toString() {
        return String.format("HmacTrailer[type=%d key=%d reserved=%d seq=%016x]", extType, keyId, reserved, sequence);
    }
}
