package dev.hapair.proxy.runtime;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.proxy.config.BindConfig;
import dev.hapair.proxy.config.Endpoint;
import dev.hapair.proxy.config.HaproxyConfig;
import dev.hapair.proxy.config.ProxyConfig;
import java.net.InetSocketAddress;

/** Which {@code bind} line asked for a listening address: a bind failure is reported at its file:line. */
final class BindLocations {
    private BindLocations() {}

    static SourceLocation find(HaproxyConfig config, String frontend, InetSocketAddress address) {
        for (ProxyConfig p : config.frontends()) {
            if (!p.name().equals(frontend)) continue;
            for (BindConfig b : p.binds()) {
                for (Endpoint e : b.endpoints()) {
                    if (e instanceof Endpoint.Inet in
                            && address.getPort() >= in.portFrom()
                            && address.getPort() <= in.portTo()) {
                        return b.location();
                    }
                }
            }
            return p.location();
        }
        return SourceLocation.NONE;
    }
}
