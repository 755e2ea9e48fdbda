package dev.hapair.health.probe.tcpcheck;

import java.nio.charset.StandardCharsets;

/** The sample expressions the protocol checks use on a response: {@code res.payload(o,0)}, {@code ltrim}, {@code cut_crlf}. */
final class Payload {
    private Payload() {}

    /** {@code res.payload(offset,0)}: the bytes from {@code offset} to the end, null when there are fewer. */
    static String from(byte[] in, int offset) {
        if (in.length < offset) return null;
        return new String(in, offset, in.length - offset, StandardCharsets.ISO_8859_1);
    }

    /** {@code cut_crlf}: up to the first CR or LF. */
    static String cutCrlf(String s) {
        if (s == null) return "";
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\r' || ch == '\n') return s.substring(0, i);
        }
        return s;
    }

    /** {@code ltrim(' ')}. */
    static String ltrimSpaces(String s) {
        if (s == null) return null;
        int i = 0;
        while (i < s.length() && s.charAt(i) == ' ') i++;
        return s.substring(i);
    }

    /** {@code res.payload(0,3)} cast to an integer as HAProxy's status-code does; 0 when it is not a number. */
    static int code3(byte[] in) {
        if (in.length < 3) return 0;
        String s = new String(in, 0, 3, StandardCharsets.ISO_8859_1);
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A string as HAProxy prints it with %s: up to the first NUL. */
    static String upToNul(String s) {
        if (s == null) return "";
        int z = s.indexOf('\0');
        return z < 0 ? s : s.substring(0, z);
    }

    /** HAProxy's dump_binary: upper-case hex, two digits a byte (what rbinary patterns match). */
    static String hex(byte[] in) {
        StringBuilder sb = new StringBuilder(in.length * 2);
        for (byte b : in) {
            sb.append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                    .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
        }
        return sb.toString();
    }
}
