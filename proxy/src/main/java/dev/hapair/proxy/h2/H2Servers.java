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
 *   <li>{@code alpn} offering {@code h2} together with another protocol and no {@code proto}: the protocol would
 *       be chosen per connection by the server, which is not built (use {@code proto h2} or {@code alpn h2});
 *       {@code h2} offered while {@code proto h1} forces HTTP/1.1;
 *   <li>HTTP health checks ({@code option httpchk}) on an HTTP/2 server: HAProxy sends them over HTTP/2 (the
 *       server's protocol), which our checker does not speak; TCP checks are fine;
 *   <li>{@code ws h1} on an HTTP/2 server (websockets over a separate HTTP/1.1 connection).
 * </ul>
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
        List<String> alpn = s.ssl().alpn();
        boolean offersH2 = s.ssl().enabled() && alpn.contains("h2");
        if (s.proto() == ServerProtocol.H1 && offersH2) {
            if (alpn.size() > 1) {
                return "'alpn " + String.join(",", alpn) + "': choosing HTTP/2 or HTTP/1.1 per connection from the "
                        + "ALPN answer is not supported by hapair-proxy (use 'proto h2' or 'alpn h2')";
            }
            return "'alpn h2' with 'proto h1': the server would be offered a protocol it is not spoken";
        }
        if (s.proto() != ServerProtocol.H2) return null;
        if (p.mode() != ProxyMode.HTTP) return "'proto h2' needs 'mode http' (a tcp-mode backend relays bytes)";
        if (s.check() && p.options().httpchk().isPresent()) {
            return "HTTP health checks over HTTP/2 ('option httpchk' with 'check' on a 'proto h2' server) are not "
                    + "supported by hapair-proxy";
        }
        if (s.ws().equals("h1")) return "'ws h1' on an HTTP/2 server is not supported by hapair-proxy";
        return null;
    }
}
