package dev.hapair.proxy.h1;

/** Byte classes of RFC 9110/9112 and RFC 3986 as lookup tables. */
final class Chars {
    private Chars() {}

    private static final boolean[] TOKEN = new boolean[256];
    private static final boolean[] FIELD_VALUE = new boolean[256];
    /**
     * Bytes accepted in a request target by default. HAProxy 2.6 lets through the printable ASCII that
     * RFC 3986 excludes ({@code "<>\\^`{|}}) and refuses bytes above 127 and a fragment ('#'), which
     * {@code option accept-invalid-http-request} then allows.
     */
    private static final boolean[] URI = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) TOKEN[c] = true;
        for (int c = 'a'; c <= 'z'; c++) TOKEN[c] = true;
        for (int c = 'A'; c <= 'Z'; c++) TOKEN[c] = true;
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) TOKEN[c] = true;
        FIELD_VALUE['\t'] = true;
        for (int c = 0x20; c < 0x7f; c++) FIELD_VALUE[c] = true;
        for (int c = 0x80; c < 0x100; c++) FIELD_VALUE[c] = true;
        for (int c = 0x21; c < 0x7f; c++) URI[c] = true;
        URI['#'] = false;
    }

    static boolean isToken(int c) {
        return c < 256 && TOKEN[c];
    }

    /** field-vchar, SP and HTAB (obs-text included); CTLs and DEL are refused. */
    static boolean isFieldValue(int c) {
        return FIELD_VALUE[c];
    }

    static boolean isUri(int c) {
        return URI[c];
    }

    /** Never allowed in a request target, even with accept-invalid: CTLs, space, DEL. */
    static boolean isAlwaysForbiddenInUri(int c) {
        return c <= 0x20 || c == 0x7f;
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    static boolean isWs(int c) {
        return c == ' ' || c == '\t';
    }
}
