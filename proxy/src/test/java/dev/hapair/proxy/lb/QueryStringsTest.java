package dev.hapair.proxy.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QueryStringsTest {
    @Test
    void firstValueTakesABareNameAsEmptyAndSkipsLongerNames() {
        assertEquals("", QueryStrings.firstValue("/a?q&q=1", "q"));
        assertEquals("3", QueryStrings.firstValue("/a?qq=2&q=3", "q"));
        assertEquals("", QueryStrings.firstValue("/a?q=", "q"));
        assertNull(QueryStrings.firstValue("/a?x=1#q=2", "q"), "the fragment is not the query");
        assertNull(QueryStrings.firstValue("/a", "q"));
        assertNull(QueryStrings.firstValue("/a?q=1", ""));
    }

    @Test
    void anyValueTestsEachNameEqualsValueInOrderAndSkipsBareNames() {
        assertTrue(QueryStrings.anyValue("/a?q=1&q=7", "q", "7"::equals));
        assertTrue(QueryStrings.anyValue("/a?q&q=1", "q", "1"::equals));
        assertFalse(QueryStrings.anyValue("/a?q=1&q", "q", String::isEmpty), "a bare name is no occurrence");
        assertFalse(QueryStrings.anyValue("/a?qq=7", "q", "7"::equals));
        assertFalse(QueryStrings.anyValue("/a?x=1#q=7", "q", "7"::equals));
    }
}
