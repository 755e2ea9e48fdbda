package dev.hapair.proxy.tls;

import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which certificate a ClientHello selects, as HAProxy 2.6 does. Candidates are gathered by server name: the
 * entries declaring it exactly, then the entries whose wildcard {@code *.example.com} covers it (exactly one
 * more label); a negative filter {@code !name} of an entry (crt-list line) stops that entry's wildcards from
 * matching {@code name}; {@code *} and {@code !*} add nothing. Of the candidates, the first of each key type
 * (exact names before wildcards, then declaration order) is kept, and the client's offer picks among them:
 * ECDSA if it can verify ECDSA, else RSA if it can verify RSA, else a certificate of another key type, else
 * ECDSA, else RSA. So one name can be served by an RSA and an ECDSA certificate, each client getting the one
 * it can use. Without a candidate (or without SNI) the default (first) entry serves, unless {@code strict-sni}.
 *
 * @param <T> what is selected (an SslContext at run time)
 */
public final class SniTable<T> {

    /** The key type of a certificate, as HAProxy ranks them. */
    public enum KeyType {
        ECDSA,
        RSA,
        /** DSA, Ed25519: served only when no ECDSA or RSA candidate fits the client. */
        OTHER;

        public static KeyType of(PrivateKey key) {
            return switch (key.getAlgorithm()) {
                case "EC" -> ECDSA;
                case "RSA" -> RSA;
                default -> OTHER;
            };
        }
    }

    /**
     * One certificate as the bind serves it.
     *
     * @param names SNI filters ({@code name}, {@code *.domain}, {@code !name}) or the certificate's names
     */
    public record Entry<T>(List<String> names, KeyType type, T value) {
        public Entry {
            names = List.copyOf(names);
        }
    }

    private record Candidate<T>(KeyType type, T value, Set<String> excluded) {}

    private final Map<String, List<Candidate<T>>> exact = new HashMap<>();
    private final Map<String, List<Candidate<T>>> wildcard = new HashMap<>();
    private final T defaultEntry;
    private final boolean strict;

    /** @param entries in declaration order; the first is the default */
    public SniTable(List<Entry<T>> entries, boolean strict) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("no certificate");
        }
        this.defaultEntry = entries.get(0).value();
        this.strict = strict;
        for (Entry<T> e : entries) {
            Set<String> excluded = new HashSet<>();
            List<String> exacts = new ArrayList<>();
            List<String> wilds = new ArrayList<>();
            for (String name : e.names()) {
                String n = asciiLower(name);
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
                    exacts.add(n);
                }
            }
            Candidate<T> c = new Candidate<>(e.type(), e.value(), Set.copyOf(excluded));
            for (String n : exacts) {
                exact.computeIfAbsent(n, k -> new ArrayList<>()).add(c);
            }
            for (String suffix : wilds) {
                wildcard.computeIfAbsent(suffix, k -> new ArrayList<>()).add(c);
            }
        }
    }

    /**
     * @param serverName the SNI host name, or null when the client sent none
     * @param offer      what the client can verify
     */
    public Optional<T> select(String serverName, ClientOffer offer) {
        if (serverName != null) {
            // as HAProxy 2.6's client hello callback: ASCII letters lowered (C's tolower), nothing else changed (a
            // trailing dot stays, so "a.example." names no certificate), the wildcard part from the first dot on
            String n = asciiLower(serverName);
            Map<KeyType, T> firstOfType = new java.util.EnumMap<>(KeyType.class);
            for (Candidate<T> c : exact.getOrDefault(n, List.of())) {
                firstOfType.putIfAbsent(c.type(), c.value());
            }
            int dot = n.indexOf('.');
            if (dot >= 0) { // ".w.example" too: HAProxy looks the wildcards up from the first dot
                for (Candidate<T> c : wildcard.getOrDefault(n.substring(dot + 1), List.of())) {
                    if (!c.excluded().contains(n)) {
                        firstOfType.putIfAbsent(c.type(), c.value());
                    }
                }
            }
            T chosen = choose(firstOfType, offer);
            if (chosen != null) {
                return Optional.of(chosen);
            }
        }
        return strict ? Optional.empty() : Optional.of(defaultEntry);
    }

    private static String asciiLower(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] b = s.toCharArray();
                for (int k = i; k < b.length; k++) {
                    if (b[k] >= 'A' && b[k] <= 'Z') b[k] += 'a' - 'A';
                }
                return new String(b);
            }
        }
        return s;
    }

    private static <T> T choose(Map<KeyType, T> found, ClientOffer offer) {
        if (offer.ecdsa() && found.containsKey(KeyType.ECDSA)) return found.get(KeyType.ECDSA);
        if (offer.rsa() && found.containsKey(KeyType.RSA)) return found.get(KeyType.RSA);
        if (found.containsKey(KeyType.OTHER)) return found.get(KeyType.OTHER);
        if (found.containsKey(KeyType.ECDSA)) return found.get(KeyType.ECDSA); // a client without ECDSA schemes
        return found.get(KeyType.RSA);
    }
}
