package dev.hapair.proxy.sample;

/**
 * A sample written into an HTTP message by a log-format (HAProxy 2.6's LOG_OPT_HTTP, log.c's
 * http_encode_map): every byte a field value cannot carry (0x00-0x08, 0x0A-0x1F, 0x7F; HTAB, SP, VCHAR and
 * obs-text pass) becomes {@code %XX} in upper-case hex, so a CR, LF or NUL in a sample (a decoded header, a
 * certificate's name) never reaches the message raw; an absent sample writes nothing.
 */
final class HttpValue {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private HttpValue() {}

    static String text(Sample s) {
        if (s == null) {
            return "";
        }
        String v = s.toText();
        for (int i = 0; i < v.length(); i++) {
            if (encoded(v.charAt(i))) {
                StringBuilder sb = new StringBuilder(v.length() + 8);
                append(sb, v);
                return sb.toString();
            }
        }
        return v;
    }

    static void append(StringBuilder out, Sample s) {
        if (s != null) {
            append(out, s.toText());
        }
    }

    private static void append(StringBuilder out, String v) {
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (encoded(ch)) {
                out.append('%').append(HEX[(ch >> 4) & 0xF]).append(HEX[ch & 0xF]);
            } else {
                out.append(ch);
            }
        }
    }

    static boolean encoded(char ch) {
        return (ch < 0x20 && ch != '\t') || ch == 0x7F;
    }
}
