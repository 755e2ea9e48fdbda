package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code http-reuse}: its four modes, the default, defaults inheritance and what is refused. */
class HttpReuseConfigTest {

    private static HttpReuse reuseOf(String cfg, String backend) {
        return Cfg.parse(Cfg.TIMEOUTS + cfg).backends().stream()
                .filter(b -> b.name().equals(backend))
                .findFirst()
                .orElseThrow()
                .options()
                .httpReuse();
    }

    @Test
    void safeByDefaultAndEachModeAsWritten() {
        assertEquals(HttpReuse.SAFE, reuseOf("backend b\n  mode http\n", "b"));
        for (HttpReuse r : HttpReuse.values()) {
            assertEquals(r, reuseOf("backend b\n  mode http\n  http-reuse " + r.keyword() + "\n", "b"));
            assertEquals(r, reuseOf("listen l\n  mode http\n  http-reuse " + r.keyword() + "\n", "l"));
        }
    }

    @Test
    void aDefaultsSectionGivesItsModeUntilABackendWritesItsOwn() {
        String cfg = "defaults\n  mode http\n  http-reuse always\nbackend inherits\nbackend own\n  http-reuse never\n"
                + "defaults\n  mode http\nbackend later\n";
        assertEquals(HttpReuse.ALWAYS, reuseOf(cfg, "inherits"));
        assertEquals(HttpReuse.NEVER, reuseOf(cfg, "own"));
        assertEquals(HttpReuse.SAFE, reuseOf(cfg, "later")); // a new defaults section starts from the default
    }

    @Test
    void anUnknownModeOrAMissingOneIsAnErrorNamingTheLine() {
        for (String bad : List.of("  http-reuse sometimes\n", "  http-reuse\n", "  http-reuse safe always\n")) {
            List<String> errors = Cfg.errors(Cfg.TIMEOUTS + "backend b\n  mode http\n" + bad);
            assertEquals(1, errors.size(), bad + errors);
            assertTrue(errors.get(0).startsWith("t.cfg:7:"), bad + errors);
            assertTrue(errors.get(0).contains("http-reuse"), bad + errors);
        }
    }

    @Test
    void aFrontendIsWarnedAsHaproxyDoes() {
        List<String> w = Cfg.warnings(Cfg.TIMEOUTS + "frontend f\n  mode http\n  bind :80\n  http-reuse always\n");
        assertTrue(w.stream().anyMatch(x -> x.startsWith("t.cfg:8:") && x.contains("http-reuse")), w.toString());
    }
}
