package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fail closed: what hapair-proxy does not implement completely is an error naming file:line and the
 * keyword (never a warning, never ignored); only {@link TuningKeywords} knobs warn. One case per
 * directive of issue 10's "Why".
 */
class FailClosedTest {

    private static final String T = Cfg.TIMEOUTS + "frontend f\n  mode http\n  bind :80\n";

    private static void assertError(String config, String expected) {
        List<String> e = Cfg.errors(config);
        assertTrue(
                e.stream().anyMatch(s -> s.startsWith(expected)),
                () -> "expected an error starting with\n  " + expected + "\ngot\n  " + String.join("\n  ", e));
    }

    @Test
    void tlsOptionsHapairCannotHonourAreErrorsNotPlainHttpOnPort443() {
        assertError(
                T + "  bind :443 crt /x.pem\n",
                "t.cfg:8: TLS options (crt, alpn, ciphers, verify...) need 'ssl' on the bind line");
        assertError(
                T + "  bind :443 ssl crt /x.pem alpn h3,http/1.1\n",
                "t.cfg:8: 'alpn' in 'bind :443' of frontend 'f': protocol 'h3' cannot be offered");
        assertError(
                T + "  bind :443 ssl crt /x.pem npn h2\n",
                "t.cfg:8: 'npn' is not supported by hapair-proxy (in 'bind :443' of frontend 'f')");
    }

    @Test
    void unimplementedActionsAndOptionsAreErrors() {
        assertError(
                T + "  http-request silent-drop\n",
                "t.cfg:8: 'http-request silent-drop' is not supported by hapair-proxy");
        assertError(
                T + "  tcp-request content track-sc0 src\n",
                "t.cfg:8: 'tcp-request content track-sc0' is not supported by hapair-proxy");
        assertError(
                T + "  http-response set-map(/x) a b\n",
                "t.cfg:8: 'http-response set-map' is not supported by hapair-proxy");
        assertError(
                Cfg.TIMEOUTS + "backend b\n  mode tcp\n  tcp-response content silent-drop\n",
                "t.cfg:7: 'tcp-response content silent-drop' is not supported by hapair-proxy");
        assertError(T + "  capture cookie SID len 32\n", "t.cfg:8: 'capture cookie' is not supported");
        assertError(
                Cfg.TIMEOUTS + "backend b\n  server s 1.2.3.4:443 ssl verify none check-alpn h2\n",
                "t.cfg:6: 'check-alpn' is not supported by hapair-proxy (in server 's' of backend 'b')");
        assertError(
                Cfg.TIMEOUTS + "backend b\n  server s 1.2.3.4:80 send-proxy-v2-ssl\n",
                "t.cfg:6: 'send-proxy-v2-ssl' is not supported by hapair-proxy");
        assertError(
                Cfg.TIMEOUTS + "backend b\n  http-check send-state\n",
                "t.cfg:6: 'http-check send-state' is not supported by hapair-proxy");
        assertError(
                Cfg.TIMEOUTS + "backend b\n  http-check send uri-lf %[var(txn.p)]\n",
                "t.cfg:6: 'http-check send uri-lf' is not supported by hapair-proxy");
        assertError(
                "global\n  ssl-dh-param-file dh.pem\n",
                "t.cfg:2: 'ssl-dh-param-file' is not supported by hapair-proxy");
        assertError(
                Cfg.TIMEOUTS + "  timeout client-fin 1s\n",
                "t.cfg:5: 'timeout client-fin' is not supported by hapair-proxy");
    }

    @Test
    void droppedArgumentsAreErrors() {
        assertError(
                T + "  option forwardfor if-none\n",
                "t.cfg:8: 'option forwardfor if-none' is not supported by hapair-proxy");
        assertError(
                "global\n  log 127.0.0.1 format rfc5424 local0\n",
                "t.cfg:2: 'log ... format rfc5424' is not supported");
        assertError(
                "global\n  log 127.0.0.1 sample 3:2 local0\n",
                "t.cfg:2: 'log ... sample': range '3' must be increasing and within 1..2 in '3:2'");
        assertError("global\n  log 127.0.0.1 len 79 local0\n", "t.cfg:2: 'len' expects a length between 80 and 65535");
        // HAProxy refuses arguments after it (too many args): not read as 'nosplice' with something ignored
        assertError("global\n  nosplice on\n", "t.cfg:2: 'nosplice' takes no argument, got 'on'");
        // on/off options: an argument is never read past (HAProxy: too many args)
        assertError(
                T + "  option splice-auto on\n",
                "t.cfg:8: 'option splice-auto' takes no argument in hapair-proxy, got 'on'");
        // option redispatch <interval>: an integer (HAProxy's atol reads garbage as 0: refused here), one only
        assertError(
                Cfg.TIMEOUTS + "backend b\n  option redispatch three\n",
                "t.cfg:6: 'option redispatch' expects an integer <interval> (e.g. 1: every retry, -1: the last retry,"
                        + " 0: none), got 'three'");
        assertError(
                Cfg.TIMEOUTS + "backend b\n  option redispatch 1 2\n",
                "t.cfg:6: 'option redispatch' takes at most one argument (<interval>), got '2' after it");
        assertError(
                Cfg.TIMEOUTS + "backend b\n  no option redispatch 3\n",
                "t.cfg:6: 'option redispatch' takes no argument in hapair-proxy, got '3'");
        assertError(
                Cfg.TIMEOUTS + "backend b\n  no option abortonclose x\n",
                "t.cfg:6: 'option abortonclose' takes no argument in hapair-proxy, got 'x'");
        assertError(
                Cfg.TIMEOUTS + "backend b\n  balance roundrobin fast\n",
                "t.cfg:6: 'balance roundrobin' takes no argument, got 'fast'");
        assertError(
                Cfg.TIMEOUTS + "backend b\n  http-check expect ! status 500\n",
                "t.cfg:6: 'http-check expect ! status' is not supported by hapair-proxy");
    }

    @Test
    void unsupportedSectionsAreOneErrorEach() {
        List<String> e = Cfg.errors("resolvers dns\n  nameserver a 1.1.1.1:53\n  hold valid 10s\n");
        assertEquals(List.of("t.cfg:1: 'resolvers' is not supported by hapair-proxy (in section 'resolvers dns')"), e);
    }

    @Test
    void tuningKnobsWarnNamingTheKeywordAndWhy() {
        List<String> w = Cfg.warnings("global\n  cpu-map auto:1/1-4 0-3\n  tune.idle-pool.shared on\n" + T
                + "  bind :81 backlog 10\n  option tcp-smart-connect\n");
        assertTrue(
                w.contains("t.cfg:2: 'cpu-map' only tunes HAProxy's internals and is ignored by hapair-proxy: "
                        + TuningKeywords.of("global").stream()
                                .filter(k -> k.keyword().equals("cpu-map"))
                                .findFirst()
                                .orElseThrow()
                                .reason()),
                () -> String.join("\n", w));
        assertTrue(w.stream().anyMatch(s -> s.startsWith("t.cfg:3: 'tune.idle-pool.shared' only tunes")), w::toString);
        assertTrue(w.stream().anyMatch(s -> s.startsWith("t.cfg:11: 'backlog' only tunes")), w::toString);
        assertTrue(
                w.stream().anyMatch(s -> s.startsWith("t.cfg:12: 'option tcp-smart-connect' only tunes")), w::toString);
    }
}
