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
 *                 fails verification with an error not ignored does not complete), or null
 * @param verify   what verifying it found ({@code ssl_c_verify}, {@code ssl_c_err}, {@code ssl_c_ca_err*})
 * @param peerChain the certificates the peer sent, its own first (empty when none)
 * @param local    the certificate this side presented, or null
 * @param resumed  whether the handshake resumed a session ({@code ssl_fc_is_resumed}); null when the provider
 *                 cannot tell (the JDK's)
 */
public record TlsFacts(
        String sni,
        String protocol,
        String cipher,
        String alpn,
        X509Certificate peer,
        Verify verify,
        java.util.List<X509Certificate> peerChain,
        X509Certificate local,
        Boolean resumed) {
    public TlsFacts {
        peerChain = java.util.List.copyOf(peerChain);
    }

    /**
     * OpenSSL verify error numbers (0 = none): {@code result} is the last error (OpenSSL's verify result),
     * {@code err} the first of the client certificate, {@code caErr} the first of a CA at {@code caErrDepth}.
     * Non-zero only for errors {@code crt-ignore-err}/{@code ca-ignore-err} let through.
     */
    public record Verify(int result, int err, int caErr, int caErrDepth) {
        public static final Verify OK = new Verify(0, 0, 0, 0);
    }

    public TlsFacts(String sni, String protocol, String cipher, String alpn, X509Certificate peer) {
        this(
                sni,
                protocol,
                cipher,
                alpn,
                peer,
                Verify.OK,
                peer == null ? java.util.List.of() : java.util.List.of(peer),
                null,
                null);
    }

    /** Whether the client presented a certificate ({@code ssl_c_used}). */
    public boolean clientCertificate() {
        return peer != null;
    }
}
