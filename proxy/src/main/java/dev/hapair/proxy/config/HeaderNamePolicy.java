package dev.hapair.proxy.config;

/**
 * {@code option http-restrict-req-hdr-names}: what happens to request header names with a character outside
 * {@code [A-Za-z0-9-]} once a proxy's {@code http-request} rules have run.
 */
public enum HeaderNamePolicy {
    /** Kept (HAProxy's default without a FastCGI application). */
    PRESERVE,
    /** Such headers are removed. */
    DELETE,
    /** The request is answered 403. */
    REJECT;

    /** Whether {@code name} is made of letters, digits and hyphens only. */
    public static boolean plain(CharSequence name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-';
            if (!ok) return false;
        }
        return true;
    }
}
