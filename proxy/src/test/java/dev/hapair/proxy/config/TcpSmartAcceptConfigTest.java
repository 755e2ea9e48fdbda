package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code option tcp-smart-accept}: HAProxy 2.6's automatic value (on in http and on an ssl bind, off in tcp),
 * {@code no option} turning it off, {@code option} forcing it in tcp, defaults inheritance, and an argument refused.
 */
class TcpSmartAcceptConfigTest {

    /** As it applies to the proxy's first bind line. */
    private static boolean smartAccept(String cfg, String frontend) {
        ProxyConfig p = Cfg.parse(Cfg.TIMEOUTS + cfg).frontends().stream()
                .filter(f -> f.name().equals(frontend))
                .findFirst()
                .orElseThrow();
        return p.tcpSmartAccept(p.binds().get(0).ssl().isPresent());
    }

    @Test
    void onInHttpOffInTcpUnlessWritten() {
        assertTrue(smartAccept("frontend f\n  mode http\n  bind :8080\n", "f"));
        assertFalse(smartAccept("frontend f\n  mode tcp\n  bind :8080\n", "f"));
        assertFalse(smartAccept("frontend f\n  mode http\n  bind :8080\n  no option tcp-smart-accept\n", "f"));
        assertTrue(smartAccept("frontend f\n  mode tcp\n  bind :8080\n  option tcp-smart-accept\n", "f"));
        assertTrue(smartAccept("listen l\n  mode tcp\n  bind :8080\n  option tcp-smart-accept\n", "l"));
    }

    /**
     * HAProxy 2.6's cfgparse.c turns it on for mode http or a bind with ssl unless "no option": a {@code mode tcp}
     * TLS listener's ClientHello is not acknowledged on its own there (tcpdump on lo, openssl s_client -tls1_3:
     * HAProxy's first server segment after the 225-byte ClientHello is its 1337-byte flight; hapair sent a bare
     * ACK first).
     */
    @Test
    void onForAnSslBindInModeTcpUnlessWrittenOff() {
        assertTrue(smartAccept("frontend f\n  mode tcp\n  bind :8443 ssl crt a.pem\n", "f"));
        assertFalse(
                smartAccept("frontend f\n  mode tcp\n  bind :8443 ssl crt a.pem\n  no option tcp-smart-accept\n", "f"));
        assertFalse(smartAccept("frontend f\n  mode tcp\n  bind :8080\n  bind :8443 ssl crt a.pem\n", "f"));
    }

    @Test
    void aDefaultsSectionPassesItOnAndItsModeDecidesWhenUnset() {
        String cfg = "defaults\n  mode http\n  no option tcp-smart-accept\nfrontend off\n  bind :8080\n"
                + "frontend on\n  bind :8081\n  option tcp-smart-accept\n"
                + "defaults\n  mode http\nfrontend again\n  bind :8082\nfrontend tcp\n  mode tcp\n  bind :8083\n";
        assertFalse(smartAccept(cfg, "off"));
        assertTrue(smartAccept(cfg, "on"));
        assertTrue(smartAccept(cfg, "again")); // a new defaults section starts from the mode's default
        assertFalse(smartAccept(cfg, "tcp"));
    }

    @Test
    void anArgumentIsAnErrorNamingTheLineAndItIsNoLongerATuningWarning() {
        List<String> errors = Cfg.errors(
                Cfg.TIMEOUTS + "frontend f\n  mode http\n  bind :8080\n" + "  option tcp-smart-accept yes\n");
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(
                errors.get(0).startsWith("t.cfg:8:") && errors.get(0).contains("tcp-smart-accept"), errors.toString());
        assertEquals(
                List.of(),
                Cfg.warnings(Cfg.TIMEOUTS + "frontend f\n  mode http\n  bind :8080\n  no option tcp-smart-accept\n"));
    }
}
