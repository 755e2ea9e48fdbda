package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The HTTP/1 parsing knobs the h1 engine implements reach the model. */
class HttpParsingOptionsTest {

    @Test
    void acceptInvalidOptionsPerSideAndInheritedFromDefaults() {
        HaproxyConfig c = Cfg.parse(
                "defaults\n  mode http\n  option accept-invalid-http-request\n" + Cfg.TIMEOUTS.replace("defaults\n", "")
                        + "frontend f\n  bind :80\n  default_backend b\n"
                        + "backend b\n  option accept-invalid-http-response\n  server s 127.0.0.1:1\n"
                        + "frontend g\n  bind :81\n  no option accept-invalid-http-request\n  default_backend b\n");
        assertTrue(c.frontend("f").orElseThrow().options().acceptInvalidHttpRequest());
        assertFalse(c.frontend("g").orElseThrow().options().acceptInvalidHttpRequest());
        assertTrue(c.backend("b").orElseThrow().options().acceptInvalidHttpResponse());
    }

    @Test
    void tuneHttpMaxhdr() {
        HaproxyConfig c = Cfg.parse("global\n  tune.http.maxhdr 50\n" + Cfg.TIMEOUTS);
        assertEquals(OptionalInt.of(50), c.global().tuneHttpMaxhdr());
    }

    @Test
    void spliceOptionsPerProxyAndTheGlobalKnobs() {
        HaproxyConfig c = Cfg.parse("global\n  nosplice\n  tune.pipesize 262144\n"
                + "defaults\n  mode http\n  option splice-response\n" + Cfg.TIMEOUTS.replace("defaults\n", "")
                + "frontend f\n  bind :80\n  option splice-request\n  default_backend b\n"
                + "backend b\n  no option splice-response\n  option splice-auto\n  server s 127.0.0.1:1\n");
        ProxyOptions f = c.frontend("f").orElseThrow().options();
        ProxyOptions b = c.backend("b").orElseThrow().options();
        assertTrue(f.spliceRequest() && f.spliceResponse() && !f.spliceAuto(), "the frontend's and the defaults'");
        assertTrue(!b.spliceRequest() && !b.spliceResponse() && b.spliceAuto());
        assertTrue(c.global().nosplice());
        assertEquals(OptionalInt.of(262144), c.global().tunePipesize());
        assertTrue(c.warnings().isEmpty(), "implemented, not tuning knobs: " + c.warnings());
    }

    @Test
    void spliceOptionsInModeTcpAreWarnedAtTheirLine() {
        // hapair splices HTTP/1 bodies only: a tcp proxy's streams are copied, which the operator is told
        List<String> w = Cfg.warnings(Cfg.TIMEOUTS
                + "listen l\n  mode tcp\n  bind :80\n  option splice-auto\n  server s 127.0.0.1:1\n"
                + "listen h\n  mode http\n  bind :81\n  option splice-auto\n  server s 127.0.0.1:1\n"
                + "listen off\n  mode tcp\n  bind :82\n  option splice-auto\n  no option splice-auto\n"
                + "  server s 127.0.0.1:1\n");
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.get(0).startsWith("t.cfg:8:") && w.get(0).contains("mode tcp"), w.toString());
    }
}
