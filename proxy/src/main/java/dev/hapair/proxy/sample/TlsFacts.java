package dev.hapair.proxy.sample;

import java.security.cert.X509Certificate;

/**
 * What the {@code ssl_fc_*} and {@code ssl_c_*} fetches read of a completed TLS handshake.
 *
 * @param sni      the server name the client sent, or null
 * @param protocol {@code TLSv1.2} or {@code TLSv1.3}
 * @param cipher   the cipher in OpenSSL's naming ({@code ECDHE-RSA-AES128-GCM-SHA256},
 *                 {@code TLS_AES_128_GCM_SHA256})
 * @param alpn     the protocol ALPN selected, or null
 * @param peer     the certificate the client presented (verified: a handshake whose client certificate
 *                 fails verification does not complete), or null
 */
public record TlsFacts(String sni, String protocol, String cipher, String alpn, X509Certificate peer) {

    /** Whether the client presented a certificate ({@code ssl_c_used}). */
    public boolean clientCertificate() {
        return peer != null;
    }
}
