package dev.hapair.common.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {
    @TempDir
    Path dir;

    @Test
    void writesOurPidCreatingDirectoriesAndRemovesItAgain() throws Exception {
        Path p = dir.resolve("run/hapair/x.pid");
        PidFile.write(p);
        assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(p));
        assertTrue(PidFile.removeIfOurs(p));
        assertFalse(Files.exists(p));
        assertFalse(PidFile.removeIfOurs(p), "already gone");
    }

    @Test
    void leavesAPidFileAnotherProcessHasWritten() throws Exception {
        Path p = dir.resolve("x.pid");
        Files.writeString(p, (ProcessHandle.current().pid() + 1) + "\n");
        assertFalse(PidFile.removeIfOurs(p));
        assertTrue(Files.exists(p), "a newer process's pid file stays");
    }

    /** Written by rename: a reader never sees an empty pid file, and no temporary file is left behind. */
    @Test
    void replacesAnOldPidFileWholeAndLeavesNoTemporaryFile() throws Exception {
        Path p = dir.resolve("x.pid");
        Files.writeString(p, "999999\n");
        PidFile.write(p, 4242);
        assertEquals("4242\n", Files.readString(p));
        try (var files = Files.list(dir)) {
            assertEquals(java.util.List.of(p), files.toList());
        }
    }
}
