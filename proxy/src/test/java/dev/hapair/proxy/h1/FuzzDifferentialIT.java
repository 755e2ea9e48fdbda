package dev.hapair.proxy.h1;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated differential against the installed HAProxy: {@link FuzzDifferential}'s seeded cases through both
 * proxies side by side, compared as {@link DifferentialIT} compares its hand-written corpus (what each server
 * got, field by field, and what each client got). Fails when hapair forwards what HAProxy refuses, forwards
 * different framing or different fields, or answers a response differently; where hapair refuses what HAProxy
 * lets through (a deliberate difference, README) the case is counted, not failed, since a generated case has no
 * mark. Any divergence is run a second time: HAProxy answers some inputs differently by how the bytes arrive.
 *
 * <p>CI runs a small bounded run (seed 16, 150 cases). As a manual tool, with more cases or another seed:
 * {@code mvn -B -pl proxy -am -Dit.test=FuzzDifferentialIT -Dfuzz.seed=7 -Dfuzz.count=3000 verify}
 * ({@code -Dfuzz.from=N} starts at case N, {@code -Dfuzz.quiet=ms} sets how long a client waits after a
 * complete answer, 150 by default); every divergence's raw bytes go to {@code proxy/target/fuzz-report.txt}.
 */
class FuzzDifferentialIT {
    @BeforeAll
    static void start() throws Exception {
        DifferentialIT.start();
        DifferentialIT.quietMillis = Integer.getInteger("fuzz.quiet", 150);
    }

    @AfterAll
    static void stop() throws Exception {
        DifferentialIT.quietMillis = 250;
        DifferentialIT.stop();
    }

    @Test
    void generatedCasesGoThroughHapairAsThroughHaproxy() throws Exception {
        long seed = Long.getLong("fuzz.seed", 16);
        int from = Integer.getInteger("fuzz.from", 0);
        int count = Integer.getInteger("fuzz.count", 150);
        long deadline = System.nanoTime() + Long.getLong("fuzz.seconds", 50) * 1_000_000_000L;
        FuzzDifferential gen = new FuzzDifferential(seed);
        Map<String, Integer> classes = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        int ran = 0;
        for (int i = from; i < from + count && System.nanoTime() < deadline; i++) {
            DifferentialIT.Case c = gen.generate(i);
            ran++;
            DifferentialIT.Outcome o;
            try {
                o = DifferentialIT.compare(c);
            } catch (RuntimeException e) { // the harness's own decoder, not a proxy: reported, the run goes on
                classes.merge("harness error", 1, Integer::sum);
                report.append("### harness error ")
                        .append(e)
                        .append("\n=== ")
                        .append(c.name())
                        .append('\n');
                continue;
            }
            String cls = classify(c, o);
            if (cls == null) continue;
            DifferentialIT.Outcome again = DifferentialIT.compare(c);
            if (!cls.equals(classify(c, again))) {
                cls = "unstable (HAProxy or timing: " + cls + " then " + classify(c, again) + ")";
            } else if (cls.startsWith("a ") || cls.startsWith("c ")) {
                failures.add(cls + ": " + c.name() + ": " + o.failures());
            }
            classes.merge(cls.replaceAll("(?s): .*", ""), 1, Integer::sum);
            report.append("### ").append(cls).append('\n').append(o.report());
        }
        StringBuilder summary =
                new StringBuilder("seed " + seed + ", cases " + from + ".." + (from + ran - 1) + ": " + ran + " ran\n");
        classes.forEach(
                (k, v) -> summary.append("  ").append(v).append("  ").append(k).append('\n'));
        Path out = Path.of(System.getProperty("user.dir"), "target", "fuzz-report.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, summary + "\n" + report, StandardCharsets.ISO_8859_1);
        System.out.println(summary);
        assertEquals(List.of(), failures, summary + String.join("\n", failures));
    }

    /**
     * The class of a divergence, or null when both proxies did the same: (a) hapair forwarded what HAProxy
     * refused or other framing, or answered a response otherwise; (c) other forwarded field bytes; (b) hapair
     * refused what HAProxy forwarded; (s) both refused or both answered, with other status codes or one closed.
     */
    static String classify(DifferentialIT.Case c, DifferentialIT.Outcome o) {
        for (String f : o.failures()) {
            // both servers got the same thing, one the recorder cannot decode: no difference between the proxies
            if (f.startsWith("forwarded invalid framing")
                    && o.haproxyServerSaw().equals(o.hapairServerSaw())) continue;
            if (!f.startsWith("forwarded other fields")) return "a " + f.replaceAll("(?s):.*", "");
        }
        if (o.failures().stream().anyMatch(f -> f.startsWith("forwarded other fields")))
            return "c forwarded other fields";
        String known = KnownDifferences.reason(c);
        if (o.stricter()) return "b hapair stricter, " + (known == null ? "NEW" : known);
        List<String> hp = statuses(o.haproxyClientSaw());
        List<String> hs = statuses(o.hapairClientSaw());
        if (!hp.equals(hs) && finals(hp).equals(finals(hs)))
            // hapair relays each interim response as soon as it is parsed, HAProxy drops those that came in the
            // read with a broken final response (DifferentialIT.refused says the same)
            return "s interim responses relayed before the same final answer: " + hp + " / " + hs;
        if (!hp.equals(hs)) return "s other status, " + (known == null ? "NEW" : known) + ": " + hp + " / " + hs;
        return null;
    }

    private static List<String> finals(List<String> statuses) {
        return statuses.stream()
                .filter(x -> !x.matches("1\\d\\d") || x.equals("101"))
                .toList();
    }

    private static List<String> statuses(List<String> saw) {
        return saw.stream().map(s -> s.length() >= 3 ? s.substring(0, 3) : s).toList();
    }
}
