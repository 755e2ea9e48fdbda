package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SniTableTest {

    private static SniTable<String> table(boolean strict) {
        return new SniTable<>(
                List.of(
                        Map.entry(List.of("a.test", "*.a.test"), "A"),
                        Map.entry(List.of("b.test", "*.wild.test"), "B"),
                        Map.entry(List.of("x.wild.test", "a.test"), "C")),
                strict);
    }

    @Test
    void exactNamesWinOverWildcardsAndTheFirstDeclarationKeepsAName() {
        SniTable<String> t = table(false);
        assertEquals(Optional.of("A"), t.select("a.test"));
        assertEquals(Optional.of("A"), t.select("A.TEST."), "case and a trailing dot do not matter");
        assertEquals(Optional.of("B"), t.select("b.test"));
        assertEquals(Optional.of("C"), t.select("x.wild.test"), "exact before the wildcard of an earlier certificate");
        assertEquals(Optional.of("B"), t.select("y.wild.test"));
        assertEquals(Optional.of("A"), t.select("www.a.test"));
    }

    @Test
    void aWildcardCoversExactlyOneLabel() {
        SniTable<String> t = table(true);
        assertEquals(Optional.empty(), t.select("wild.test"));
        assertEquals(Optional.empty(), t.select("deep.y.wild.test"));
    }

    @Test
    void theFirstCertificateIsTheDefaultUnlessStrictSni() {
        assertEquals(Optional.of("A"), table(false).select("other.test"));
        assertEquals(Optional.of("A"), table(false).select(null), "no SNI at all");
        assertEquals(Optional.empty(), table(true).select("other.test"));
        assertEquals(Optional.empty(), table(true).select(null));
    }
}
