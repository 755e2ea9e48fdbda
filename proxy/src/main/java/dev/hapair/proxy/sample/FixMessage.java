package dev.hapair.proxy.sample;

import java.util.Locale;
import java.util.Map;

/**
 * FIX (Financial Information eXchange) message checks behind the {@code fix_is_valid} and {@code
 * fix_tag_value} converters (HAProxy 2.6 configuration manual, section 7.3.1). A message is a list of
 * {@code <tag>=<value><SOH>} fields. Pure code over the bytes buffered by content inspection: every index is
 * checked against the array, nothing is allocated per byte, and a message is never read past its end.
 */
public final class FixMessage {

    /** The answer of {@link #validate}: HAProxy's FIX_VALID_MESSAGE, FIX_NEED_MORE_DATA, FIX_INVALID_MESSAGE. */
    public enum Validity {
        VALID,
        NEED_MORE_DATA,
        INVALID
    }

    static final byte DELIMITER = 0x01;
    static final int BEGIN_STRING = 8;
    static final int BODY_LENGTH = 9;
    static final int CHECK_SUM = 10;
    static final int MSG_TYPE = 35;
    static final int SENDER_COMP_ID = 49;
    static final int TARGET_COMP_ID = 56;

    /** Shorter than this cannot hold BeginString, BodyLength, MsgType and CheckSum. */
    static final int MIN_SIZE = 26;

    private static final Map<String, Integer> TAG_NAMES = Map.of(
            "beginstring", BEGIN_STRING,
            "bodylength", BODY_LENGTH,
            "checksum", CHECK_SUM,
            "msgtype", MSG_TYPE,
            "sendercompid", SENDER_COMP_ID,
            "targetcompid", TARGET_COMP_ID);

    /** The versions BeginString may name, with the highest standard tag id each defines. */
    private static final Map<String, Integer> VERSION_MAX_TAG = Map.of(
            "FIX.4.0", 140,
            "FIX.4.1", 211,
            "FIX.4.2", 446,
            "FIX.4.3", 659,
            "FIX.4.4", 956,
            // FIXT.1.1 carries every 5.0 service pack: the largest range applies
            "FIXT.1.1", 1621);

    private FixMessage() {}

    /**
     * The tag id of a {@code fix_tag_value} argument: a strictly positive integer, or one of BeginString,
     * BodyLength, MsgType, SenderCompID, TargetCompID, CheckSum (any case).
     *
     * @throws IllegalArgumentException with HAProxy's message for anything else
     */
    public static int tagId(String arg) {
        long id = decimal(arg);
        if (id > 0) {
            return (int) id;
        }
        Integer named = TAG_NAMES.get(arg.toLowerCase(Locale.ROOT));
        if (named == null) {
            throw new IllegalArgumentException("Unknown FIX tag name '" + arg + "'");
        }
        return named;
    }

    /**
     * Checks that {@code b} starts a well-formed FIX message: non-empty numeric tag ids and non-empty values,
     * BeginString first with a known version (tag ids then limited to that version's range or the user range
     * 10000-19999), BodyLength second and equal to the bytes between its field and CheckSum, MsgType third,
     * and CheckSum, three digits equal to the sum of the preceding bytes modulo 256. A message that is
     * correct so far but not finished needs more data.
     */
    public static Validity validate(byte[] b) {
        if (b.length < MIN_SIZE) {
            return Validity.NEED_MORE_DATA;
        }
        String version = null;
        int fields = 0;
        int bodyLength = 0;
        int bodyStart = -1;
        int checksum = 0;
        int pos = 0;
        while (pos < b.length) {
            // as HAProxy: the tag runs to the next '=' (a delimiter inside it makes it non-numeric), the
            // value to the next delimiter; either missing means the field is not complete yet
            int eq = indexOf(b, pos, (byte) '=');
            int end = eq < 0 ? -1 : indexOf(b, eq + 1, DELIMITER);
            if (end < 0) {
                return Validity.NEED_MORE_DATA;
            }
            if (eq == pos || eq + 1 == end) {
                return Validity.INVALID; // empty tag or empty value
            }
            long tag = decimal(b, pos, eq);
            if (tag <= 0 || (version != null && !inRange(tag, version))) {
                return Validity.INVALID;
            }
            fields++;
            if (fields == 1) {
                if (tag != BEGIN_STRING) {
                    return Validity.INVALID;
                }
                version = ascii(b, eq + 1, end);
                if (!VERSION_MAX_TAG.containsKey(version)) {
                    return Validity.INVALID;
                }
            } else if (fields == 2) {
                long len = decimal(b, eq + 1, end);
                if (tag != BODY_LENGTH || len <= 0) {
                    return Validity.INVALID;
                }
                bodyLength = (int) Math.min(len, Integer.MAX_VALUE);
                bodyStart = end + 1;
            } else if (fields == 3) {
                if (tag != MSG_TYPE) {
                    return Validity.INVALID;
                }
            } else if (tag == CHECK_SUM) {
                // the last field; neither counted in the body length nor in the sum
                if (pos - bodyStart != bodyLength || end - eq - 1 != 3) {
                    return Validity.INVALID;
                }
                long declared = decimal(b, eq + 1, end);
                return declared == checksum ? Validity.VALID : Validity.INVALID;
            }
            for (int i = pos; i <= end; i++) {
                checksum = (checksum + (b[i] & 0xFF)) & 0xFF;
            }
            pos = end + 1;
        }
        return bodyStart < 0 ? Validity.INVALID : Validity.NEED_MORE_DATA;
    }

    /** {@link #tagValue}'s answer when the fields so far are sound but the tag has not come yet. */
    public static final byte[] NEED_MORE = new byte[0];

    /**
     * The value of the first field {@code tagId} in {@code b}, scanning fields in order without validating
     * the message; null when a malformed field or CheckSum (the last field) comes first; {@link #NEED_MORE}
     * when the bytes end before the field.
     */
    public static byte[] tagValue(byte[] b, int tagId) {
        int pos = 0;
        while (pos < b.length) {
            int eq = indexOf(b, pos, (byte) '=');
            int end = eq < 0 ? -1 : indexOf(b, eq + 1, DELIMITER);
            if (end < 0) {
                return NEED_MORE;
            }
            if (eq == pos || eq + 1 == end) {
                return null;
            }
            long tag = decimal(b, pos, eq);
            if (tag <= 0) {
                return null;
            }
            if (tag == tagId) {
                return java.util.Arrays.copyOfRange(b, eq + 1, end);
            }
            if (tag == CHECK_SUM) {
                return null;
            }
            pos = end + 1;
        }
        return NEED_MORE;
    }

    private static boolean inRange(long tag, String version) {
        return (tag >= 10000 && tag <= 19999) || tag <= VERSION_MAX_TAG.get(version);
    }

    private static int indexOf(byte[] b, int from, byte x) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The unsigned decimal number in {@code b[from, to)}, or -1 when empty, not all digits or beyond 32 bits.
     * (HAProxy's parser wraps silently on overflow; hapair refuses such a field instead of aliasing it to a
     * small tag id.)
     */
    private static long decimal(byte[] b, int from, int to) {
        if (from >= to) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
            if (v > 0xFFFF_FFFFL) {
                return -1;
            }
        }
        return v;
    }

    private static long decimal(String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return decimal(b, 0, b.length);
    }

    private static String ascii(byte[] b, int from, int to) {
        return new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
