package dev.hapair.proxy.h1;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Names the deliberate difference (README, "Deliberate differences": hapair refuses on purpose what HAProxy 2.6
 * lets through) a generated case falls in, so that {@link FuzzDifferentialIT} tells a known stricter answer from
 * a new one. A sieve over the case's bytes, not a parser: a case it names may differ for another reason too,
 * which is why the report keeps every case's bytes.
 */
final class KnownDifferences {
    private KnownDifferences() {}

    /** The deliberate difference the case's bytes show, or null. */
    static String reason(DifferentialIT.Case c) {
        String s = new String(c.bytes(), StandardCharsets.ISO_8859_1);
        boolean response = c.kind().equals("response");
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\n' && (i == 0 || s.charAt(i - 1) != '\r')) return "bare LF";
            if (ch == '\r' && (i + 1 == s.length() || s.charAt(i + 1) != '\n')) return "bare CR";
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 0x20 && ch != '\r' && ch != '\n' && ch != '\t' || ch == 0x7f) return "control byte";
        }
        String first = s.substring(0, Math.max(0, s.indexOf("\r\n")));
        String lower = s.toLowerCase(Locale.ROOT);
        int headEnd = lower.indexOf("\r\n\r\n");
        String head = headEnd < 0 ? lower : lower.substring(0, headEnd);
        if (lower.startsWith("http/1.0") || first.endsWith("HTTP/1.0")) {
            if (head.contains("\ntransfer-encoding:")) return "Transfer-Encoding on HTTP/1.0";
        }
        if (response) {
            if (!first.matches("HTTP/1\\.\\d [1-9]\\d\\d( [^\\t].*)?")) return "status line form";
        } else {
            if (first.indexOf('\t') >= 0) return "tab in request line";
            if (first.split(" +").length < 3) return "HTTP/0.9 request line";
        }
        // after the last chunk: trailer names that are not tokens, folded trailers
        int last = lower.indexOf("\r\n0\r\n", Math.max(0, headEnd));
        if (headEnd >= 0 && last >= 0) {
            for (String t : lower.substring(last + 5).split("\r\n")) {
                if (t.isEmpty()) break;
                int colon = t.indexOf(':');
                if (colon <= 0 || !t.substring(0, colon).matches("[!#$%&'*+.^_`|~0-9a-z-]+")) return "trailer name";
            }
        }
        for (String line : lower.split("\r\n")) {
            if (line.startsWith("content-length:")
                    && line.replaceAll("[^0-9]", "").replaceFirst("^0+", "").length() >= 19)
                return "Content-Length of 19 digits";
        }
        if (headEnd >= 0 && head.contains("transfer-encoding:")) {
            // a first chunk whose data is followed by a bare LF where its CRLF belongs
            int sizeEnd = s.indexOf("\r\n", headEnd + 4);
            if (sizeEnd > 0) {
                try {
                    int size =
                            Integer.parseInt(s.substring(headEnd + 4, sizeEnd).trim(), 16);
                    int after = sizeEnd + 2 + size;
                    if (after < s.length() && s.charAt(after) == '\n') return "bare LF after chunk data";
                } catch (NumberFormatException e) {
                    // not a plain size: nothing to say
                }
            }

            String body = s.substring(headEnd + 4);
            for (String line : body.split("\r\n")) {
                if (line.chars().anyMatch(ch -> ch >= 0x80) && line.contains(";"))
                    return "high bytes in chunk extension";
            }
        }
        return null;
    }
}
