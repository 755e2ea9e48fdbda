package dev.hapair.proxy.tls;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which certificate a ClientHello's server name selects, as HAProxy does: an exact name first, then a
 * wildcard {@code *.example.com} covering exactly one more label; the first certificate declaring a name keeps
 * it. Without a match (or without SNI) the default (first) entry serves, unless {@code strict-sni}.
 *
 * @param <T> what is selected (an SslContext at run time)
 */
public final class SniTable<T> {
    private final Map<String, T> exact = new HashMap<>();
    private final Map<String, T> wildcard = new HashMap<>();
    private final T defaultEntry;
    private final boolean strict;

    /** @param entries (names, value) in declaration order; the first is the default */
    public SniTable(List<Map.Entry<List<String>, T>> entries, boolean strict) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("no certificate");
        }
        this.defaultEntry = entries.get(0).getValue();
        this.strict = strict;
        for (Map.Entry<List<String>, T> e : entries) {
            for (String name : e.getKey()) {
                String n = name.toLowerCase(Locale.ROOT);
                if (n.startsWith("*.")) {
                    wildcard.putIfAbsent(n.substring(2), e.getValue());
                } else {
                    exact.putIfAbsent(n, e.getValue());
                }
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
            if (hit == null) {
                int dot = n.indexOf('.');
                if (dot > 0) {
                    hit = wildcard.get(n.substring(dot + 1));
                }
            }
            if (hit != null) {
                return Optional.of(hit);
            }
        }
        return strict ? Optional.empty() : Optional.of(defaultEntry);
    }
}
