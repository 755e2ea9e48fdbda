package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentTest {

    @Test
    void quotedVariablesInAddressesAndArguments() {
        HaproxyConfig c = Cfg.parse(
                Cfg.TIMEOUTS + "frontend f\n  bind \"${LISTEN_ADDR}:${LISTEN_PORT}\"\n"
                        + "  default_backend \"$BACKEND\"\nbackend web\n  server s1 \"${APP_HOST}:8080\" check\n"
                        + "  server s2 \"${MISSING-10.0.0.9}:8080\"\n",
                Map.of("LISTEN_ADDR", "127.0.0.1", "LISTEN_PORT", "8443", "BACKEND", "web", "APP_HOST", "app-1"));
        Endpoint.Inet bind = (Endpoint.Inet)
                c.frontend("f").orElseThrow().binds().get(0).endpoints().get(0);
        assertEquals("127.0.0.1", bind.host());
        assertEquals(8443, bind.port());
        assertEquals(
                "web",
                c.frontend("f").orElseThrow().defaultBackend().orElseThrow().name());
        ServerConfig s1 = c.backend("web").orElseThrow().servers().get(0);
        assertEquals("app-1", s1.host());
        assertEquals(8080, s1.port());
        assertEquals("10.0.0.9", c.backend("web").orElseThrow().servers().get(1).host());
    }

    @Test
    void setenvInGlobalAppliesToLaterLines() {
        HaproxyConfig c = Cfg.parse(
                "global\n  setenv PORT 9000\n  presetenv HOST 127.0.0.2\n" + Cfg.TIMEOUTS
                        + "frontend f\n  bind \"${HOST}:${PORT}\"\n",
                Map.of("HOST", "127.0.0.3"));
        Endpoint.Inet bind = (Endpoint.Inet)
                c.frontend("f").orElseThrow().binds().get(0).endpoints().get(0);
        assertEquals("127.0.0.3", bind.host(), "presetenv does not override the environment");
        assertEquals(9000, bind.port());
    }

    @Test
    void unquotedDollarIsLiteralLikeHaproxy26() {
        HaproxyConfig c = Cfg.parse(Cfg.TIMEOUTS + "listen s\n  bind :80\n  stats uri /$PATH\n", Map.of("PATH", "x"));
        assertEquals("/$PATH", c.proxy("s").orElseThrow().stats().uri());
    }
}
