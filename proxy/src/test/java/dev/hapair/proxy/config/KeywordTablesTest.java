package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Walks every keyword table of haproxy.cfg and uses each entry in a config: an entry that is not
 * implemented must be an error naming file:line and the keyword, or a documented tuning knob that warns
 * naming it. An entry silently accepted (or merely warned about) without being implemented fails here.
 */
class KeywordTablesTest {

    /** A table and how to write one of its keywords as line 2 of a config ({@code %s} = keyword [values]). */
    private record Walk(
            String name, KeywordTable<?> table, String head, String line, Function<String, String> display) {}

    private static final String LISTEN = Cfg.TIMEOUTS.replace("defaults\n", "") + "  mode http\n  bind :80\n";

    private static List<Walk> walks() {
        return List.of(
                new Walk("global", GlobalKeywords.TABLE, "global\n", "  %s\n", k -> k),
                new Walk("global stats", GlobalKeywords.STATS, "global\n", "  stats %s\n", k -> "stats " + k),
                new Walk("stats socket", GlobalKeywords.SOCKET, "global\n", "  stats socket /tmp/x.sock %s\n", k -> k),
                new Walk(
                        "ssl-default-bind-options",
                        GlobalKeywords.SSL_BIND_OPTIONS,
                        "global\n",
                        "  ssl-default-bind-options %s\n",
                        k -> k),
                new Walk("proxy", ProxyKeywords.TABLE, "listen l\n" + LISTEN, "  %s\n", k -> k),
                new Walk(
                        "timeout",
                        TimeoutKeywords.TABLE,
                        "listen l\n" + LISTEN,
                        "  timeout %s 1s\n",
                        k -> "timeout " + k),
                new Walk("stats", StatsKeywords.TABLE, "listen l\n" + LISTEN, "  stats %s\n", k -> "stats " + k),
                new Walk(
                        "http-check",
                        HttpCheckKeywords.TABLE,
                        "listen l\n" + LISTEN,
                        "  http-check %s\n",
                        k -> "http-check " + k),
                new Walk("option", OptionKeywords.TABLE, "listen l\n" + LISTEN, "  option %s\n", k -> "option " + k),
                new Walk("bind", BindKeywords.TABLE, "listen l\n" + LISTEN, "  bind :81 %s\n", k -> k),
                new Walk(
                        "server", ServerKeywords.TABLE, "listen l\n" + LISTEN, "  server s 127.0.0.1:80 %s\n", k -> k));
    }

    /** The config with the entry on its own line, and that line's number. */
    private static String config(Walk w, KeywordTable.Entry<?> e) {
        String words = e.keyword() + " x".repeat(e.arity());
        return w.head() + String.format(w.line(), words);
    }

    private static int lineOf(Walk w) {
        return (int) w.head().chars().filter(c -> c == '\n').count() + 1;
    }

    private static List<ConfigDiagnostic> diagnostics(String content) {
        try {
            return new HaproxyConfigLoader(Map.of()).parse("t.cfg", content).warnings();
        } catch (ConfigException e) {
            return e.diagnostics();
        }
    }

    @TestFactory
    List<DynamicTest> everyEntryIsImplementedAnErrorOrADocumentedTuningKnob() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Walk w : walks()) {
            for (KeywordTable.Entry<?> e : w.table().entries()) {
                tests.add(DynamicTest.dynamicTest(w.name() + " " + e.keyword() + " (" + e.support() + ")", () -> {
                    String cfg = config(w, e);
                    String at = "t.cfg:" + lineOf(w) + ": ";
                    String shown = w.display().apply(e.keyword());
                    List<ConfigDiagnostic> d = diagnostics(cfg).stream()
                            .filter(x -> x.location().line() == lineOf(w))
                            .toList();
                    switch (e.support()) {
                        case UNSUPPORTED -> assertTrue(
                                d.stream()
                                        .anyMatch(x -> x.isError()
                                                && x.format()
                                                        .startsWith(at + "'" + shown
                                                                + "' is not supported by hapair-proxy")),
                                () -> cfg + "\n=> " + d);
                        case TUNING -> {
                            assertFalse(e.reason().isBlank(), "a tuning knob says why it is safe to ignore");
                            assertTrue(
                                    TuningKeywords.all().stream()
                                            .anyMatch(k ->
                                                    k.family().equals(w.table().family())
                                                            && k.keyword().equals(e.keyword())
                                                            && k.reason().equals(e.reason())),
                                    "listed in TuningKeywords");
                            assertTrue(
                                    d.stream()
                                            .anyMatch(x -> !x.isError()
                                                    && x.format()
                                                            .startsWith(at + "'" + shown
                                                                    + "' only tunes HAProxy's internals and is ignored by hapair-proxy: "
                                                                    + e.reason())),
                                    () -> cfg + "\n=> " + d);
                        }
                            // "internal error": a handler that is not there, e.g. a keyword registered as
                            // implemented without a case in its table's dispatcher (KeywordTable.noCase)
                        case IMPLEMENTED -> assertTrue(
                                d.stream()
                                        .noneMatch(x -> x.message().contains("not supported")
                                                || x.message().contains("only tunes")
                                                || x.message().contains("ignored")
                                                || x.message().contains("internal error")),
                                () -> cfg + "\n=> " + d);
                    }
                }));
            }
        }
        return tests;
    }

    /** The rule actions (http-request, tcp-request ...): implemented ones compile, the others are errors. */
    @TestFactory
    List<DynamicTest> everyRuleActionIsImplementedOrAnError() {
        List<DynamicTest> tests = new ArrayList<>();
        for (var family : RuleKeywords.ACTIONS.entrySet()) {
            String prefix = family.getKey();
            String head = (prefix.startsWith("tcp-request connection") || prefix.startsWith("tcp-request session")
                            ? "frontend f\n"
                            : "listen l\n")
                    + LISTEN;
            for (String a : family.getValue()) {
                tests.add(DynamicTest.dynamicTest(prefix + " " + a + " (implemented)", () -> {
                    String cfg = head + "  " + prefix + " " + a + "\n";
                    int line = (int) head.chars().filter(c -> c == '\n').count() + 1;
                    List<ConfigDiagnostic> d = diagnostics(cfg).stream()
                            .filter(x -> x.location().line() == line)
                            .toList();
                    assertTrue(
                            d.stream()
                                    .noneMatch(x -> x.message().contains("not supported")
                                            || x.message().contains("ignored")),
                            () -> cfg + "\n=> " + d);
                }));
            }
            for (String a : RuleKeywords.NOT_IMPLEMENTED) {
                tests.add(DynamicTest.dynamicTest(prefix + " " + a + " (unsupported)", () -> {
                    String cfg = head + "  " + prefix + " " + a + "\n";
                    int line = (int) head.chars().filter(c -> c == '\n').count() + 1;
                    List<ConfigDiagnostic> d = diagnostics(cfg);
                    assertTrue(
                            d.stream()
                                    .anyMatch(x -> x.isError()
                                            && x.format()
                                                    .startsWith("t.cfg:" + line + ": '" + prefix + " " + a
                                                            + "' is not supported by hapair-proxy")),
                            () -> cfg + "\n=> " + d);
                }));
            }
        }
        return tests;
    }

    @Test
    void everyTuningKnobIsRegisteredInItsFamily() {
        Set<String> registered = new HashSet<>();
        for (Walk w : walks()) {
            for (KeywordTable.Entry<?> e : w.table().entries()) {
                if (e.support() == KeywordTable.Support.TUNING) {
                    registered.add(w.table().family() + "/" + e.keyword());
                }
            }
        }
        for (KeywordTable.Entry<?> e : CrtListFile.OPTIONS.entries()) { // crt-list lines are not config lines
            if (e.support() == KeywordTable.Support.TUNING) {
                registered.add(CrtListFile.OPTIONS.family() + "/" + e.keyword());
            }
        }
        Set<String> listed = new HashSet<>();
        TuningKeywords.all().forEach(k -> listed.add(k.family() + "/" + k.keyword()));
        assertEquals(listed, registered);
        assertEquals(TuningKeywords.all().size(), listed.size(), "no knob listed twice");
    }

    @Test
    void unsupportedSectionsAreErrors() {
        for (String s :
                List.of("peers p", "resolvers r", "cache c", "mailers m", "program p", "ring r", "log-forward l")) {
            List<ConfigDiagnostic> d = diagnostics(s + "\n  anything here\n");
            String kw = s.substring(0, s.indexOf(' '));
            assertTrue(
                    d.stream()
                            .anyMatch(x -> x.isError()
                                    && x.format().startsWith("t.cfg:1: '" + kw + "' is not supported by hapair-proxy")),
                    d::toString);
        }
    }
}
