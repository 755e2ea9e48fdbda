package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    @Test
    void closestKeywordWithinDistance() {
        List<String> kw = List.of("balance", "bind", "backlog", "server", "default-server");
        assertEquals(Optional.of("balance"), Suggestions.closest("balanse", kw));
        assertEquals(Optional.of("server"), Suggestions.closest("sever", kw));
        assertEquals(Optional.of("server"), Suggestions.closest("sevrer", kw), "transpositions count once");
        assertEquals(Optional.empty(), Suggestions.closest("frobnicate", kw));
        assertEquals("", Suggestions.didYouMean("zzzzzz", kw));
        assertEquals(" (did you mean 'bind'?)", Suggestions.didYouMean("bnid", kw));
    }
}
