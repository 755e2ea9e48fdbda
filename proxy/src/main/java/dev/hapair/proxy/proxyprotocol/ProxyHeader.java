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
 * @param authority   the v2 {@code PP2_TYPE_AUTHORITY} TLV ({@code fc_pp_authority}), or null
 * @param uniqueId    the v2 {@code PP2_TYPE_UNIQUE_ID} TLV ({@code fc_pp_unique_id}), or null
 */
public record ProxyHeader(
        int version,
        InetSocketAddress source,
        InetSocketAddress destination,
        int length,
        String authority,
        String uniqueId) {

    /** A header without TLVs. */
    public ProxyHeader(int version, InetSocketAddress source, InetSocketAddress destination, int length) {
        this(version, source, destination, length, null, null);
    }

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
