package dev.hapair.proxy.sample;

import java.net.InetSocketAddress;

/**
 * The client connection itself, as the {@code fc_*} and {@code so_id} fetches see it: its addresses (those of
 * a received PROXY protocol header, else the socket's; never changed by {@code set-src}/{@code set-dst},
 * which change the stream's), whether a PROXY header came, and the automatic id of the listener that
 * accepted it (HAProxy numbers a frontend's listening addresses from 1 in {@code bind} order).
 */
public record ClientConnection(
        InetSocketAddress source, InetSocketAddress destination, boolean proxyHeader, int listenerId) {}
