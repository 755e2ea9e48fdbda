package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class DefaultsInheritanceTest {

    @Test
    void eachProxyTakesTheLastDefaultsBeforeIt() {
        HaproxyConfig c = Cfg.parse(
                """
                defaults
                  mode http
                  timeout connect 1s
                  timeout client 1s
                  timeout server 1s
                  option httplog
                  retries 5
                backend one
                defaults
                  timeout connect 2s
                  timeout client 2s
                  timeout server 2s
                backend two
                frontend f
                  bind :80
                  default_backend two
                """);
        ProxyConfig one = c.backend("one").orElseThrow();
        assertEquals(ProxyMode.HTTP, one.mode());
        assertEquals(Optional.of(Duration.ofSeconds(1)), one.timeouts().connect());
        assertTrue(one.options().httplog());
        assertEquals(5, one.retries());
        ProxyConfig two = c.backend("two").orElseThrow();
        assertEquals(ProxyMode.TCP, two.mode(), "a new defaults section starts from scratch");
        assertFalse(two.options().httplog());
        assertEquals(ProxyConfig.DEFAULT_RETRIES, two.retries());
        assertEquals(Optional.of(Duration.ofSeconds(2)), two.timeouts().connect());
        assertEquals(Optional.of(""), two.fromDefaults());
    }

    @Test
    void theRedispatchIntervalIsInheritedAndOverridden() {
        HaproxyConfig c = Cfg.parse(Cfg.TIMEOUTS + "  option redispatch 2\n"
                + "backend a\n"
                + "backend b\n  option redispatch\n"
                + "backend n\n  no option redispatch\n"
                + "backend z\n  option redispatch -2\n");
        assertTrue(c.backend("a").orElseThrow().options().redispatch());
        assertEquals(2, c.backend("a").orElseThrow().options().redispatchAfter(), "inherited from defaults");
        assertEquals(-1, c.backend("b").orElseThrow().options().redispatchAfter(), "no interval: the last retry");
        assertFalse(c.backend("n").orElseThrow().options().redispatch());
        assertEquals(0, c.backend("n").orElseThrow().options().redispatchAfter());
        assertEquals(-2, c.backend("z").orElseThrow().options().redispatchAfter());
    }

    @Test
    void proxyOverridesWhatItInherits() {
        ProxyConfig b = Cfg.parse(Cfg.TIMEOUTS + "  option redispatch\n  balance leastconn\n"
                        + "backend b\n  no option redispatch\n  timeout server 9s\n  balance source\n")
                .backend("b")
                .orElseThrow();
        assertFalse(b.options().redispatch());
        assertEquals(Optional.of(Duration.ofSeconds(9)), b.timeouts().server());
        assertEquals(Optional.of(Duration.ofSeconds(1)), b.timeouts().connect());
        assertEquals(BalanceAlgorithm.SOURCE, b.balance().algorithm());
    }

    @Test
    void timeoutTunnelIsABackendTimeoutInheritedFromDefaults() {
        HaproxyConfig c = Cfg.parse(Cfg.TIMEOUTS + "  timeout tunnel 1h\nbackend a\nbackend b\n  timeout tunnel 30s\n");
        assertEquals(
                Optional.of(Duration.ofHours(1)),
                c.backend("a").orElseThrow().timeouts().tunnel());
        assertEquals(
                Optional.of(Duration.ofSeconds(30)),
                c.backend("b").orElseThrow().timeouts().tunnel());
    }

    @Test
    void laterChangesToAProxyDoNotLeakIntoTheDefaultsOrSiblings() {
        HaproxyConfig c = Cfg.parse(Cfg.TIMEOUTS + "  default-server inter 3s\nbackend a\n  default-server rise 9\n"
                + "  server s 1.2.3.4:80\nbackend b\n  server s 1.2.3.4:80\n");
        ServerConfig a = c.backend("a").orElseThrow().servers().get(0);
        ServerConfig b = c.backend("b").orElseThrow().servers().get(0);
        assertEquals(Duration.ofSeconds(3), a.inter());
        assertEquals(9, a.rise());
        assertEquals(Duration.ofSeconds(3), b.inter());
        assertEquals(ServerConfig.DEFAULT_RISE, b.rise());
    }

    @Test
    void namedDefaultsAndFrom() {
        HaproxyConfig c = Cfg.parse(
                """
                defaults web
                  mode http
                  timeout connect 1s
                  timeout client 1s
                  timeout server 1s
                defaults tcp
                  mode tcp
                  timeout connect 3s
                  timeout client 3s
                  timeout server 3s
                frontend f from web
                  bind :80
                  default_backend b
                backend b from web
                backend t
                defaults derived from web
                  retries 7
                backend d
                """);
        assertEquals(ProxyMode.HTTP, c.frontend("f").orElseThrow().mode());
        assertEquals(Optional.of("web"), c.frontend("f").orElseThrow().fromDefaults());
        assertEquals(ProxyMode.TCP, c.backend("t").orElseThrow().mode(), "without 'from': the last defaults");
        assertEquals(
                Optional.of(Duration.ofSeconds(3)),
                c.backend("t").orElseThrow().timeouts().connect());
        ProxyConfig d = c.backend("d").orElseThrow();
        assertEquals(ProxyMode.HTTP, d.mode());
        assertEquals(7, d.retries());
        assertEquals(Optional.of("derived"), d.fromDefaults());
    }

    @Test
    void defaultsCarryFrontendSettingsOnlyToFrontends() {
        HaproxyConfig c = Cfg.parse(Cfg.TIMEOUTS + "  maxconn 100\n  default_backend b\n  monitor-uri /m\n"
                + "frontend f\n  bind :80\nbackend b\n");
        ProxyConfig f = c.frontend("f").orElseThrow();
        assertEquals("b", f.defaultBackend().orElseThrow().name());
        assertEquals(Optional.of("/m"), f.monitorUri());
        assertEquals(OptionalInt.of(100), f.maxconn());
        ProxyConfig b = c.backend("b").orElseThrow();
        assertTrue(b.defaultBackend().isEmpty());
        assertTrue(b.monitorUri().isEmpty());
    }

    @Test
    void withoutAnyDefaultsHaproxyDefaultsApply() {
        ProxyConfig b =
                Cfg.parse("backend b\n  server s 1.2.3.4:80\n").backend("b").orElseThrow();
        assertEquals(ProxyMode.TCP, b.mode());
        assertEquals(BalanceAlgorithm.ROUNDROBIN, b.balance().algorithm());
        assertEquals(HashType.Method.MAP_BASED, b.hashType().method());
        assertEquals(HttpConnectionMode.KEEP_ALIVE, b.options().httpConnectionMode());
        assertTrue(b.fromDefaults().isEmpty());
        assertTrue(b.timeouts().values().isEmpty());
        ServerConfig s = b.servers().get(0);
        assertEquals(1, s.weight());
        assertEquals(ServerConfig.DEFAULT_INIT_ADDR, s.initAddr());
        assertEquals(ServerConfig.DEFAULT_INTER, s.fastinter());
    }
}
