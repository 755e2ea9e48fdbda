package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Unix stream socket addresses on bind and server lines, as HAProxy's reg-tests write them. */
class UnixEndpointTest {

    @Test
    void bindOnPathsAndAbstractNames() {
        HaproxyConfig c = Cfg.parse(
                Cfg.TIMEOUTS
                        + "frontend f\n  bind \"${tmpdir}/ssl.sock\"\n  bind unix@rel.sock\n  bind abns@lb1\n"
                        + "  default_backend b\nbackend b\n  server s 127.0.0.1:80\n",
                Map.of("tmpdir", "/tmp/x"));
        List<BindConfig> binds = c.frontend("f").orElseThrow().binds();
        Endpoint.Unix path = (Endpoint.Unix) binds.get(0).endpoints().get(0);
        assertEquals("/tmp/x/ssl.sock", path.path());
        assertFalse(path.isAbstract());
        assertEquals("rel.sock", ((Endpoint.Unix) binds.get(1).endpoints().get(0)).path());
        Endpoint.Unix abns = (Endpoint.Unix) binds.get(2).endpoints().get(0);
        assertEquals("lb1", abns.path());
        assertTrue(abns.isAbstract());
        assertEquals("abns@lb1", abns.display());
    }

    @Test
    void serversOnPathsAndAbstractNames() {
        HaproxyConfig c = Cfg.parse(
                Cfg.TIMEOUTS + "backend b\n  server s1 /run/app.sock\n  server s2 unix@/run/b.sock ssl verify none\n"
                        + "  server s3 abns@app\n  server s4 10.0.0.1:80\n",
                Map.of());
        List<ServerConfig> s = c.backend("b").orElseThrow().servers();
        assertEquals(
                Optional.of(new ServerConfig.UnixSocket("/run/app.sock", false)),
                s.get(0).unixSocket());
        assertEquals(0, s.get(0).port());
        assertEquals(
                Optional.of(new ServerConfig.UnixSocket("/run/b.sock", false)),
                s.get(1).unixSocket());
        assertTrue(s.get(1).ssl().enabled());
        assertEquals(
                Optional.of(new ServerConfig.UnixSocket("app", true)), s.get(2).unixSocket());
        assertEquals(Optional.empty(), s.get(3).unixSocket());
    }

    @Test
    void errorsNameTheAddress() {
        assertTrue(Cfg.errors(Cfg.TIMEOUTS + "frontend f\n  bind abns@\n")
                .get(0)
                .startsWith("t.cfg:6: missing unix socket name in 'abns@'"));
        String longPath = "/" + "x".repeat(120);
        assertTrue(Cfg.errors(Cfg.TIMEOUTS + "backend b\n  server s " + longPath + "\n")
                .get(0)
                .contains("is longer than 107 bytes"));
        assertTrue(Cfg.errors("global\n  stats socket abns@cli\n")
                .get(0)
                .contains("abstract namespace sockets are not supported by hapair for the stats socket"));
    }
}
