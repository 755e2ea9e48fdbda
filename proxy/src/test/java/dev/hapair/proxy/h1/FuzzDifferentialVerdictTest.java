package dev.hapair.proxy.h1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What fails {@link FuzzDifferentialIT}'s run (no proxy needed): before, only (a) and (c) classes did, so a hapair
 * that refused valid requests HAProxy forwards (every case "b hapair stricter, NEW") passed it.
 */
class FuzzDifferentialVerdictTest {
    private static DifferentialIT.Case request(String bytes) {
        return new DifferentialIT.Case(
                "request", "gen", bytes.getBytes(StandardCharsets.ISO_8859_1), false, false, null);
    }

    private static DifferentialIT.Outcome outcome(boolean stricter, String haproxyStatus, String hapairStatus) {
        return new DifferentialIT.Outcome(
                List.of(),
                stricter,
                "",
                null,
                null,
                List.of(haproxyStatus),
                List.of(hapairStatus),
                new byte[0],
                new byte[0],
                List.of(),
                List.of());
    }

    @Test
    void aStricterAnswerOrAnotherStatusNoDeliberateDifferenceNamesFailsTheRun() {
        DifferentialIT.Case plain = request("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        String stricter = FuzzDifferentialIT.classify(plain, outcome(true, "200", "400"));
        assertEquals("b hapair stricter, NEW", stricter);
        assertTrue(FuzzDifferentialIT.fails(stricter));
        String other = FuzzDifferentialIT.classify(plain, outcome(false, "413", "400"));
        assertTrue(other.startsWith("s other status, NEW"), other);
        assertTrue(FuzzDifferentialIT.fails(other));
    }

    @Test
    void aKnownDeliberateDifferenceIsCountedOnly() {
        DifferentialIT.Case bareLf = request("GET / HTTP/1.1\nHost: a\r\n\r\n");
        String stricter = FuzzDifferentialIT.classify(bareLf, outcome(true, "200", "400"));
        assertEquals("b hapair stricter, bare LF", stricter);
        assertFalse(FuzzDifferentialIT.fails(stricter));
        assertFalse(FuzzDifferentialIT.fails(
                "s interim responses relayed before the same final answer: [100, 502] / [502]"));
    }
}
