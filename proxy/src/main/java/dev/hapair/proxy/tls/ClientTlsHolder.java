package dev.hapair.proxy.tls;

/**
 * Something that connects to a server with {@link ClientTls} and lets it be swapped: a server, whose traffic
 * and health checks may each use TLS. The certificate store replaces the TLS of every holder whose client
 * certificate ({@code server ... crt}) is committed anew.
 */
public interface ClientTlsHolder {

    /** TLS of the traffic, or null. */
    ClientTls tls();

    /** TLS of the health checks, or null. */
    ClientTls checkTls();

    /** Installs both at once; new connections use them, live ones keep what they were opened with. */
    void tls(ClientTls traffic, ClientTls checks);
}
