package dev.hapair.vrrp.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hapair.vrrp.fsm.VrrpAction.StateChange;
import org.junit.jupiter.api.Test;

/** The metrics label of every reason text {@link VrrpInstance} writes. */
class TransitionCauseTest {
    static TransitionCause of(VrrpState to, String reason, boolean sync) {
        return TransitionCause.of(new StateChange(VrrpState.BACKUP, to, reason, sync));
    }

    @Test
    void everyReasonHasItsCause() {
        assertEquals(TransitionCause.STARTUP, of(VrrpState.BACKUP, "startup", false));
        assertEquals(TransitionCause.ADDRESS_OWNER, of(VrrpState.MASTER, "address owner (priority 255)", false));
        assertEquals(TransitionCause.MASTER_DOWN, of(VrrpState.MASTER, "master down after 3.61 s", false));
        assertEquals(
                TransitionCause.PRIORITY_ZERO,
                of(VrrpState.MASTER, "master sent priority 0, took over after 0.61 s", false));
        assertEquals(
                TransitionCause.PREEMPT,
                of(VrrpState.MASTER, "preempting master with lower priority 100 (ours 101) after 3.61 s", false));
        assertEquals(
                TransitionCause.HIGHER_PRIORITY,
                of(VrrpState.BACKUP, "higher priority 101 (ours 100) from 10.0.0.2", false));
        assertEquals(
                TransitionCause.HIGHER_PRIORITY,
                of(VrrpState.BACKUP, "equal priority 100 from higher address 10.0.0.2", false));
        assertEquals(TransitionCause.SYNC_GROUP, of(VrrpState.MASTER, "sync group G: VI_2 BACKUP -> MASTER", true));
        assertEquals(TransitionCause.TRACKING, of(VrrpState.FAULT, "track 'script:chk' down (weight 0)", false));
        assertEquals(TransitionCause.TRACKING, of(VrrpState.BACKUP, "track 'script:chk' up, fault cleared", false));
        assertEquals(TransitionCause.SHUTDOWN, of(VrrpState.INIT, "shutdown", false));
        assertEquals("master_down", TransitionCause.MASTER_DOWN.label());
    }

    /** The reasons above are the ones the state machine really writes (a renamed reason must fail here). */
    @Test
    void reasonsComeFromTheStateMachine() {
        VrrpInstance i = VrrpInstanceTest.started(VrrpInstanceTest.spec(100).build(), VrrpInstanceTest.T0);
        var a = i.handle(new VrrpEvent.TimerExpired(), i.nextDeadline().getAsLong());
        assertEquals(TransitionCause.MASTER_DOWN, TransitionCause.of(VrrpInstanceTest.stateChange(a)));
        a = i.handle(
                VrrpInstanceTest.advert(200, VrrpInstanceTest.HIGHER_PEER),
                i.nextDeadline().getAsLong() - 1);
        assertEquals(TransitionCause.HIGHER_PRIORITY, TransitionCause.of(VrrpInstanceTest.stateChange(a)));
        assertEquals(
                TransitionCause.SHUTDOWN,
                TransitionCause.of(VrrpInstanceTest.stateChange(i.handle(new VrrpEvent.Shutdown(), 0))));
    }
}
