package dev.hapair.proxy.h2;

/** RFC 9110 character classes the translation checks (the HTTP/1 parser keeps its own, package-private). */
final class Tokens {
    private Tokens() {}

    private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

    static boolean isToken(CharSequence s) {
        if (s.length() == 0) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= '0' && c <= '9'
                    || c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || TCHAR_SYMBOLS.indexOf(c) >= 0;
            if (!ok) return false;
        }
        return true;
    }

    /** A lowercase token: HTTP/2 field names (RFC 9113 8.2.1). */
    static boolean isLowerToken(CharSequence s) {
        if (!isToken(s)) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') return false;
        }
        return true;
    }

    /** RFC 9113 8.2.1: no NUL, CR or LF anywhere in a field value (they would split an HTTP/1 head). */
    static boolean isSafeValue(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0 || c == '\r' || c == '\n' || c > 0xff) return false;
        }
        return true;
    }

    /** RFC 3986 scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ). */
    static boolean isScheme(CharSequence s) {
        if (s.length() == 0) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean alpha = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
            boolean ok = alpha || i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.');
            if (!ok) return false;
        }
        return true;
    }

    /** A request target or authority: visible ASCII only (no space, no control, no DEL, nothing above). */
    static boolean isVisibleAscii(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f) return false;
        }
        return true;
    }

    /** {@link #trimOws} without a copy when there is nothing to trim (the usual case). */
    static CharSequence trimOwsView(CharSequence s) {
        int to = s.length();
        if (to == 0) return "";
        char first = s.charAt(0), last = s.charAt(to - 1);
        if (first != ' ' && first != '\t' && last != ' ' && last != '\t') return s;
        return trimOws(s);
    }

    /** Drops leading and trailing SP/HTAB, as HAProxy does for HTTP/2 values (HTTP/1 trims them the same way). */
    static String trimOws(CharSequence s) {
        int from = 0;
        int to = s.length();
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) from++;
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) to--;
        return s.subSequence(from, to).toString();
    }
}
