package dev.hapair.health.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.health.CheckResult;
import dev.hapair.health.CheckStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Real commands: exit codes, output capture, a hung script killed with its children, run-as-user. */
class ScriptProbeIT {

    private static CheckResult run(ScriptProbe p, Duration timeout) throws Exception {
        return p.run(timeout).get(timeout.toMillis() + 10_000, TimeUnit.MILLISECONDS);
    }

    @Test
    void exitZeroIsProcok() throws Exception {
        CheckResult r = run(ScriptProbe.of("true"), Duration.ofSeconds(5));
        assertEquals(CheckStatus.PROCOK, r.status(), r.describeWithDetail());
        CheckResult r2 = run(ScriptProbe.of("/bin/sh -c 'echo all good'"), Duration.ofSeconds(5));
        assertEquals(CheckStatus.PROCOK, r2.status());
        assertEquals("all good", r2.detail());
    }

    @Test
    void nonZeroExitIsProcerrWithCodeAndOutput() throws Exception {
        CheckResult r = run(
                ScriptProbe.of(List.of("/bin/sh", "-c", "echo 'haproxy not running' >&2; exit 3")),
                Duration.ofSeconds(5));
        assertEquals(CheckStatus.PROCERR, r.status());
        assertEquals("exit 3: haproxy not running", r.detail());
        assertTrue(r.describe().matches("PROCERR in \\d+ms"), r.describe());
    }

    @Test
    void missingCommandIsProcerr() throws Exception {
        CheckResult r = run(ScriptProbe.of("/nonexistent/hapair-check --x"), Duration.ofSeconds(5));
        assertEquals(CheckStatus.PROCERR, r.status());
        assertTrue(r.detail().contains("nonexistent"), r.detail());
    }

    @Test
    void hungScriptIsKilledWithItsChildrenAtTheTimeout() throws Exception {
        Path pids = Files.createTempFile("hapair-hung", ".pids");
        try {
            // The script starts a background child and then hangs itself: both must be gone afterwards.
            String script = "echo $$ > " + pids + "; sleep 60 & echo $! >> " + pids + "; echo started; wait";
            long t0 = System.nanoTime();
            CheckResult r = run(ScriptProbe.of(List.of("/bin/sh", "-c", script)), Duration.ofMillis(500));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(CheckStatus.PROCTOUT, r.status(), r.describeWithDetail());
            assertTrue(ms >= 490 && ms < 4000, "took " + ms + "ms");
            assertTrue(r.detail().startsWith("timed out after 500ms, killed"), r.detail());
            assertTrue(r.detail().contains("started"), "output of the killed script is kept: " + r.detail());
            List<String> lines = Files.readAllLines(pids);
            assertEquals(2, lines.size(), lines.toString());
            ProcessTable table = new ProcessTable();
            for (String l : lines) {
                long pid = Long.parseLong(l.trim());
                // A zombie waiting for a non-reaping init is dead as far as checks go.
                assertFalse(table.alive(pid), "pid " + pid + " still running after the timeout kill");
            }
        } finally {
            Files.deleteIfExists(pids);
        }
    }

    @Test
    void runsAsTheGivenUser() throws Exception {
        Assumptions.assumeTrue(
                ScriptProbe.isRoot() || "true".equals(System.getenv("CI")), "needs root to switch users");
        assertTrue(ScriptProbe.isRoot(), "CI=true: run-as-user test needs root");
        CheckResult r = run(ScriptProbe.of("id -un").asUser("nobody"), Duration.ofSeconds(5));
        assertEquals(CheckStatus.PROCOK, r.status(), r.describeWithDetail());
        assertEquals("nobody", r.detail());
        CheckResult withGroup = run(ScriptProbe.of("id -gn").asUser("nobody", "root"), Duration.ofSeconds(5));
        assertEquals(CheckStatus.PROCOK, withGroup.status(), withGroup.describeWithDetail());
        assertEquals("root", withGroup.detail(), "group given explicitly, not nobody's own");
        CheckResult self = run(ScriptProbe.of("id -un").asUser("root"), Duration.ofSeconds(5));
        assertEquals("root", self.detail());
        CheckResult unknown = run(ScriptProbe.of("id -un").asUser("no-such-user-hapair"), Duration.ofSeconds(5));
        assertEquals(CheckStatus.PROCERR, unknown.status());
        assertTrue(unknown.detail().contains("unknown user"), unknown.detail());
    }
}
