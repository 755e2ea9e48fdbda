package dev.hapair.common.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SignalDispositionsTest {
    @Test
    void readsTheIgnoredMaskOfProcStatus() {
        // what a background job of a non-interactive shell shows: SIGINT (2) and SIGQUIT (3) ignored
        String status = "Name:\tjava\nSigBlk:\t0000000000000000\nSigIgn:\t0000000000000006\nSigCgt:\t0\n";
        assertTrue(SignalDispositions.ignoredIn(status, SignalDispositions.SIGINT));
        assertTrue(SignalDispositions.ignoredIn(status, 3));
        assertFalse(SignalDispositions.ignoredIn(status, SignalDispositions.SIGTERM));
        assertFalse(SignalDispositions.ignoredIn(status, SignalDispositions.SIGHUP));
        assertTrue(SignalDispositions.ignoredIn("SigIgn:\t0000000000004000\n", SignalDispositions.SIGTERM));
        assertFalse(SignalDispositions.ignoredIn("no such line", SignalDispositions.SIGINT));
    }

    @Test
    void changesNothingWhenNothingIsIgnored() {
        // the test JVM is started by Maven with default dispositions for HUP/INT/TERM or ignoring some; either
        // way a second call finds nothing left to change
        SignalDispositions.unignore(SignalDispositions.SIGHUP, SignalDispositions.SIGINT, SignalDispositions.SIGTERM);
        assertEquals(
                0,
                SignalDispositions.unignore(
                        SignalDispositions.SIGHUP, SignalDispositions.SIGINT, SignalDispositions.SIGTERM));
    }
}
