package dev.hapair.proxy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.config.HaproxyConfig;
import dev.hapair.proxy.config.ServerConfig;
import dev.hapair.proxy.proxyprotocol.ProxyHeaderEncoder.Version;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The PROXY protocol keywords at {@code -c}: what is accepted, what each sets, what stays an error. */
class ProxyProtocolConfigTest {

    private static final String F = Rules.HEAD + "frontend f\n  bind :80\n"; // the next line is t.cfg:8

    private static ServerConfig server(HaproxyConfig c, String name) {
        return c.proxy("b").orElseThrow().servers().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static void assertError(String cfg, String expected) {
        List<String> errors = Rules.errors(cfg);
        assertTrue(
                errors.stream().anyMatch(e -> e.contains(expected)),
                () -> "expected an error containing\n  " + expected + "\ngot\n  " + String.join("\n  ", errors));
    }

    @Test
    void acceptProxyAndExpectProxyAreValid() {
        String cfg = Rules.HEAD + "frontend f\n  bind :80 accept-proxy\n  bind :81\n"
                + "  tcp-request connection expect-proxy layer4 if { src 10.0.0.0/8 }\n  default_backend b\n"
                + "backend b\n  server s 127.0.0.1:80\n";
        assertEquals(List.of(), Rules.errors(cfg));
        HaproxyConfig c = Rules.config(cfg);
        assertTrue(c.proxy("f").orElseThrow().binds().get(0).acceptProxy());
        assertFalse(c.proxy("f").orElseThrow().binds().get(1).acceptProxy());
    }

    @Test
    void sendProxyVersionsDefaultServerAndNegations() {
        HaproxyConfig c = Rules.config(
                Rules.HEAD + "backend b\n  default-server send-proxy-v2\n"
                        + "  server a 127.0.0.1:80\n  server v1 127.0.0.1:80 no-send-proxy-v2 send-proxy\n"
                        + "  server none 127.0.0.1:80 no-send-proxy-v2\n  server both 127.0.0.1:80 send-proxy\n"
                        + "  server chk 127.0.0.1:80 check port 81 check-send-proxy\n  server port 127.0.0.1:80 check port 81\n");
        assertEquals(Version.V2, server(c, "a").sendProxy());
        assertEquals(Version.V1, server(c, "v1").sendProxy());
        assertEquals(Version.NONE, server(c, "none").sendProxy());
        assertEquals(Version.V2, server(c, "both").sendProxy(), "v2 wins over v1, as in HAProxy");
        assertTrue(server(c, "a").checksSendProxy(), "checks follow send-proxy without port/addr");
        assertTrue(server(c, "chk").checksSendProxy());
        assertFalse(server(c, "port").checksSendProxy(), "an explicit check port needs check-send-proxy");
        assertFalse(server(c, "none").checksSendProxy());
    }

    @Test
    void whatIsNotDoneStaysAnError() {
        assertError(
                Rules.HEAD + "backend b\n  server s 127.0.0.1:80 send-proxy-v2-ssl\n",
                "t.cfg:7: 'send-proxy-v2-ssl' is not supported by hapair-proxy");
        assertError(
                Rules.HEAD + "backend b\n  server s 127.0.0.1:80 send-proxy-v2-ssl-cn\n",
                "t.cfg:7: 'send-proxy-v2-ssl-cn' is not supported by hapair-proxy");
        assertError(
                Rules.HEAD + "backend b\n  server s 127.0.0.1:80 send-proxy-v2 proxy-v2-options crc32c\n",
                "t.cfg:7: 'proxy-v2-options' is not supported by hapair-proxy");
        assertError(F + "  bind :81 accept-netscaler-cip 1234\n", "t.cfg:8: 'accept-netscaler-cip' is not supported");
        assertError(
                F + "  tcp-request connection expect-proxy layer7\n",
                "t.cfg:8: 'tcp-request connection expect-proxy': expects 'layer4'");
        assertError(
                F + "  tcp-request content expect-proxy layer4\n",
                "t.cfg:8: 'tcp-request content expect-proxy' is not supported by hapair-proxy");
        assertError(
                F + "  tcp-request connection expect-netscaler-cip layer4\n",
                "t.cfg:8: 'tcp-request connection expect-netscaler-cip' is not supported by hapair-proxy");
    }
}
