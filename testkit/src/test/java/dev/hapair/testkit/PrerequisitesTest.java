package dev.hapair.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class PrerequisitesTest {
    @Test
    void missingPrerequisiteSkipsOutsideCiAndFailsUnderCi() {
        TestAbortedException skipped =
                assertThrows(TestAbortedException.class, () -> Prerequisites.unavailable("no keepalived", false));
        assertTrue(skipped.getMessage().contains("no keepalived"));
        AssertionFailedError failed =
                assertThrows(AssertionFailedError.class, () -> Prerequisites.unavailable("no keepalived", true));
        assertTrue(
                failed.getMessage().contains("CI=true") && failed.getMessage().contains("no keepalived"));
    }

    @Test
    void commandLookupSearchesPathAndSbin() {
        assertTrue(Prerequisites.commandAvailable("sh"));
        assertTrue(Prerequisites.findCommand("sh").orElseThrow().isAbsolute());
        assertFalse(Prerequisites.commandAvailable("hapair-no-such-command-x"));
        assertFalse(Prerequisites.commandAvailable("/nonexistent/bin/sh"));
        assertTrue(Prerequisites.commandAvailable("/bin/sh"));
    }
}
