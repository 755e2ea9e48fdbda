package dev.hapair.proxy.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The part of OpenSSL's cipher-string language hapair reads in {@code ciphers}: cipher names and single aliases
 * naming a key exchange or an authentication, separated by ':'. An alias stands for the suites it selects in
 * OpenSSL 3.0, in OpenSSL's order; a suite already listed keeps its first place (OpenSSL adds only suites not
 * yet active). Operators ({@code !}, {@code -}, {@code +}), combinations ({@code ECDHE+AESGCM}), {@code @}
 * commands and other aliases ({@code HIGH}, {@code DEFAULT}) are not read: the caller refuses them.
 */
final class CipherString {

    /** One row of the table: an OpenSSL suite name, its key exchange and its authentication. */
    record Suite(String name, String kx, String au) {}

    /** OpenSSL 3.0's suites in the order its aliases list them (resource {@code openssl-ciphers.txt}). */
    static final List<Suite> OPENSSL_ORDER = load();

    /**
     * The aliases read, with what they select (OpenSSL 3.0's ciphers(1): "RSA is an alias for kRSA"; ECDHE and
     * DHE are the authenticated ephemeral key exchanges, kECDHE and kDHE include the anonymous ones).
     */
    static final Map<String, Predicate<Suite>> ALIASES = Map.ofEntries(
            Map.entry("kRSA", s -> s.kx().equals("RSA")),
            Map.entry("RSA", s -> s.kx().equals("RSA")),
            Map.entry("aRSA", s -> s.au().equals("RSA")),
            Map.entry("aECDSA", s -> s.au().equals("ECDSA")),
            Map.entry("ECDSA", s -> s.au().equals("ECDSA")),
            Map.entry("kECDHE", s -> s.kx().equals("ECDH")),
            Map.entry("kEECDH", s -> s.kx().equals("ECDH")),
            Map.entry("ECDHE", s -> s.kx().equals("ECDH") && !s.au().equals("None")),
            Map.entry("EECDH", s -> s.kx().equals("ECDH") && !s.au().equals("None")),
            Map.entry("kDHE", s -> s.kx().equals("DH")),
            Map.entry("kEDH", s -> s.kx().equals("DH")),
            Map.entry("DHE", s -> s.kx().equals("DH") && !s.au().equals("None")),
            Map.entry("EDH", s -> s.kx().equals("DH") && !s.au().equals("None")));

    private CipherString() {}

    /**
     * The OpenSSL suite names {@code spec} lists, in order, without repeats.
     *
     * @param names the suite names known (a word that is neither one of them nor an alias is refused)
     */
    static List<String> expand(String spec, Set<String> names) throws TlsException {
        Set<String> out = new LinkedHashSet<>();
        for (String word : spec.split(":")) {
            if (word.isEmpty()) {
                continue;
            }
            Predicate<Suite> alias = ALIASES.get(word);
            if (alias != null) {
                for (Suite s : OPENSSL_ORDER) {
                    if (alias.test(s)) out.add(s.name());
                }
            } else if (names.contains(word)) {
                out.add(word);
            } else {
                throw new TlsException("cipher '" + word + "' is not supported by hapair-proxy (list OpenSSL cipher "
                        + "names or the aliases " + String.join(", ", new java.util.TreeSet<>(ALIASES.keySet()))
                        + " separated by ':'; operators and other aliases such as '!aNULL' or 'HIGH' are not read)");
            }
        }
        return new ArrayList<>(out);
    }

    private static List<Suite> load() {
        List<Suite> out = new ArrayList<>();
        try (InputStream in = CipherString.class.getResourceAsStream("openssl-ciphers.txt")) {
            if (in == null) throw new IllegalStateException("openssl-ciphers.txt is missing from the jar");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.trim().split(" +");
                out.add(new Suite(f[0], f[1], f[2]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(out);
    }
}
