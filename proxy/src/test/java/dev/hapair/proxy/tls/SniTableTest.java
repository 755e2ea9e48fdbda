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

    @Test
    void crtListFiltersAndExclusionsAsHaproxy26() {
        // cert1.pem !*          -> only ever the default
        // certW.pem *.d.tld !secure.d.tld
        // certS.pem secure.d.tld
        // certX.pem !w.d.tld    -> an exclusion alone does not hide another line's name
        SniTable<String> t = new SniTable<>(
                List.of(
                        Map.entry(List.of("!*"), "DEFAULT"),
                        Map.entry(List.of("*.d.tld", "!secure.d.tld", "!other.d.tld"), "W"),
                        Map.entry(List.of("secure.d.tld"), "S"),
                        Map.entry(List.of("!www.d.tld", "*.d.tld"), "X")),
                false);
        assertEquals(Optional.of("W"), t.select("www2.d.tld"));
        assertEquals(Optional.of("S"), t.select("secure.d.tld"));
        assertEquals(
                Optional.of("X"), t.select("other.d.tld"), "W excludes it, the next line with the wildcard serves it");
        assertEquals(Optional.of("W"), t.select("www.d.tld"), "X's exclusion concerns X only");
        assertEquals(Optional.of("DEFAULT"), t.select("none.test"));
        assertEquals(Optional.of("DEFAULT"), t.select(null));
        SniTable<String> strict = new SniTable<>(List.of(Map.entry(List.of("!*"), "D")), true);
        assertEquals(Optional.empty(), strict.select("d"), "'!*' names nothing");
    }
}
