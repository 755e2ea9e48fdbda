package dev.hapair.proxy.proxyprotocol;

import java.net.InetSocketAddress;

/**
 * A received PROXY protocol header.
 *
 * @param version     1 (text) or 2 (binary)
 * @param source      the client address it carries, or null when it carries none ({@code UNKNOWN}, the v2
 *                    {@code LOCAL} command, or a family other than TCP over IPv4/IPv6): the connection then
 *                    keeps its real addresses, as HAProxy does
 * @param destination the address the client connected to, null exactly when {@code source} is
 * @param length      bytes the header takes on the wire (everything before the payload)
 */
public record ProxyHeader(int version, InetSocketAddress source, InetSocketAddress destination, int length) {

    public ProxyHeader {
        if ((source == null) != (destination == null)) {
            throw new IllegalArgumentException("source and destination are both set or both absent");
        }
    }

    /** Whether the header replaces the connection's addresses. */
    public boolean carriesAddresses() {
        return source != null;
    }
}
