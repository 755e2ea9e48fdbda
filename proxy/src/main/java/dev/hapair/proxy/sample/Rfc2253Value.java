package dev.hapair.proxy.sample;

import java.nio.charset.StandardCharsets;

/**
 * One attribute value as OpenSSL prints it with {@code ASN1_STRFLGS_RFC2253} (HAProxy's {@code rfc2253} DN
 * format): the string read by its ASN.1 type (a UTF8String byte by byte, BMPString and UniversalString as
 * code points, the 8-bit types as Latin-1), as UTF-8; every byte above 0x7F and every control byte as
 * {@code \XX}; {@code , + " \ < > ;} behind a backslash, and so are a leading {@code #} or space and a
 * trailing space (a one-character value counts only as trailing, as OpenSSL's loop does); types without a
 * string reading as {@code #} and the value's DER in hex.
 */
final class Rfc2253Value {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private Rfc2253Value() {}

    /**
     * @return the printed value, or null where OpenSSL's printing fails (a BMPString of odd length, a
     *     UniversalString whose length is not a multiple of four or that holds a value beyond Unicode)
     */
    static String of(int tag, byte[] content, byte[] der) {
        int width = width(tag);
        if (width < 0) {
            return dump(der);
        }
        if (width > 1 && content.length % width != 0) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < content.length; i += Math.max(width, 1)) {
            boolean first = i == 0;
            boolean last = i + Math.max(width, 1) >= content.length;
            if (width <= 1) {
                int c = content[i] & 0xFF;
                if (width == 1 && c > 0x7F) {
                    utf8(c, out); // an 8-bit string's byte is a Latin-1 character, printed in UTF-8
                } else {
                    escape(c, first, last, out);
                }
            } else {
                long c = 0;
                for (int k = 0; k < width; k++) {
                    c = (c << 8) | (content[i + k] & 0xFF);
                }
                if (c > 0x10FFFF) {
                    return null;
                }
                if (c < 0x80) {
                    escape((int) c, first, last, out);
                } else if (c < 0xD800 || c > 0xDFFF) {
                    utf8((int) c, out);
                } // a surrogate code point has no UTF-8 form: OpenSSL prints nothing for it
            }
        }
        return out.toString();
    }

    /** {@code #} and the DER encoding in upper-case hex: a value OpenSSL does not read as a string. */
    static String dump(byte[] der) {
        StringBuilder sb = new StringBuilder(1 + 2 * der.length).append('#');
        for (byte b : der) {
            sb.append((char) HEX[(b >> 4) & 0xF]).append((char) HEX[b & 0xF]);
        }
        return sb.toString();
    }

    /**
     * Bytes per character of the string types OpenSSL prints: 0 for UTF8String (read byte by byte, not
     * re-encoded), 1 for the 8-bit types, 2 for BMPString, 4 for UniversalString; -1 for the rest (dumped).
     */
    private static int width(int tag) {
        return switch (tag) {
            case 0x0C -> 0; // UTF8String
            case 0x12,
                    0x13,
                    0x14,
                    0x16,
                    0x17,
                    0x18,
                    0x1A -> 1; // Numeric, Printable, T61, IA5, UTCTime, GeneralizedTime, Visible
            case 0x1C -> 4; // UniversalString
            case 0x1E -> 2; // BMPString
            default -> -1;
        };
    }

    private static void utf8(int c, StringBuilder out) {
        byte[] b = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
        for (byte x : b) {
            hex(x & 0xFF, out); // every byte of a multi-byte sequence is above 0x7F
        }
    }

    private static void escape(int c, boolean first, boolean last, StringBuilder out) {
        if (c > 0x7F || c < 0x20 || c == 0x7F) {
            hex(c, out);
            return;
        }
        boolean special =
                switch (c) {
                    case ',', '+', '"', '\\', '<', '>', ';' -> true;
                    case '#' -> first && !last;
                    case ' ' -> first || last;
                    default -> false;
                };
        if (special) {
            out.append('\\');
        }
        out.append((char) c);
    }

    private static void hex(int c, StringBuilder out) {
        out.append('\\').append((char) HEX[c >> 4]).append((char) HEX[c & 0xF]);
    }
}
