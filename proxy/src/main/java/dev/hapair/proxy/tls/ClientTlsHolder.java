package dev.hapair.proxy.tls;

/**
 * Something that connects to a server with {@link ClientTls}: a server, whose traffic and health checks may
 * each use TLS. The certificate store rebuilds the TLS of every holder whose client certificate
 * ({@code server ... crt}) is committed anew.
 */
public interface ClientTlsHolder {

    /** TLS of the traffic, or null. */
    ClientTls tls();

    /** TLS of the health checks, or null. */
    ClientTls checkTls();
}
