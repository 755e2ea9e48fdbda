package dev.hapair.vrrp.bgp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnnounceMachineTest {
    static Optional<RouteAction.Kind> kind(Optional<RouteAction> a) {
        return a.map(RouteAction::kind);
    }

    @Test
    void riseOneFallOneFollowsHealthAtOnce() {
        AnnounceMachine m = new AnnounceMachine(1, 1);
        assertEquals(AnnounceState.WITHDRAWN, m.state());
        assertEquals(Optional.of(RouteAction.Kind.ANNOUNCE), kind(m.evaluate(true, "healthy")));
        assertEquals(Optional.empty(), kind(m.evaluate(true, "healthy")), "no repeat while announced");
        RouteAction w = m.evaluate(false, "process:proxy is down").orElseThrow();
        assertEquals(RouteAction.Kind.WITHDRAW, w.kind());
        assertEquals("process:proxy is down", w.reason());
        assertEquals(Optional.empty(), kind(m.evaluate(false, "still down")));
        assertEquals(Optional.of(RouteAction.Kind.ANNOUNCE), kind(m.evaluate(true, "healthy")));
    }

    @Test
    void riseAndFallNeedRunsInARow() {
        AnnounceMachine m = new AnnounceMachine(3, 2);
        assertEquals(Optional.empty(), kind(m.evaluate(true, "ok")));
        assertEquals(Optional.empty(), kind(m.evaluate(true, "ok")));
        assertEquals(
                Optional.of(RouteAction.Kind.WITHDRAW),
                kind(m.evaluate(false, "bad")),
                "the first failure of a fresh machine withdraws what an earlier run may have announced");
        assertEquals(Optional.empty(), kind(m.evaluate(false, "bad")), "only once");
        assertEquals(Optional.empty(), kind(m.evaluate(true, "ok")));
        assertEquals(Optional.empty(), kind(m.evaluate(true, "ok")));
        assertEquals(Optional.empty(), kind(m.evaluate(false, "bad")), "a failure restarts the rise count");
        assertEquals(Optional.empty(), kind(m.evaluate(true, "ok")));
        assertEquals(Optional.empty(), kind(m.evaluate(true, "ok")));
        RouteAction a = m.evaluate(true, "ok").orElseThrow();
        assertEquals("ok (3 healthy evaluations in a row)", a.reason());
        assertEquals(Optional.empty(), kind(m.evaluate(false, "bad")));
        assertEquals(Optional.empty(), kind(m.evaluate(true, "ok")), "a success restarts the fall count");
        assertEquals(Optional.empty(), kind(m.evaluate(false, "bad")));
        assertEquals(Optional.of(RouteAction.Kind.WITHDRAW), kind(m.evaluate(false, "bad")));
        assertEquals(AnnounceState.WITHDRAWN, m.state());
    }

    @Test
    void drainWithdrawsOnceAndHoldsWhateverHealthSays() {
        AnnounceMachine m = new AnnounceMachine(1, 1);
        m.evaluate(true, "ok");
        assertEquals(Optional.of(RouteAction.Kind.WITHDRAW), kind(m.drain()));
        assertEquals(AnnounceState.DRAINING, m.state());
        assertEquals(Optional.empty(), kind(m.evaluate(true, "ok")));
        assertEquals(Optional.empty(), kind(m.drain()));
        AnnounceMachine never = new AnnounceMachine(1, 1);
        assertEquals(Optional.empty(), kind(never.drain()), "nothing announced, nothing to withdraw");
        assertThrows(IllegalArgumentException.class, () -> new AnnounceMachine(0, 1));
    }
}
