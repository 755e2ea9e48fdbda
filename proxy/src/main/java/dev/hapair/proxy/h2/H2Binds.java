package dev.hapair.proxy.h2;

import dev.hapair.proxy.config.BindConfig;
import dev.hapair.proxy.config.ConfigDiagnostic;
import dev.hapair.proxy.config.ConfigException;
import dev.hapair.proxy.config.GlobalConfig;
import dev.hapair.proxy.config.H2Tuning;
import dev.hapair.proxy.config.HaproxyConfig;
import dev.hapair.proxy.config.ProxyConfig;
import dev.hapair.proxy.config.ProxyMode;
import dev.hapair.proxy.h1.H1Limits;
import java.util.ArrayList;
import java.util.List;

/**
 * Which protocol each bind line speaks, and the HTTP/2 limits of the global {@code tune.h2.*} settings, at
 * {@code -c}, start and reload alike.
 */
public final class H2Binds {
    private H2Binds() {}

    /** {@code -c}: {@code proto} on a {@code mode tcp} frontend is an error naming the bind line. */
    public static List<ConfigDiagnostic> validate(HaproxyConfig config) {
        List<ConfigDiagnostic> out = new ArrayList<>();
        for (ProxyConfig p : config.frontends()) {
            for (BindConfig b : p.binds()) {
                try {
                    protocol(p, b);
                } catch (ConfigException e) {
                    out.addAll(e.diagnostics());
                }
            }
        }
        return out;
    }

    /** What {@code b} of frontend {@code p} speaks. */
    public static ClientProtocol protocol(ProxyConfig p, BindConfig b) throws ConfigException {
        if (p.mode() != ProxyMode.HTTP) {
            if (b.proto().isPresent()) {
                throw new ConfigException(ConfigDiagnostic.alert(
                        b.location(),
                        "bind",
                        "'bind' of " + p.kind().keyword() + " '" + p.name() + "': 'proto "
                                + b.proto().get() + "' needs 'mode http' (a tcp-mode frontend relays bytes)"));
            }
            return ClientProtocol.H1;
        }
        // an explicit 'proto h1' also turns off the implicit upgrade on a preface, as HAProxy's 'h1' mux does
        if (b.proto().isPresent()) return b.proto().get().equals("h2") ? ClientProtocol.H2 : ClientProtocol.H1;
        boolean upgrade = !p.options().disableH2Upgrade();
        // any ssl bind: ALPN decides per connection (a crt-list line may offer h2 when the bind line does not)
        if (b.ssl().isPresent()) return upgrade ? ClientProtocol.ALPN : ClientProtocol.ALPN_NO_UPGRADE;
        return upgrade ? ClientProtocol.H1_OR_H2 : ClientProtocol.H1;
    }

    /** The limits of HTTP/2 connections: {@code tune.h2.*}, HAProxy's defaults otherwise. */
    public static H2Limits limits(GlobalConfig g, H1Limits http) {
        H2Limits d = H2Limits.defaults(http.bufsize(), http.maxHeadBytes());
        H2Tuning t = g.h2();
        // frames never larger than a buffer, as HAProxy announces
        int frame =
                Math.min(t.maxFrameSize().orElse(d.maxFrameSize()), Math.max(H2Limits.MIN_FRAME_SIZE, http.bufsize()));
        return new H2Limits(
                t.maxConcurrentStreams().orElse(d.maxConcurrentStreams()),
                t.headerTableSize().orElse(d.headerTableSize()),
                t.initialWindowSize().orElse(d.initialWindowSize()),
                frame,
                d.maxHeaderListSize());
    }
}
