package dev.hapair.proxy.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * A format written into an HTTP message (set-header, return, redirect...) encodes the bytes a field value
 * cannot hold as HAProxy 2.6's LOG_OPT_HTTP does; a log line writes a sample's UTF-8 bytes as they are and stops
 * a sample at a NUL byte, as HAProxy's lf_text_len does. Each expected value is what haproxy 2.6.12 produced for
 * the same format (bench/README.md, session 15, tls15).
 */
class FormatStringHttpTest {

    private static final TestContext C = new TestContext("GET", "/");

    private static String http(String text) throws SampleException {
        return FormatString.compileHttp(text, SampleEnv.lenient(), Phase.ALL, "test")
                .render(C);
    }

    private static String log(String text) throws SampleException {
        return FormatString.compile(text, SampleEnv.lenient(), Phase.ALL, "test")
                .render(C, FormatString.Absent.DASH);
    }

    @Test
    void controlBytesAreEncodedInHttpValues() throws SampleException {
        // CR, LF, NUL, SOH and DEL as %XX; HTAB, SP, VCHAR and obs-text (0xFC) as they are
        assertEquals("a%0D%0Ab%00c%01\td e%7F\u00fc", http("%[str(a%0D%0Ab%00c%01%09d%20e%7F%FC),url_dec]"));
        // literal parts are not encoded, only samples
        assertEquals("x=%01-y", http("x=%[str(%01),url_dec]-y"));
    }

    @Test
    void httpValuesTakeNoQuotesAndNoDash() throws SampleException {
        assertEquals("v=abc", http("v=%{+Q}[str(abc)]"));
        assertEquals("v=", http("v=%[req.hdr(x-none)]"));
        assertEquals("v=", http("v=%{+Q}[req.hdr(x-none)]"));
    }

    @Test
    void nonHttpFormatsAreUnchanged() throws SampleException {
        FormatString f = FormatString.compile("%[str(a%01b),url_dec]", SampleEnv.lenient(), Phase.ALL, "test");
        assertEquals("a\u0001b", f.render(C));
        assertEquals(
                "\"abc\"",
                FormatString.compile("%{+Q}[str(abc)]", SampleEnv.lenient(), Phase.ALL, "t")
                        .render(C));
    }

    @Test
    void logLinesCarryUtf8SamplesAsTheirBytes() throws SampleException {
        // "Müller" as UTF-8 bytes (a byte string: one char per byte) is logged as the text "Müller", which the
        // sinks write back as the same UTF-8 bytes
        assertEquals("n=M\u00fcller", log("n=%[str(M%C3%BCller),url_dec]"));
        // a byte that is not UTF-8 stays as it is
        assertEquals("n=M\u00fcller", log("n=%[str(M%FCller),url_dec]"));
        // a NUL ends the sample, the format goes on; +Q keeps its closing quote
        assertEquals("n=ab x", log("n=%[str(ab%00cd),url_dec] x"));
        assertEquals("n=\"ab\" x", log("n=%{+Q}[str(ab%00cd),url_dec] x"));
    }

    @Test
    void plusXDoesNotApplyToSampleExpressions() throws SampleException {
        // haproxy 2.6.12: %{+X}[ssl_c_sha1] logs the same bytes as %[ssl_c_sha1] (+X is for %ci, %cp, %Ts...)
        assertEquals("n=ab", log("n=%{+X}[str(ab)]"));
        assertEquals("n=255", log("n=%{+X}[int(255)]"));
    }
}
