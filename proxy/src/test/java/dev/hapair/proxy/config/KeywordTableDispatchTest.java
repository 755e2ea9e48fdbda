package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hapair.common.config.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@link KeywordTable.Dispatcher} hands an implemented keyword to its table's switch. */
class KeywordTableDispatchTest {

    private static final ConfigLine LINE = new ConfigLine(new SourceLocation("t.cfg", 3), List.of("timeout", "client"));

    @Test
    void eachEntryPassesItsOwnKeywordNotTheLinesFirstWord() {
        List<String> seen = new ArrayList<>();
        KeywordTable<List<String>> t = new KeywordTable<>(
                "test", (k, c, l) -> c.add(k + "@" + l.location().line()));
        t.implemented("client").implemented("server", 1).implemented("connect", Capability.DB);
        for (String k : List.of("server", "client", "connect")) {
            KeywordTable.apply(t.find(k).orElseThrow(), seen, LINE, new Diagnostics(), k, "");
        }
        assertEquals(List.of("server@3", "client@3", "connect@3"), seen);
        assertEquals(List.of("client", "server", "connect"), List.copyOf(t.keywords()), "registration order kept");
        assertEquals(1, t.find("server").orElseThrow().arity());
        assertEquals(Capability.DB, t.find("connect").orElseThrow().capabilities());
    }

    @Test
    void anotherClassesDispatcherHandlesTheKeywordsItAdds() {
        List<String> seen = new ArrayList<>();
        KeywordTable<List<String>> t = new KeywordTable<>("test", (k, c, l) -> c.add("table:" + k));
        KeywordTable.Dispatcher<List<String>> other = (k, c, l) -> c.add("other:" + k);
        t.implemented("a").implemented("b", other).implemented("c", 2, other);
        for (String k : List.of("a", "b", "c")) {
            t.find(k).orElseThrow().handler().handle(seen, LINE);
        }
        assertEquals(List.of("table:a", "other:b", "other:c"), seen);
    }

    @Test
    void aTableWithoutDispatcherRefusesImplementedKeywords() {
        KeywordTable<Object> t = new KeywordTable<>("plain");
        assertThrows(IllegalStateException.class, () -> t.implemented("x"));
    }

    @Test
    void aKeywordWithoutCaseIsAnInternalErrorNamingIt() {
        KeywordTable<Object> t = new KeywordTable<>("test", (k, c, l) -> {
            switch (k) {
                case "known" -> {}
                default -> throw KeywordTable.noCase(k);
            }
        });
        t.implemented("known").implemented("forgotten");
        t.find("known").orElseThrow().handler().handle(null, LINE);
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> t.find("forgotten").orElseThrow().handler().handle(null, LINE));
        assertEquals("keyword 'forgotten' is registered but has no case in its dispatcher", e.getMessage());
    }
}
