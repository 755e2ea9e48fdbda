package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code id} on frontend/backend/listen: a persistent proxy number, positive and unique, not in defaults. */
class ProxyIdTest {
    private static final String TWO = Cfg.TIMEOUTS
            + "listen a\n  bind :8001\n  id 10\n  server s 127.0.0.1:1\n"
            + "backend b\n  id %s\n  server s 127.0.0.1:1\n";

    @Test
    void idIsKept() {
        HaproxyConfig c = Cfg.parse(TWO.formatted("11"));
        assertEquals(10, c.proxy("a").orElseThrow().id());
        assertEquals(11, c.proxy("b").orElseThrow().id());
    }

    @Test
    void duplicateZeroAndDefaultsAreRefusedWithTheirLine() {
        List<String> dup = Cfg.errors(TWO.formatted("10"));
        assertTrue(
                dup.stream().anyMatch(e -> e.startsWith("t.cfg:9:") && e.contains(" id 10 ") && e.contains("'a'")),
                dup.toString());
        List<String> zero = Cfg.errors(TWO.formatted("0"));
        assertTrue(zero.stream().anyMatch(e -> e.startsWith("t.cfg:10:") && e.contains("id")), zero.toString());
        List<String> inDefaults = Cfg.errors("defaults\n  id 3\n");
        assertTrue(
                inDefaults.stream().anyMatch(e -> e.startsWith("t.cfg:2:") && e.contains("id")), inDefaults.toString());
    }
}
