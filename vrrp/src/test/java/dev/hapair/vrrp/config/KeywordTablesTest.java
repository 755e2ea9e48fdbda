package dev.hapair.vrrp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Walks every keyword table of keepalived.conf and writes each keyword in a file: one hapair-vrrp does
 * not implement must be an error naming file:line and the keyword, or a documented tuning knob that
 * warns naming it. A keyword accepted (or merely warned about) without being implemented fails here.
 */
class KeywordTablesTest {

    private static final String INSTANCE = "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n"
            + "  virtual_ipaddress {\n    10.213.0.10\n  }\n";

    /** A table and a config whose line {@code line} is {@code KEYWORD 1}. */
    private record Walk(KeywordTable<?> table, String before, String after, int line) {}

    private static List<Walk> walks() {
        return List.of(
                new Walk(TopLevelKeywords.TABLE, INSTANCE + "}\n", "", 8),
                new Walk(GlobalDefsKeywords.TABLE, "global_defs {\n", "}\n" + INSTANCE + "}\n", 2),
                new Walk(VrrpInstanceKeywords.TABLE, INSTANCE, "}\n", 7),
                new Walk(VrrpInstanceKeywords.AUTHENTICATION, INSTANCE + "  authentication {\n", "  }\n}\n", 8),
                new Walk(VrrpScriptKeywords.TABLE, INSTANCE + "}\nvrrp_script chk {\n", "}\n", 9),
                new Walk(TrackProcessKeywords.TABLE, INSTANCE + "}\nvrrp_track_process p {\n", "}\n", 9),
                new Walk(SyncGroupKeywords.TABLE, INSTANCE + "}\nvrrp_sync_group G {\n", "}\n", 9));
    }

    @TestFactory
    List<DynamicTest> everyKeywordIsImplementedAnErrorOrADocumentedTuningKnob() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Walk w : walks()) {
            for (String k : w.table().keywords()) {
                KeywordTable.Support s = w.table().support(k).orElseThrow();
                tests.add(DynamicTest.dynamicTest(w.table().family() + " " + k + " (" + s + ")", () -> {
                    String text = w.before() + "  " + k + " 1\n" + w.after();
                    List<Diagnostic> d = KeepalivedConfigParser.parse(text, "keepalived.conf").diagnostics().stream()
                            .filter(x -> x.location().line() == w.line())
                            .toList();
                    String at = "keepalived.conf:" + w.line() + ": ";
                    switch (s) {
                        case UNSUPPORTED -> assertTrue(
                                d.stream()
                                        .anyMatch(x -> x.severity() == Diagnostic.Severity.ERROR
                                                && x.toString()
                                                        .startsWith(
                                                                at + "'" + k + "' is not supported by hapair-vrrp")),
                                () -> text + "\n=> " + d);
                        case TUNING -> {
                            String reason = w.table().reason(k);
                            assertFalse(reason.isBlank());
                            assertTrue(TuningKeywords.all()
                                    .contains(new TuningKeywords.Knob(w.table().family(), k, reason)));
                            assertTrue(
                                    d.stream()
                                            .anyMatch(x -> x.severity() == Diagnostic.Severity.WARNING
                                                    && x.toString()
                                                            .startsWith(at + "warning: '" + k
                                                                    + "' only tunes keepalived's internals"
                                                                    + " and is ignored by hapair-vrrp: " + reason)),
                                    () -> text + "\n=> " + d);
                        }
                        case IMPLEMENTED -> assertTrue(
                                d.stream()
                                        .noneMatch(x -> x.message().contains("not supported")
                                                || x.message().contains("only tunes")
                                                || x.message().contains("ignored")),
                                () -> text + "\n=> " + d);
                    }
                }));
            }
        }
        return tests;
    }

    @Test
    void everyTuningKnobIsRegisteredInItsSection() {
        Set<TuningKeywords.Knob> registered = new HashSet<>();
        for (Walk w : walks()) {
            for (String k : w.table().keywords()) {
                if (w.table().support(k).orElseThrow() == KeywordTable.Support.TUNING) {
                    registered.add(new TuningKeywords.Knob(
                            w.table().family(), k, w.table().reason(k)));
                }
            }
        }
        assertEquals(new HashSet<>(TuningKeywords.all()), registered);
    }

    @Test
    void readmeListsTheTuningTable() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        assertTrue(
                readme.contains(TuningKeywords.markdownTable()),
                () -> "README.md must contain:\n" + TuningKeywords.markdownTable());
    }
}
