package dev.hapair.proxy.sample;

import java.net.InetSocketAddress;

/**
 * The client connection itself, as the {@code fc_*} and {@code so_id} fetches see it: its addresses (those of
 * a received PROXY protocol header, else the socket's; never changed by {@code set-src}/{@code set-dst},
 * which change the stream's), whether a PROXY header came, the automatic id of the listener that accepted it
 * (HAProxy numbers a frontend's listening addresses from 1 in {@code bind} order), its TCP_INFO counters read
 * when a fetch asks (HAProxy reads them at fetch time too), and the HTTP major version of its on-wire
 * encoding ({@code fc_http_major}: 1 or 2; 0 when no HTTP multiplexer runs on it, where the fetch fails).
 */
public record ClientConnection(
        InetSocketAddress source,
        InetSocketAddress destination,
        boolean proxyHeader,
        int listenerId,
        TcpInfo.Probe tcpInfo,
        int httpMajor) {

    public ClientConnection(
            InetSocketAddress source, InetSocketAddress destination, boolean proxyHeader, int listenerId) {
        this(source, destination, proxyHeader, listenerId, TcpInfo.Probe.NONE, 0);
    }
}
