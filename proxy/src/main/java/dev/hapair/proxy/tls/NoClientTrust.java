package dev.hapair.proxy.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The trust manager of a bind without {@code verify optional|required}: such a bind never asks for a client
 * certificate, so nothing is ever checked here, and if something were, it is refused (fail closed). It exists
 * because a server context built without any trust manager makes Netty initialise the JDK's default one, which
 * reads and decodes the JDK's whole trust store (cacerts, ~140 CA certificates) that such a bind never uses:
 * idle RSS of bench/run.sh's configuration with its {@code ssl} bind 74.7-75.6 -> 68.9-72.3 MiB (bench/README.md, "Memory").
 */
final class NoClientTrust extends X509ExtendedTrustManager {
    static final NoClientTrust INSTANCE = new NoClientTrust();

    private NoClientTrust() {}

    private static CertificateException refused() {
        return new CertificateException("this bind does not verify client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw refused();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw refused();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw refused();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw refused();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw refused();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw refused();
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
