package dev.hapair.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunRegistryTest {
    @Test
    void ownerClassification() {
        assertEquals(RunRegistry.Owner.MANUAL, RunRegistry.classify("manual", null, p -> Optional.empty()));
        assertEquals(RunRegistry.Owner.DEAD, RunRegistry.classify("123", "99", p -> Optional.empty()));
        assertEquals(RunRegistry.Owner.ALIVE, RunRegistry.classify("123", "99", p -> Optional.of("99")));
        // same PID, different start time: the PID was recycled, the owner is gone
        assertEquals(RunRegistry.Owner.DEAD, RunRegistry.classify("123", "99", p -> Optional.of("500")));
        assertEquals(RunRegistry.Owner.ALIVE, RunRegistry.classify("123", "?", p -> Optional.of("500")));
        assertEquals(RunRegistry.Owner.DEAD, RunRegistry.classify("garbage", "1", p -> Optional.of("1")));
        assertEquals(RunRegistry.Owner.DEAD, RunRegistry.classify(null, null, p -> Optional.of("1")));
    }

    @Test
    void startTimeFromProcStatEvenWithParenthesesInComm() {
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 30 0 987654 12345 678";
        assertEquals(Optional.of("987654"), RunRegistry.parseStartTime(stat));
        String zombie = "4242 (sh) Z 1 4242 4242 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 30 0 987654 0 0";
        assertEquals(Optional.empty(), RunRegistry.parseStartTime(zombie));
        assertEquals(Optional.empty(), RunRegistry.parseStartTime("garbage"));
    }

    @Test
    void ownStartTimeIsReadable() {
        assertTrue(RunRegistry.startTime(ProcessHandle.current().pid()).isPresent());
    }

    @Test
    void claimIsExclusiveAndOwnerIsUsUntilReleased(@TempDir Path dir) {
        RunRegistry r = new RunRegistry(dir);
        assertTrue(r.claim("ab12"));
        assertFalse(r.claim("ab12"));
        assertEquals(RunRegistry.Owner.ALIVE, r.owner("ab12"));
        r.release("ab12");
        assertFalse(r.isClaimed("ab12"));
        assertEquals(RunRegistry.Owner.DEAD, r.owner("ab12"));
        r.record("cd34", "manual", "?");
        assertEquals(RunRegistry.Owner.MANUAL, r.owner("cd34"));
    }
}
