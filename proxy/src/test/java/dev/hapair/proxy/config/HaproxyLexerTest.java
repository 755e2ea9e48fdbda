package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Word splitting, quoting, escapes and env expansion, checked against what haproxy 2.6 -c prints. */
class HaproxyLexerTest {

    private static final Map<String, String> ENV = Map.of("HX", "abc", "HY", "p q", "ADDR", "127.0.0.1");

    private static List<String> words(String line) throws Exception {
        return HaproxyLexer.tokenize(line, ENV::get);
    }

    @Test
    void splitsOnBlanksAndTabs() throws Exception {
        assertEquals(List.of("server", "s1", "10.0.0.1:80", "check"), words("  server\ts1   10.0.0.1:80 check  "));
    }

    @Test
    void hashStartsACommentAnywhereUnquoted() throws Exception {
        assertEquals(List.of("maxconn", "30000"), words("maxconn 30000   #ulimit -n is at least 60018"));
        assertEquals(List.of("foo"), words("foo#bar"));
        assertEquals(List.of(), words("   # only a comment"));
        assertEquals(List.of("a#b"), words("\"a#b\""));
        assertEquals(List.of("a#b"), words("a\\#b"));
    }

    @Test
    void backslashEscapes() throws Exception {
        assertEquals(List.of("stats", "realm", "HAProxy Stats"), words("stats realm HAProxy\\ Stats"));
        assertEquals(List.of("fooA"), words("foo\\x41"));
        assertEquals(List.of("a\\b"), words("a\\\\b"));
        assertEquals(List.of("foo\\q"), words("foo\\q"), "unknown escapes are kept as written");
        assertEquals(List.of("a\r\nb\t"), words("a\\r\\nb\\t"));
        assertEquals(List.of("$HX"), words("\"\\$HX\""));
    }

    @Test
    void quotes() throws Exception {
        assertEquals(List.of("fooa\"b"), words("foo\"a\\\"b\""));
        assertEquals(List.of("fooa\"b"), words("foo'a\"b'"));
        assertEquals(List.of("a b", "c"), words("'a b' c"));
        assertEquals(List.of("x", ""), words("x \"\""));
        assertEquals(List.of("foo x"), words("foo\"\\ x\""));
        assertEquals(List.of("foo\\q"), words("'foo\\q'"), "nothing is special in single quotes");
    }

    @Test
    void lineWithEmptyFirstWordIsIgnoredLikeHaproxy() throws Exception {
        assertEquals(List.of(), words("\"\" x"));
    }

    @Test
    void envVarsExpandInsideDoubleQuotesOnly() throws Exception {
        assertEquals(List.of("fooabc"), words("foo\"$HX\""));
        assertEquals(List.of("fooabcx"), words("foo\"${HX}\"x"));
        assertEquals(List.of("fooabc.y"), words("foo\"$HX.y\""));
        assertEquals(List.of("foo$HX"), words("foo$HX"), "haproxy 2.6 leaves unquoted $VAR alone");
        assertEquals(List.of("foo$HX"), words("foo'$HX'"));
        assertEquals(List.of("127.0.0.1:80"), words("\"${ADDR}:80\""));
    }

    @Test
    void unsetVariablesExpandToNothingOrTheirDefault() throws Exception {
        assertEquals(List.of("foox"), words("foo\"$NOPE\"x"));
        assertEquals(List.of("foodef"), words("foo\"${NOPE-def}\""));
        assertEquals(List.of("fooabc"), words("foo\"${HX-def}\""));
    }

    @Test
    void starSuffixSplitsTheValueIntoWords() throws Exception {
        assertEquals(List.of("foop", "q"), words("foo\"${HY[*]}\""));
    }

    @Test
    void malformedLinesAreRejectedWithTheirPosition() {
        HaproxyLexer.LexException q = assertThrows(HaproxyLexer.LexException.class, () -> words("foo'a\\'b'"));
        assertTrue(q.getMessage().startsWith("unmatched quote"), q.getMessage());
        HaproxyLexer.LexException b = assertThrows(HaproxyLexer.LexException.class, () -> words("foo\"${HX\""));
        assertTrue(b.getMessage().startsWith("unmatched brace"), b.getMessage());
        HaproxyLexer.LexException f = assertThrows(HaproxyLexer.LexException.class, () -> words("foo\"$\""));
        assertTrue(f.getMessage().startsWith("forbidden first char"), f.getMessage());
        HaproxyLexer.LexException x = assertThrows(HaproxyLexer.LexException.class, () -> words("a\\xZ1"));
        assertTrue(x.getMessage().contains("hexadecimal"), x.getMessage());
    }
}
