package dev.hapair.proxy.lb;

import java.net.InetAddress;

/** {@code balance source}: the client address bytes (4 for IPv4, 16 for IPv6). */
public record SourceHashKey() implements HashKey {

    @Override
    public long hash(LbRequest request, HashFunction function) {
        InetAddress a = request.sourceAddress();
        return a == null ? ABSENT : function.hash(a.getAddress());
    }

    @Override
    public String keyword() {
        return "source";
    }
}
