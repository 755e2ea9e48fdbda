package dev.hapair.common.config;

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

    @Test
    void caseIsIgnoredAndTheCandidateKeepsItsSpelling() {
        List<String> kw = List.of("virtual_router_id", "roundrobin");
        assertEquals(Optional.of("virtual_router_id"), Suggestions.closest("Virtual_Routr_Id", kw));
        assertEquals(Optional.of("roundrobin"), Suggestions.closest("ROUNDROBIN", kw));
        assertEquals(Optional.empty(), Suggestions.closest("foo", List.of("fall", "rise")), "too far");
    }

    @Test
    void keepalivedKeywordsNeedACloseMatch() {
        assertEquals(
                Optional.of("virtual_router_id"),
                Suggestions.closest("virtual_routr_id", List.of("priority", "virtual_router_id")));
        assertEquals(Optional.of("priority"), Suggestions.closest("prioirty", List.of("priority", "preempt")));
        assertEquals(Optional.empty(), Suggestions.closest("xyz", List.of("priority", "fall")));
        assertEquals(1, Suggestions.distance("ab", "ba"));
        assertEquals(3, Suggestions.distance("kitten", "sitting"));
    }
}
