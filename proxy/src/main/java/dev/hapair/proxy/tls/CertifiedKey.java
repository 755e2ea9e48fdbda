package dev.hapair.proxy.tls;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate chain (leaf first) and its private key, read from {@code source}.
 *
 * @param names the DNS names the leaf is valid for (subjectAltName dNSName entries, or the subject CN when it
 *              has none), lower case, wildcards as {@code *.example.com}: what SNI selects it by
 */
public record CertifiedKey(Path source, List<X509Certificate> chain, PrivateKey key, List<String> names) {
    public CertifiedKey {
        chain = List.copyOf(chain);
        names = List.copyOf(names);
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }
}
