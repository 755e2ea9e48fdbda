package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;

/** Test helpers: parse inline configs named {@code t.cfg}. */
final class Cfg {
    private Cfg() {}

    static final String TIMEOUTS = "defaults\n  timeout connect 1s\n  timeout client 1s\n  timeout server 1s\n";

    static HaproxyConfig parse(String content) {
        return parse(content, Map.of());
    }

    static HaproxyConfig parse(String content, Map<String, String> env) {
        try {
            return new HaproxyConfigLoader(env).parse("t.cfg", content);
        } catch (ConfigException e) {
            fail("unexpected errors:\n" + e.getMessage());
            return null;
        }
    }

    /** The formatted errors ({@code t.cfg:N: ...}). */
    static List<String> errors(String content) {
        ConfigException e =
                assertThrows(ConfigException.class, () -> new HaproxyConfigLoader(Map.of()).parse("t.cfg", content));
        return e.errors().stream().map(ConfigDiagnostic::format).toList();
    }

    static List<String> warnings(String content) {
        return parse(content).warnings().stream().map(ConfigDiagnostic::format).toList();
    }
}
