package dev.hapair.proxy.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Server certificate verification of a {@code server ... verify required ca-file F crl-file C}: {@link
 * ChainVerifier} over the CA file with the revocation lists, so that a revoked server certificate (or CA) fails
 * the handshake as OpenSSL's CRL checks make it fail for HAProxy. Without a crl-file the provider's own
 * verification is used.
 */
final class ServerCertTrust extends X509ExtendedTrustManager {

    private final ChainVerifier verifier;

    ServerCertTrust(ChainVerifier verifier) {
        this.verifier = verifier;
    }

    /** The decision alone: nothing, or the first error OpenSSL would report. */
    void check(X509Certificate[] chain, Date now) throws CertificateException {
        List<ChainVerifier.Error> errors = verifier.verify(chain, now);
        if (!errors.isEmpty()) {
            ChainVerifier.Error e = errors.get(0);
            throw new CertificateException("server certificate: verify error " + e.code() + " at depth " + e.depth());
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, new Date());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain, new Date());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, new Date());
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("server certificates only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("server certificates only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("server certificates only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
