package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Suspicious constructs HAProxy also warns about are warnings naming file:line and keyword. */
class WarningsTest {

    private static void assertWarning(String config, String expected) {
        List<String> w = Cfg.warnings(config);
        assertTrue(
                w.stream().anyMatch(s -> s.startsWith(expected)),
                () -> "expected a warning starting with\n  " + expected + "\ngot\n  " + String.join("\n  ", w));
    }

    @Test
    void keywordsWithoutTheCapabilityAreIgnoredWithAWarning() {
        assertWarning(
                Cfg.TIMEOUTS + "frontend f\n  bind :80\n  balance roundrobin\n",
                "t.cfg:7: 'balance' ignored because frontend 'f' has no backend capability");
        assertWarning(
                Cfg.TIMEOUTS + "backend b\n  timeout client 5s\n",
                "t.cfg:6: 'timeout client' ignored because backend 'b' has no frontend capability");
        assertWarning(
                Cfg.TIMEOUTS + "backend b\n  option dontlognull\n",
                "t.cfg:6: 'option dontlognull' ignored because backend 'b' has no frontend capability");
    }

    @Test
    void configurationLevelWarnings() {
        assertWarning(
                Cfg.TIMEOUTS + "listen a\n  bind 10.0.0.2:80\nlisten b\n  bind 10.0.0.2:80\n",
                "t.cfg:8: listen 'b' binds 10.0.0.2:80 which listen 'a' also binds (t.cfg:5)");
        assertWarning(
                Cfg.TIMEOUTS + "frontend a\n  bind *:80\nfrontend b\n  bind 0.0.0.0:80\n",
                "t.cfg:8: frontend 'b' binds 0.0.0.0:80 which frontend 'a' also binds");
        assertWarning("frontend f\n  bind :80\n", "t.cfg:1: missing timeouts for frontend 'f': 'client'");
        assertWarning(Cfg.TIMEOUTS + "frontend f\n", "t.cfg:5: frontend 'f' has no 'bind' directive");
        String tcp = Cfg.TIMEOUTS + "listen l\n  bind :80\n";
        assertWarning(tcp + "  option httplog\n", "t.cfg:5: 'option httplog' not usable with listen 'l'");
        assertWarning(
                tcp + "  cookie S insert\n", "t.cfg:7: cookie will be ignored for listen 'l' (needs 'mode http')");
        assertWarning(tcp + "  balance uri\n", "t.cfg:7: Layer 7 hash not possible for listen 'l'");
        assertWarning(tcp + "  http-request deny\n", "t.cfg:7: 'http-request' rules ignored for listen 'l'");
        assertWarning(
                Cfg.TIMEOUTS + "  mode http\nbackend b\n  cookie S rewrite maxidle 1h\n",
                "t.cfg:7: 'cookie S': 'maxidle' and 'maxlife' only apply with 'insert', ignored");
        assertWarning(tcp + "  stats enable\n", "t.cfg:7: 'stats' statement ignored for listen 'l'");
        assertWarning(
                Cfg.TIMEOUTS + "  mode http\nbackend b\n  cookie S rewrite preserve\n",
                "t.cfg:7: 'cookie S': 'preserve' is only meaningful with 'insert'");
    }
}
