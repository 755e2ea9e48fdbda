package dev.hapair.proxy.tls;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which certificate a ClientHello's server name selects, as HAProxy 2.6 does: an exact name first, then a
 * wildcard {@code *.example.com} covering exactly one more label; among entries declaring the same name the
 * first declared wins. A negative filter {@code !name} of an entry (crt-list line) stops that entry's
 * wildcards from matching {@code name}; {@code *} and {@code !*} add nothing. Without a match (or without
 * SNI) the default (first) entry serves, unless {@code strict-sni}.
 *
 * @param <T> what is selected (an SslContext at run time)
 */
public final class SniTable<T> {
    private record Wild<T>(T value, Set<String> excluded) {}

    private final Map<String, T> exact = new HashMap<>();
    private final Map<String, List<Wild<T>>> wildcard = new HashMap<>();
    private final T defaultEntry;
    private final boolean strict;

    /**
     * @param entries (names, value) in declaration order; the first is the default. Names are SNI filters
     *                ({@code name}, {@code *.domain}, {@code !name}) or a certificate's names.
     */
    public SniTable(List<Map.Entry<List<String>, T>> entries, boolean strict) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("no certificate");
        }
        this.defaultEntry = entries.get(0).getValue();
        this.strict = strict;
        for (Map.Entry<List<String>, T> e : entries) {
            Set<String> excluded = new HashSet<>();
            List<String> wilds = new ArrayList<>();
            for (String name : e.getKey()) {
                String n = name.toLowerCase(Locale.ROOT);
                boolean neg = n.startsWith("!");
                if (neg) {
                    n = n.substring(1);
                }
                if (n.equals("*") || n.isEmpty()) {
                    continue; // '*' and '!*' are no-ops (a '!*' line is only ever the default)
                }
                if (n.startsWith("*.")) {
                    if (!neg) {
                        wilds.add(n.substring(2));
                    }
                } else if (neg) {
                    excluded.add(n);
                } else {
                    exact.putIfAbsent(n, e.getValue());
                }
            }
            Wild<T> w = new Wild<>(e.getValue(), Set.copyOf(excluded));
            for (String suffix : wilds) {
                wildcard.computeIfAbsent(suffix, k -> new ArrayList<>()).add(w);
            }
        }
    }

    /** @param serverName the SNI host name, or null when the client sent none */
    public Optional<T> select(String serverName) {
        if (serverName != null) {
            String n = serverName.toLowerCase(Locale.ROOT);
            if (n.endsWith(".")) {
                n = n.substring(0, n.length() - 1);
            }
            T hit = exact.get(n);
            if (hit != null) {
                return Optional.of(hit);
            }
            int dot = n.indexOf('.');
            if (dot > 0) {
                for (Wild<T> w : wildcard.getOrDefault(n.substring(dot + 1), List.of())) {
                    if (!w.excluded().contains(n)) {
                        return Optional.of(w.value());
                    }
                }
            }
        }
        return strict ? Optional.empty() : Optional.of(defaultEntry);
    }
}
