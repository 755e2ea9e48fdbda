package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code fd@N} addresses (inherited listening sockets) as VTest and systemd socket activation write them. */
class FdEndpointTest {

    @Test
    void bindAndStatsSocketOnInheritedFdsWithEnvironmentExpansion() {
        HaproxyConfig c = Cfg.parse(
                "global\n  stats socket \"fd@${cli}\" level admin\n" + Cfg.TIMEOUTS
                        + "frontend f\n  bind \"fd@${fe1}\"\n  bind fd@3\n  default_backend b\nbackend b\n  server s 127.0.0.1:80\n",
                Map.of("cli", "12", "fe1", "13"));
        List<BindConfig> binds = c.frontend("f").orElseThrow().binds();
        assertEquals(13, ((Endpoint.Fd) binds.get(0).endpoints().get(0)).fd());
        assertEquals("fd@3", binds.get(1).endpoints().get(0).display());
        assertEquals(9, binds.get(1).endpoints().get(0).location().line());
        StatsSocket cli = c.global().statsSockets().get(0);
        assertEquals(12, ((Endpoint.Fd) cli.endpoint()).fd());
        assertEquals(StatsLevel.ADMIN, cli.level());
    }

    @Test
    void addressesExpandEnvironmentVariablesEvenUnquotedAsHaproxyDoes() {
        HaproxyConfig c = Cfg.parse(
                "global\n  stats socket fd@${cli} level admin\n  log ${LOGHOST}:514 local0\n"
                        + Cfg.TIMEOUTS + "frontend f\n  bind 127.0.0.1:${PX},$IP6:${PX}\n  default_backend b\n"
                        + "backend b\n  server s1 ${s1_addr}:${s1_port}\n  server s2 x${UNSET_ONE}y.example:8$UNSET_TWO\n",
                Map.of(
                        "cli",
                        "12",
                        "LOGHOST",
                        "127.0.0.9",
                        "PX",
                        "8081",
                        "IP6",
                        "[::1]",
                        "s1_addr",
                        "10.0.0.1",
                        "s1_port",
                        "8080"));
        assertEquals(12, ((Endpoint.Fd) c.global().statsSockets().get(0).endpoint()).fd());
        assertEquals("127.0.0.9:514", c.global().logs().get(0).address());
        List<Endpoint> binds = c.frontend("f").orElseThrow().binds().get(0).endpoints();
        assertEquals("127.0.0.1:8081", binds.get(0).display());
        assertEquals("[::1]:8081", binds.get(1).display());
        ProxyConfig b = c.backend("b").orElseThrow();
        assertEquals("10.0.0.1", b.servers().get(0).host());
        assertEquals(8080, b.servers().get(0).port());
        assertEquals("xy.example", b.servers().get(1).host(), "an unset variable expands to nothing");
        assertEquals(8, b.servers().get(1).port());
        List<String> e = Cfg.errors(Cfg.TIMEOUTS + "frontend f\n  bind 127.0.0.1:${NOT_SET_PORT}\n");
        assertTrue(e.get(0).startsWith("t.cfg:6: missing port number in '127.0.0.1:'"), e.toString());
    }

    @Test
    void malformedOrUnsetFdNumbersAreErrorsAtTheirLine() {
        String head = Cfg.TIMEOUTS + "frontend f\n";
        List<String> unset = Cfg.errors(head + "  bind \"fd@${NOT_SET_ANYWHERE}\"\n");
        assertTrue(
                unset.get(0).startsWith("t.cfg:6") && unset.get(0).contains("missing file descriptor number"),
                unset.toString());
        List<String> word = Cfg.errors(head + "  bind fd@three\n");
        assertTrue(word.get(0).contains("invalid file descriptor number 'three'"), word.toString());
        List<String> negative = Cfg.errors(head + "  bind fd@-1\n");
        assertTrue(negative.get(0).contains("invalid file descriptor number '-1'"), negative.toString());
    }

    @Test
    void oneInheritedSocketCannotBeBoundTwice() {
        List<String> e = Cfg.errors(Cfg.TIMEOUTS + "frontend a\n  bind fd@3\nfrontend b\n  bind fd@3\n");
        assertTrue(
                e.stream().anyMatch(s -> s.startsWith("t.cfg:8") && s.contains("'fd@3' is already bound at t.cfg:6")),
                e.toString());
    }

    @Test
    void serversCannotUseFdAddresses() {
        List<String> e = Cfg.errors(Cfg.TIMEOUTS + "backend b\n  server s fd@3\n");
        assertTrue(e.get(0).contains("'fd@' is not supported"), e.toString());
    }
}
