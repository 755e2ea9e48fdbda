package dev.hapair.health.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpCheckSpecTest {

    private static String wire(HttpCheckSpec s) {
        return new String(s.requestBytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void bareOptionHttpchkSendsOptionsSlashHttp10() {
        assertEquals("OPTIONS / HTTP/1.0\r\n\r\n", wire(HttpCheckSpec.defaults()));
    }

    @Test
    void methodUriAndVersionAreWrittenLiterally() {
        assertEquals("GET /health HTTP/1.0\r\n\r\n", wire(HttpCheckSpec.of("GET", "/health", null)));
        // option httpchk GET /health HTTP/1.1\r\nHost:\ www  (after the config parser unescaped it)
        assertEquals(
                "GET /health HTTP/1.1\r\nHost: www\r\n\r\n",
                wire(HttpCheckSpec.of("GET", "/health", "HTTP/1.1\r\nHost: www")));
    }

    @Test
    void sendHdrAndBodyAreAppended() {
        HttpCheckSpec s = HttpCheckSpec.of("POST", "/chk", "HTTP/1.1")
                .withHeader("Host", "example.com")
                .withBody("ping");
        assertEquals("POST /chk HTTP/1.1\r\nHost: example.com\r\nContent-Length: 4\r\n\r\nping", wire(s));
    }

    @Test
    void bodyRulesMatchAndNegate() {
        assertTrue(BodyExpectation.contains("OK").matches("all OK"));
        assertFalse(BodyExpectation.contains("OK").matches("fail"));
        assertTrue(BodyExpectation.contains("OK").negated().matches("fail"));
        assertTrue(BodyExpectation.regex("^ALIVE$").matches("ALIVE"));
        assertEquals("! rstring ^x", BodyExpectation.regex("^x").negated().toString());
        assertTrue(StatusExpectation.defaults().isDefault());
        assertFalse(StatusExpectation.parseStatus("200-399").isDefault());
    }

    @Test
    void defaultExpectationIs2xxOr3xx() {
        StatusExpectation d = StatusExpectation.defaults();
        assertTrue(d.matches(200));
        assertTrue(d.matches(302));
        assertTrue(d.matches(399));
        assertFalse(d.matches(199));
        assertFalse(d.matches(404));
        assertFalse(d.matches(500));
    }

    @Test
    void expectStatusListsRangesAndRegex() {
        StatusExpectation e = StatusExpectation.parseStatus("200,301-308");
        assertTrue(e.matches(200));
        assertTrue(e.matches(305));
        assertFalse(e.matches(201));
        assertTrue(StatusExpectation.exactly(404).matches(404));
        assertFalse(StatusExpectation.exactly(404).matches(200));
        assertTrue(StatusExpectation.regex("^2").matches(204));
        assertFalse(StatusExpectation.regex("^2").matches(302));
        IllegalArgumentException ex =
                assertThrows(IllegalArgumentException.class, () -> StatusExpectation.parseStatus("200,abc"));
        assertTrue(ex.getMessage().contains("'abc'"));
        assertThrows(IllegalArgumentException.class, () -> StatusExpectation.parseStatus("500-200"));
    }
}
