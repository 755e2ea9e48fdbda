package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code option httpslog} and {@code error-log-format} reach the model as HAProxy 2.6 reads them. */
class HttpsLogConfigTest {

    private static final String FE = "frontend f\n  bind :80\n  default_backend b\nbackend b\n  server s 127.0.0.1:1\n";

    @Test
    void httpslogIsTheHttpsLogFormatAndTheLastLogLineWins() {
        HaproxyConfig c = Cfg.parse(Cfg.TIMEOUTS + "  mode http\n  option httpslog\n" + FE);
        ProxyConfig f = c.frontend("f").orElseThrow();
        assertEquals(
                "%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %hr %hs"
                        + " %{+Q}r %[fc_err]/%[ssl_fc_err,hex]/%[ssl_c_err]/%[ssl_c_ca_err]/%[ssl_fc_is_resumed]"
                        + " %[ssl_fc_sni]/%sslv/%sslc",
                f.rules().logFormat().orElseThrow().format());
        assertTrue(f.rules().logFormatIn(ProxyMode.HTTP).isPresent());
        HaproxyConfig later = Cfg.parse(Cfg.TIMEOUTS + "  mode http\n  option httpslog\n"
                + FE.replace("  bind :80\n", "  bind :80\n  log-format %ci\n"));
        assertEquals(
                "%ci",
                later.frontend("f")
                        .orElseThrow()
                        .rules()
                        .logFormat()
                        .orElseThrow()
                        .format());
        HaproxyConfig httplog = Cfg.parse(Cfg.TIMEOUTS + "  mode http\n  option httpslog\n"
                + FE.replace("  bind :80\n", "  bind :80\n  option httplog\n"));
        ProxyConfig h = httplog.frontend("f").orElseThrow();
        assertEquals(Optional.empty(), h.rules().logFormat());
        assertTrue(h.options().httplog());
    }

    @Test
    void httpslogOutsideModeHttpIsTcplog() {
        HaproxyConfig c = Cfg.parse(Cfg.TIMEOUTS + "  mode tcp\n  option httpslog\n" + FE);
        RulesConfig r = c.frontend("f").orElseThrow().rules();
        assertTrue(r.logFormat().orElseThrow().httpslog());
        assertFalse(r.logFormatIn(ProxyMode.TCP).isPresent());
    }

    @Test
    void errorLogFormatInFrontendsAndDefaultsNotBackends() {
        HaproxyConfig c = Cfg.parse(Cfg.TIMEOUTS + "  error-log-format \"%ci %[fc_err]\"\n" + FE);
        assertEquals(
                "%ci %[fc_err]",
                c.frontend("f")
                        .orElseThrow()
                        .rules()
                        .errorLogFormat()
                        .orElseThrow()
                        .format());
        // in a backend HAProxy warns and ignores it, as log-format
        String warn = String.join("\n", Cfg.warnings(Cfg.TIMEOUTS + FE + "  error-log-format %ci\n"));
        assertTrue(warn.contains("t.cfg:10") && warn.contains("error-log-format"), warn);
    }
}
