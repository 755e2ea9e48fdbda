package dev.hapair.proxy.runtime;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.proxy.config.BindConfig;
import dev.hapair.proxy.config.Endpoint;
import dev.hapair.proxy.config.HaproxyConfig;
import dev.hapair.proxy.config.ProxyConfig;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Which {@code bind} line asked for a listening address: a bind failure is reported at its file:line. */
final class BindLocations {
    private BindLocations() {}

    static SourceLocation find(HaproxyConfig config, String frontend, SocketAddress address) {
        for (ProxyConfig p : config.frontends()) {
            if (!p.name().equals(frontend)) continue;
            for (BindConfig b : p.binds()) {
                for (Endpoint e : b.endpoints()) {
                    if (e instanceof Endpoint.Inet in
                            && address instanceof InetSocketAddress a
                            && a.getPort() >= in.portFrom()
                            && a.getPort() <= in.portTo()) {
                        return b.location();
                    }
                    if (e instanceof Endpoint.Unix u && address.toString().equals(u.display())) {
                        return b.location();
                    }
                }
            }
            return p.location();
        }
        return SourceLocation.NONE;
    }
}
