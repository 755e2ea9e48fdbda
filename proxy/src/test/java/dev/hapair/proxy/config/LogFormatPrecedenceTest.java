package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * HAProxy 2.6 keeps one traffic log format per section: {@code log-format}, {@code option httplog}, {@code option
 * tcplog} and {@code option httpslog} each replace whichever came before ("overrides any previous ..." in the
 * manual), and a proxy keeps its defaults section's choice until it writes one of its own.
 */
class LogFormatPrecedenceTest {

    private static final String FE = "frontend f\n  bind :80\n  default_backend b\n";
    private static final String BE = "backend b\n  server s 127.0.0.1:1\n";

    /** What the frontend logs with: "httplog", "tcplog", "httpslog" or the log-format text. */
    private static String choice(String defaults, String frontend) {
        ProxyConfig f = Cfg.parse(Cfg.TIMEOUTS + "  mode http\n" + defaults + FE + frontend + BE)
                .frontend("f")
                .orElseThrow();
        List<String> set = new java.util.ArrayList<>();
        if (f.options().httplog()) set.add("httplog");
        if (f.options().tcplog()) set.add("tcplog");
        f.rules().logFormat().ifPresent(l -> set.add(l.httpslog() ? "httpslog" : l.format()));
        assertTrue(set.size() <= 1, "one traffic log format at most, got " + set);
        return set.isEmpty() ? "none" : set.get(0);
    }

    @Test
    void theLastLineOfASectionWins() {
        assertEquals("httplog", choice("", "  log-format \"%ci x\"\n  option httplog\n"));
        assertEquals("%ci x", choice("", "  option httplog\n  log-format \"%ci x\"\n"));
        assertEquals("tcplog", choice("", "  log-format %ci\n  option tcplog\n"));
        assertEquals("%ci", choice("", "  option tcplog\n  log-format %ci\n"));
        assertEquals("httpslog", choice("", "  log-format %ci\n  option httpslog\n"));
        assertEquals("%ci", choice("", "  option httpslog\n  log-format %ci\n"));
        assertEquals("tcplog", choice("", "  option httplog\n  option tcplog\n"));
        assertEquals("httplog", choice("", "  option tcplog\n  option httplog\n"));
        assertEquals("httplog", choice("", "  option httpslog\n  option httplog\n"));
        assertEquals("%ci y", choice("", "  log-format %ci\n  log-format \"%ci y\"\n"));
        assertEquals("none", choice("", ""));
    }

    @Test
    void aProxyKeepsItsDefaultsChoiceUntilItWritesItsOwn() {
        assertEquals("%ci d", choice("  log-format \"%ci d\"\n", ""));
        assertEquals("httplog", choice("  option httplog\n", ""));
        assertEquals("httplog", choice("  log-format \"%ci d\"\n", "  option httplog\n"));
        assertEquals("%ci f", choice("  option httplog\n", "  log-format \"%ci f\"\n"));
        assertEquals("tcplog", choice("  option httpslog\n", "  option tcplog\n"));
        assertEquals("httpslog", choice("  option tcplog\n", "  option httpslog\n"));
        // within the defaults section itself the last line wins too
        assertEquals("httplog", choice("  log-format \"%ci d\"\n  option httplog\n", ""));
        assertEquals("%ci d", choice("  option httplog\n  log-format \"%ci d\"\n", ""));
    }

    @Test
    void aBackendLogFormatIsIgnoredAndChangesNothing() {
        HaproxyConfig c = Cfg.parse(Cfg.TIMEOUTS + "  mode http\n  option httplog\n" + FE + BE + "  log-format %ci\n");
        ProxyConfig b = c.backend("b").orElseThrow();
        assertTrue(b.options().httplog());
        assertEquals(Optional.empty(), b.rules().logFormat());
        String warn = String.join("\n", Cfg.warnings(Cfg.TIMEOUTS + FE + BE + "  log-format %ci\n"));
        assertTrue(warn.contains("t.cfg:10") && warn.contains("log-format"), warn);
    }

    @Test
    void noOptionIsRefusedAsInHaproxy() {
        for (String name : List.of("httplog", "tcplog", "httpslog")) {
            List<String> errors = Cfg.errors(Cfg.TIMEOUTS + FE + "  no option " + name + "\n" + BE);
            assertTrue(
                    errors.stream()
                            .anyMatch(e -> e.startsWith("t.cfg:8: ")
                                    && e.contains("negation/default is not supported for option '" + name + "'")),
                    errors.toString());
        }
    }

    @Test
    void httpslogOutsideModeHttpWarnsAsHaproxy() {
        String warn = String.join("\n", Cfg.warnings(Cfg.TIMEOUTS + "  mode tcp\n" + FE + "  option httpslog\n" + BE));
        assertTrue(
                warn.contains("t.cfg:9")
                        && warn.contains("'option httpslog' not usable with frontend 'f' (needs 'mode http')."
                                + " Falling back to 'option tcplog'"),
                warn);
    }
}
