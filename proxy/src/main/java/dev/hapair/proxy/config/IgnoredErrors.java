package dev.hapair.proxy.config;

import java.util.Set;
import java.util.TreeSet;

/**
 * {@code crt-ignore-err} / {@code ca-ignore-err}: the OpenSSL verify error numbers that do not abort a handshake
 * ({@code all}, or a comma separated list). As in HAProxy 2.6, only numbers below 64 can be ignored.
 */
public record IgnoredErrors(boolean all, Set<Integer> ids) {
    public static final IgnoredErrors NONE = new IgnoredErrors(false, Set.of());

    public IgnoredErrors {
        ids = Set.copyOf(ids);
    }

    /** @throws IllegalArgumentException naming the word that is neither {@code all} nor a number 0-63 */
    public static IgnoredErrors parse(String spec) {
        if (spec.equals("all")) return new IgnoredErrors(true, Set.of());
        Set<Integer> ids = new TreeSet<>();
        for (String w : spec.split(",", -1)) {
            int n;
            try {
                n = Integer.parseInt(w);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + w + "' is not an error ID (expected 'all' or numbers such"
                        + " as 10,23 separated by ',')");
            }
            if (n < 0 || n > 63) {
                throw new IllegalArgumentException("error ID " + n + " cannot be ignored (0 to 63)");
            }
            ids.add(n);
        }
        return new IgnoredErrors(false, ids);
    }

    public boolean ignores(int code) {
        return code < 64 && (all || ids.contains(code));
    }
}
