package dev.hapair.proxy.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hapair.proxy.sample.MatchKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code -i} string matching: whatever path it takes, the answer of lower-casing sample and patterns first. */
class StringPatternsTest {

    /** ASCII of both cases, Latin-1 letters (ß and ÿ have no Latin-1 upper case), and chars beyond U+00FF. */
    private static final String ALPHABET = "aAbBzZ.:/?-0 àÀÞþßÿµ\u0130\u03a3\u03c3\u039c\u03bc\u212a\u0131k";

    private static String random(Random r, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(max + 1); i > 0; i--) {
            sb.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    @Test
    void ignoreCaseAgreesWithLowerCasingTheSample() {
        Random r = new Random(13);
        MatchKind[] kinds = {MatchKind.STR, MatchKind.BEG, MatchKind.END, MatchKind.SUB, MatchKind.DOM, MatchKind.DIR};
        int matched = 0;
        for (int i = 0; i < 20_000; i++) {
            MatchKind kind = kinds[r.nextInt(kinds.length)];
            List<String> patterns = new ArrayList<>();
            for (int k = 1 + r.nextInt(3); k > 0; k--) patterns.add(random(r, 3));
            String sample = r.nextInt(4) == 0 ? patterns.get(0).toUpperCase(Locale.ROOT) : random(r, 6);
            if (r.nextBoolean()) sample = random(r, 2) + sample + random(r, 2);
            boolean expected = false;
            String lowered = sample.toLowerCase(Locale.ROOT);
            for (String p : patterns) expected |= kind.matchesText(lowered, p.toLowerCase(Locale.ROOT));
            assertEquals(
                    expected,
                    StringPatterns.compile(kind, true, patterns).matches(sample),
                    kind + " " + patterns + " on '" + sample + "'");
            if (expected) matched++;
        }
        // the random cases must exercise matches as well as misses
        assertEquals(true, matched > 2_000, "matches: " + matched);
    }

    @Test
    void caseIsIgnoredOnlyWithDashI() {
        assertEquals(
                true,
                StringPatterns.compile(MatchKind.STR, true, List.of("WWW.Example.com"))
                        .matches("www.EXAMPLE.com"));
        assertEquals(
                false,
                StringPatterns.compile(MatchKind.STR, false, List.of("WWW.Example.com"))
                        .matches("www.EXAMPLE.com"));
        assertEquals(
                true,
                StringPatterns.compile(MatchKind.SUB, true, List.of("sqlmap")).matches("Mozilla SQLMap/1.0"));
        assertEquals(
                true, StringPatterns.compile(MatchKind.END, true, List.of("É")).matches("café"));
        assertEquals(
                false,
                StringPatterns.compile(MatchKind.BEG, true, List.of("\u03bc")).matches("µ"));
    }
}
