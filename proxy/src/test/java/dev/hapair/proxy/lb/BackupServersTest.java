package dev.hapair.proxy.lb;

import static dev.hapair.proxy.lb.Picks.any;
import static dev.hapair.proxy.lb.Picks.sequence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The failover guide's scenarios, in-process. */
class BackupServersTest {

    final FakeServer n1 = FakeServer.active("nginx1", 1, 1);
    final FakeServer n2 = FakeServer.active("nginx2", 2, 1);
    final FakeServer n3 = FakeServer.backup("nginx3", 3);
    final FakeServer n4 = FakeServer.backup("nginx4", 4);

    @Test
    void backupsIdleWhileAnActiveServerIsUp() {
        var sel = new RoundRobinSelector<>(List.of(n1, n2, n3, n4), false);
        assertEquals("nginx1 nginx2 nginx1 nginx2", sequence(sel, any(), 4));
        sel.onServerDown(n1);
        assertEquals("nginx2 nginx2", sequence(sel, any(), 2));
        assertEquals(1, sel.usableServers());
    }

    @Test
    void onlyTheFirstBackupServesWhenAllActivesAreDown() {
        var sel = new RoundRobinSelector<>(List.of(n4, n3, n2, n1), false);
        sel.onServerDown(n1);
        sel.onServerDown(n2);
        assertEquals("nginx3 nginx3 nginx3", sequence(sel, any(), 3));
        assertEquals(1, sel.usableServers());
        sel.onServerDown(n3);
        assertEquals("nginx4 nginx4", sequence(sel, any(), 2));
        sel.onServerUp(n2);
        assertEquals("nginx2 nginx2", sequence(sel, any(), 2));
    }

    @Test
    void allbackupsBalancesOverEveryBackup() {
        var sel = new RoundRobinSelector<>(List.of(n1, n2, n3, n4), true);
        sel.onServerDown(n1);
        sel.onServerDown(n2);
        assertEquals("nginx3 nginx4 nginx3 nginx4", sequence(sel, any(), 4));
        assertEquals(2, sel.usableServers());
    }

    @Test
    void activesDrainedToWeightZeroHandOverToBackups() {
        var sel = new LeastConnSelector<>(List.of(n1, n2, n3, n4), false);
        n1.weight = 0;
        n2.weight = 0;
        sel.onWeightChange(n1);
        sel.onWeightChange(n2);
        assertEquals("nginx3 nginx3", sequence(sel, any(), 2));
    }

    @Test
    void persistenceKeepsAnUpServerEvenDrainedOrBackupButNotADownOne() {
        var sel = new RoundRobinSelector<>(List.of(n1, n2, n3, n4), false);
        assertEquals("nginx4", sel.selectPersistent(n4, any()).server().name());
        n2.weight = 0;
        sel.onWeightChange(n2);
        assertEquals("nginx2", sel.selectPersistent(n2, any()).server().name());
        sel.onServerDown(n2);
        assertFalse(sel.isUp(n2));
        assertEquals("nginx1", sel.selectPersistent(n2, any()).server().name());
        assertEquals("nginx1", sel.selectPersistent(null, any()).server().name());
        assertTrue(sel.isUp(n1));
    }
}
