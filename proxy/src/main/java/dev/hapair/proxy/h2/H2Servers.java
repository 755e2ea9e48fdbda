package dev.hapair.proxy.h2;

import dev.hapair.proxy.config.ConfigDiagnostic;
import dev.hapair.proxy.config.HaproxyConfig;
import dev.hapair.proxy.config.ProxyConfig;
import dev.hapair.proxy.config.ProxyMode;
import dev.hapair.proxy.config.ServerConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * What HTTP/2 to servers does not cover yet, refused at {@code -c}, start and reload (fail closed), each naming
 * the server line:
 *
 * <ul>
 *   <li>{@code proto h2} in a {@code mode tcp} backend (bytes are relayed, there is no HTTP to multiplex);
 *   <li>{@code h2} offered by ALPN while {@code proto h1} forces HTTP/1.1 (HAProxy would speak HTTP/1.1 to a
 *       server that picked h2);
 *   <li>HTTP health checks ({@code option httpchk}) on a server that may be spoken to in HTTP/2 ({@code proto
 *       h2}, {@code ws h2}, or an ALPN list with {@code h2}): HAProxy sends them in the server's protocol, and our
 *       checker speaks HTTP/1.1 only; TCP checks are fine;
 *   <li>{@code http-reuse never} with such a server (its connections would have to stay private to one client
 *       connection; ours are shared by the streams of every client).
 * </ul>
 *
 * <p>The protocol of each request otherwise follows {@link ServerMux} ({@code proto}, {@code alpn}, {@code ws}).
 */
public final class H2Servers {
    private H2Servers() {}

    public static List<ConfigDiagnostic> validate(HaproxyConfig config) {
        List<ConfigDiagnostic> out = new ArrayList<>();
        for (ProxyConfig p : config.backends()) {
            for (ServerConfig s : p.servers()) {
                String why = refusal(p, s);
                if (why != null) {
                    out.add(ConfigDiagnostic.alert(
                            s.location(),
                            "server",
                            "server '" + s.name() + "' of " + p.kind().keyword() + " '" + p.name() + "': " + why));
                }
            }
        }
        return out;
    }

    /** Why {@code s} cannot run as configured, or null. */
    static String refusal(ProxyConfig p, ServerConfig s) {
        List<String> alpn = s.ssl().enabled() ? s.ssl().alpn() : List.of();
        ServerProtocol proto = s.proto().orElse(null);
        if (proto == ServerProtocol.H1 && alpn.contains("h2")) {
            return "'alpn " + String.join(",", alpn) + "' with 'proto h1': the server would be offered a protocol "
                    + "it is not spoken";
        }
        if (proto == ServerProtocol.H2 && p.mode() != ProxyMode.HTTP)
            return "'proto h2' needs 'mode http' (a tcp-mode backend relays bytes)";
        if (p.mode() != ProxyMode.HTTP) return null;
        if (p.options().httpReuse() == dev.hapair.proxy.config.HttpReuse.NEVER
                && s.mux().mayUseH2()) {
            return "'http-reuse never' with a server spoken to in HTTP/2 ('proto h2', 'ws h2' or 'alpn' with h2) is "
                    + "not supported by hapair-proxy (its connections are shared by the streams of every client)";
        }
        if (s.check() && p.options().httpchk().isPresent() && s.mux().mayUseH2()) {
            return "HTTP health checks over HTTP/2 ('option httpchk' with 'check' on a server spoken to in HTTP/2 by "
                    + "'proto h2', 'ws h2' or 'alpn' with h2) are not supported by hapair-proxy";
        }
        return null;
    }
}
