package dev.hapair.proxy.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.sample.MapRegistry;
import dev.hapair.proxy.sample.PatternRef;
import dev.hapair.proxy.sample.SampleEnv;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Acl pattern sets are live objects (HAProxy's pattern references): acl lines naming the same {@code -f} file
 * share one set, each line's inline patterns are a set of their own, ids follow HAProxy's numbering, and runtime
 * changes (add/del/clear, prepare/commit) change what the compiled acls match without recompiling them.
 */
class LiveAclPatternsTest {

    private final SampleEnv.Files files = path -> Map.of(
                    "/etc/block.lst", List.of("10.0.0.1", "10.1.0.0/16"),
                    "/etc/paths.lst", List.of("/adm", "/priv"),
                    "/etc/xs.lst", List.of("a"),
                    "/etc/hosts.map", List.of("a.example x"))
            .get(path);
    private final MapRegistry registry = new MapRegistry(files);
    private final AclCompiler compiler = new AclCompiler(new SampleEnv(files, registry, b -> true, u -> true));

    private AclTable compile(String... lines) throws AclException {
        List<dev.hapair.proxy.config.AclDef> defs = new java.util.ArrayList<>();
        int n = 10;
        for (String l : lines) {
            int sp = l.indexOf(' ');
            defs.add(AclDefs.acl(l.substring(0, sp), l.substring(sp + 1), "h.cfg", n++));
        }
        return compiler.compile(defs);
    }

    private static boolean from(AclTable t, String acl, String src) {
        return t.find(acl).matches(FakeRequestView.get("/").from(src), BackendStates.NONE);
    }

    private static boolean path(AclTable t, String acl, String path) {
        return t.find(acl).matches(FakeRequestView.get(path), BackendStates.NONE);
    }

    @Test
    void listedAsHaproxyNumbersThem() throws Exception {
        compile(
                "bad src -f /etc/block.lst",
                "p path_beg -f /etc/paths.lst",
                "q path_beg -i /x /y",
                "bad2 src,ipmask(16) -f /etc/block.lst 127.0.0.2",
                "big hdr_cnt gt 3");
        List<String> described =
                registry.acls().stream().map(PatternRef::describe).toList();
        assertEquals(
                List.of(
                        "0 (/etc/block.lst) pattern loaded from file '/etc/block.lst' used by acl at file 'h.cfg'"
                                + " line 10, by acl at file 'h.cfg' line 13. curr_ver=0 next_ver=0 entry_cnt=2",
                        "1 () acl 'src' file 'h.cfg' line 10. curr_ver=0 next_ver=0 entry_cnt=0",
                        "2 (/etc/paths.lst) pattern loaded from file '/etc/paths.lst' used by acl at file 'h.cfg'"
                                + " line 11. curr_ver=0 next_ver=0 entry_cnt=2",
                        "3 () acl 'path_beg' file 'h.cfg' line 11. curr_ver=0 next_ver=0 entry_cnt=0",
                        "4 () acl 'path_beg' file 'h.cfg' line 12. curr_ver=0 next_ver=0 entry_cnt=2",
                        "5 () acl 'src' file 'h.cfg' line 13. curr_ver=0 next_ver=0 entry_cnt=1",
                        "6 () acl 'hdr_cnt' file 'h.cfg' line 14. curr_ver=0 next_ver=0 entry_cnt=1"),
                described);
        // an operator is stored as HAProxy's range pattern
        assertEquals("4:", registry.findAcl("#6").entries(null).get(0).pattern());
        assertEquals(registry.findAcl("#0"), registry.findAcl("/etc/block.lst"));
        assertEquals(null, registry.findAcl("#99"));
        assertEquals(null, registry.findAcl(""), "inline sets have no file name to find them by");
    }

    @Test
    void runtimeChangesApplyToTheCompiledAclsOfEveryLineSharingTheFile() throws Exception {
        AclTable t = compile("bad src -f /etc/block.lst", "bad2 src -f /etc/block.lst");
        PatternRef ref = registry.findAcl("/etc/block.lst");
        assertFalse(from(t, "bad", "192.0.2.7"));
        ref.add(null, "192.0.2.0/24");
        assertTrue(from(t, "bad", "192.0.2.7"));
        assertTrue(from(t, "bad2", "192.0.2.7"), "the second line shares the set");
        assertTrue(ref.delete("192.0.2.0/24"));
        assertFalse(from(t, "bad", "192.0.2.7"));
        assertFalse(ref.delete("192.0.2.0/24"));
        assertTrue(from(t, "bad", "10.1.2.3"));
        long id = ref.entries(null).get(1).id();
        assertTrue(ref.deleteId(id));
        assertFalse(from(t, "bad", "10.1.2.3"));
        ref.clear(null);
        assertFalse(from(t, "bad", "10.0.0.1"));
        assertEquals(List.of(), ref.entries(null));
    }

    @Test
    void aPatternNoUseCanParseIsRefusedAndNothingChanges() throws Exception {
        AclTable t = compile("bad src -f /etc/block.lst");
        PatternRef ref = registry.findAcl("#0");
        PatternRef.RefusedException e = assertThrows(PatternRef.RefusedException.class, () -> ref.add(null, "notanip"));
        assertTrue(e.getMessage().contains("'notanip'"), e.getMessage());
        assertEquals(2, ref.entries(null).size());
        assertTrue(from(t, "bad", "10.0.0.1"));
        compile("n hdr_cnt gt 3");
        assertThrows(
                PatternRef.RefusedException.class, () -> registry.findAcl("#2").add(null, "zz"));
    }

    @Test
    void anEmptyInlineSetMatchesOncePatternsAreAdded() throws Exception {
        AclTable t = compile("adm path_beg -f /etc/paths.lst");
        assertTrue(path(t, "adm", "/adm/x"));
        assertFalse(path(t, "adm", "/ops/x"));
        registry.findAcl("#1").add(null, "/ops");
        assertTrue(path(t, "adm", "/ops/x"), "the line's own (inline) set is live too");
    }

    @Test
    void preparedVersionMatchesOnlyOnceCommittedAndOlderVersionsGo() throws Exception {
        AclTable t = compile("bad src -f /etc/block.lst");
        PatternRef ref = registry.findAcl("#0");
        assertEquals(1, ref.prepare());
        assertEquals(2, ref.prepare());
        ref.add(1, "172.16.0.1");
        assertFalse(from(t, "bad", "172.16.0.1"), "version 1 is not current yet");
        assertTrue(from(t, "bad", "10.0.0.1"));
        assertEquals(List.of("172.16.0.1"), patterns(ref.entries(1)));
        assertTrue(ref.describe().endsWith("curr_ver=0 next_ver=2 entry_cnt=3"), ref.describe());
        PatternRef.RefusedException future =
                assertThrows(PatternRef.RefusedException.class, () -> ref.add(3, "1.1.1.1"));
        assertEquals("Version number in the future, please use 'prepare acl' before.", future.getMessage());
        assertThrows(PatternRef.RefusedException.class, () -> ref.commit(0));
        assertThrows(PatternRef.RefusedException.class, () -> ref.commit(3));
        ref.commit(1);
        assertTrue(from(t, "bad", "172.16.0.1"));
        assertFalse(from(t, "bad", "10.0.0.1"), "the replaced version is gone at once");
        assertEquals(List.of("172.16.0.1"), patterns(ref.entries(null)));
        assertTrue(ref.describe().endsWith("curr_ver=1 next_ver=2 entry_cnt=1"), ref.describe());
        assertThrows(PatternRef.RefusedException.class, () -> ref.commit(1), "must be after curr_ver");
        ref.commit(2); // an empty prepared version empties the acl atomically
        assertFalse(from(t, "bad", "172.16.0.1"));
    }

    @Test
    void versionsWrapAsUnsigned32BitNumbers() throws Exception {
        compile("bad src -f /etc/block.lst");
        PatternRef ref = registry.findAcl("#0");
        for (int i = 0; i < 3; i++) ref.prepare();
        ref.commit(3);
        assertTrue(ref.describe().contains("curr_ver=3 next_ver=3"));
    }

    @Test
    void aReaderSeesEitherTheWholeOldSetOrTheWholeNewOne() throws Exception {
        // the set swaps between {a} and {b} by prepare/commit while a request with headers x: a and x: b is
        // evaluated: every evaluation must match (one of the two is always there); a set emptied before being
        // refilled, or a matcher read again between the two header values, could miss both
        AclTable t = compile("x hdr(x) -f /etc/xs.lst");
        PatternRef ref = registry.findAcl("#0");
        FakeRequestView both = FakeRequestView.get("/").header("x", "a").header("x", "b");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> missed = new AtomicReference<>();
        java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
        Thread reader = new Thread(() -> {
            int n = 0;
            while (!stop.get()) {
                if (!t.find("x").matches(both, BackendStates.NONE)) {
                    missed.set("evaluation " + n + " matched neither a nor b");
                    break;
                }
                n++;
                reading.countDown();
            }
        });
        reader.start();
        try {
            // the commits run while the reader evaluates (a loaded machine may start it late)
            assertTrue(reading.await(30, java.util.concurrent.TimeUnit.SECONDS));
            for (int i = 0; i < 2000 && missed.get() == null; i++) {
                int v = ref.prepare();
                ref.add(v, i % 2 == 0 ? "b" : "a");
                ref.commit(v);
                assertEquals(List.of(i % 2 == 0 ? "b" : "a"), patterns(ref.entries(null)));
            }
        } finally {
            stop.set(true);
            reader.join(10_000);
        }
        assertEquals(null, missed.get());
    }

    @Test
    void aFileIsAMapOrAnAclPatternFileNotBoth() throws Exception {
        compile("bad src -f /etc/block.lst");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> registry.load("/etc/block.lst"));
        assertEquals(
                "The file \"/etc/block.lst\" is already used as one column file and cannot be used by as two column"
                        + " file.",
                e.getMessage());
        registry.load("/etc/hosts.map");
        AclException a = assertThrows(AclException.class, () -> compile("h hdr(host) -f /etc/hosts.map"));
        assertTrue(a.getMessage().contains("already used as two column file"), a.getMessage());
        assertEquals(2, registry.find("/etc/hosts.map").uniqueId(), "maps and acls share one id sequence");
    }

    @Test
    void getAclReportsEachUseAsHaproxy() throws Exception {
        compile(
                "bad src -f /etc/block.lst",
                "bad2 src -i -f /etc/block.lst",
                "p path_beg -f /etc/paths.lst",
                "q path_beg -i /x /Y",
                "r hdr(host) -m reg ^a.*b$",
                "n hdr_cnt gt 3",
                "f hdr(x) -m found",
                "b req.payload(0,2) -m bin 4142");
        assertEquals(
                List.of(
                        "type=ip, case=sensitive, match=yes, idx=tree, pattern=\"10.1.0.0/16\"",
                        "type=ip, case=insensitive, match=yes, idx=tree, pattern=\"10.1.0.0/16\""),
                registry.findAcl("#0").lookup("10.1.2.3"));
        assertEquals(
                List.of("type=ip, case=sensitive, match=no"),
                registry.findAcl("#1").lookup("10.1.2.3"));
        assertEquals(
                List.of("type=beg, case=sensitive, match=yes, idx=tree, pattern=\"/adm\""),
                registry.findAcl("/etc/paths.lst").lookup("/adm/u"));
        assertEquals(
                List.of("type=beg, case=insensitive, match=yes, idx=list, pattern=\"/Y\""),
                registry.findAcl("#5").lookup("/y/z"));
        assertEquals(
                List.of("type=reg, case=sensitive, match=yes, idx=list, pattern=\"^a.*b$\""),
                registry.findAcl("#6").lookup("abbb"));
        assertEquals(
                List.of("type=int, case=sensitive, match=yes, idx=list, pattern=\"4:\""),
                registry.findAcl("#7").lookup("4"));
        assertEquals(
                List.of("type=int, case=sensitive, match=no"),
                registry.findAcl("#7").lookup("2"));
        assertEquals(
                List.of("type=found, case=sensitive, match=no"),
                registry.findAcl("#8").lookup("x"));
        assertEquals(
                List.of("type=bin, case=sensitive, match=yes, idx=list, pattern=\"4142\""),
                registry.findAcl("#9").lookup("AB"));
    }

    private static List<String> patterns(List<PatternRef.Entry> entries) {
        return entries.stream().map(PatternRef.Entry::pattern).toList();
    }
}
