package dev.hapair.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RiseFallTest {

    private static final CheckSettings DEFAULTS = CheckSettings.defaults(); // inter 2s rise 2 fall 3 init up

    @Test
    void defaultInitStateUpGoesDownOnFirstFailure() {
        RiseFall rf = new RiseFall(DEFAULTS, 0);
        assertTrue(rf.isUp());
        assertEquals(Transition.DOWN, rf.record(false, 10));
        assertFalse(rf.isUp());
        assertEquals(10, rf.lastChangeNanos());
    }

    @Test
    void defaultInitStateUpNeedsFallFailuresAfterOneSuccess() {
        RiseFall rf = new RiseFall(DEFAULTS, 0);
        assertEquals(Transition.NONE, rf.record(true, 1));
        assertEquals(rf.maxHealth(), rf.health());
        assertEquals(Transition.NONE, rf.record(false, 2));
        assertEquals(Transition.NONE, rf.record(false, 3));
        assertEquals(Transition.DOWN, rf.record(false, 4));
        assertEquals(0, rf.health());
    }

    @Test
    void fullyUpGoesDownAfterExactlyFallConsecutiveFailures() {
        RiseFall rf =
                new RiseFall(DEFAULTS.withInitialState(InitialState.FULLY_UP).withFall(3), 0);
        assertEquals(Transition.NONE, rf.record(false, 1));
        assertEquals("UP 2/3", rf.statusText());
        assertEquals(Transition.NONE, rf.record(false, 2));
        assertEquals("UP 1/3", rf.statusText());
        assertEquals(Transition.DOWN, rf.record(false, 3));
        assertEquals("DOWN", rf.statusText());
    }

    @Test
    void aSuccessWhileGoingDownRestoresFullHealth() {
        RiseFall rf = new RiseFall(DEFAULTS.withInitialState(InitialState.FULLY_UP), 0);
        rf.record(false, 1);
        rf.record(false, 2);
        rf.record(true, 3);
        assertEquals("UP", rf.statusText());
        rf.record(false, 4);
        rf.record(false, 5);
        assertTrue(rf.isUp(), "two failures after recovery must not reach fall=3");
        assertEquals(Transition.DOWN, rf.record(false, 6));
    }

    @Test
    void fullyDownGoesUpAfterExactlyRiseConsecutiveSuccesses() {
        RiseFall rf =
                new RiseFall(DEFAULTS.withInitialState(InitialState.FULLY_DOWN).withRise(3), 0);
        assertFalse(rf.isUp());
        assertEquals(Transition.NONE, rf.record(true, 1));
        assertEquals("DOWN 1/3", rf.statusText());
        assertEquals(Transition.NONE, rf.record(true, 2));
        assertEquals(Transition.UP, rf.record(true, 3));
        assertEquals(3, rf.lastChangeNanos());
        assertEquals("UP", rf.statusText());
    }

    @Test
    void failureWhileRisingResetsTheCount() {
        RiseFall rf =
                new RiseFall(DEFAULTS.withInitialState(InitialState.FULLY_DOWN).withRise(2), 0);
        rf.record(true, 1);
        assertEquals(Transition.NONE, rf.record(false, 2));
        assertEquals(0, rf.health());
        assertEquals(Transition.NONE, rf.record(true, 3));
        assertEquals(Transition.UP, rf.record(true, 4));
    }

    @Test
    void initStateDownGoesUpOnFirstSuccess() {
        RiseFall rf = new RiseFall(DEFAULTS.withInitialState(InitialState.DOWN), 0);
        assertFalse(rf.isUp());
        assertEquals(Transition.UP, rf.record(true, 1));
    }

    @Test
    void intervalsFollowHaproxyInterFastinterDowninter() {
        CheckSettings s = DEFAULTS.withInter(Duration.ofSeconds(5))
                .withFastinter(Duration.ofMillis(500))
                .withDowninter(Duration.ofSeconds(30))
                .withInitialState(InitialState.FULLY_UP);
        RiseFall rf = new RiseFall(s, 0);
        assertEquals(Duration.ofSeconds(5), rf.nextInterval(), "fully up: inter");
        rf.record(false, 1);
        assertEquals(Duration.ofMillis(500), rf.nextInterval(), "going down: fastinter");
        rf.record(false, 2);
        rf.record(false, 3);
        assertFalse(rf.isUp());
        assertEquals(Duration.ofSeconds(30), rf.nextInterval(), "fully down: downinter");
        rf.record(true, 4);
        assertEquals(Duration.ofMillis(500), rf.nextInterval(), "going up: fastinter");
        rf.record(true, 5);
        assertEquals(Duration.ofSeconds(5), rf.nextInterval(), "up again: inter");
    }

    @Test
    void unsetFastinterAndDowninterFallBackToInter() {
        RiseFall rf = new RiseFall(DEFAULTS.withInitialState(InitialState.FULLY_DOWN), 0);
        assertEquals(Duration.ofSeconds(2), rf.nextInterval());
        rf.record(true, 1);
        assertEquals(Duration.ofSeconds(2), rf.nextInterval());
    }

    @Test
    void riseAndFallOfOneFlipOnEveryChange() {
        RiseFall rf = new RiseFall(DEFAULTS.withRise(1).withFall(1).withInitialState(InitialState.FULLY_UP), 0);
        assertEquals(Transition.DOWN, rf.record(false, 1));
        assertEquals(Transition.NONE, rf.record(false, 2));
        assertEquals(Transition.UP, rf.record(true, 3));
        assertEquals(Transition.NONE, rf.record(true, 4));
    }

    @Test
    void checkTimeoutFollowsTimeoutCheckRules() {
        assertEquals(Duration.ofSeconds(2), DEFAULTS.checkTimeout(), "no timeout check: inter");
        assertEquals(
                Duration.ofMillis(1500),
                DEFAULTS.withTimeoutCheck(Duration.ofMillis(500))
                        .withTimeoutConnect(Duration.ofSeconds(1))
                        .checkTimeout(),
                "min(connect, inter) + check");
        assertEquals(
                Duration.ofMillis(2500),
                DEFAULTS.withTimeoutCheck(Duration.ofMillis(500))
                        .withTimeoutConnect(Duration.ofSeconds(10))
                        .checkTimeout(),
                "connect capped at inter");
        assertEquals(
                Duration.ofSeconds(5),
                DEFAULTS.withTimeoutCheck(Duration.ofSeconds(5)).checkTimeout(),
                "single budget without timeout connect (keepalived script timeout may exceed interval)");
    }

    @Test
    void keepalivedScriptStartsUndecidedAndFirstResultDecides() {
        CheckSettings k = CheckSettings.keepalivedScript(Duration.ofSeconds(2), Duration.ofSeconds(5), 2, 2, false);
        assertEquals(Duration.ofSeconds(5), k.checkTimeout());
        RiseFall ok = new RiseFall(k, 0);
        assertFalse(ok.isUp());
        assertEquals(Transition.UP, ok.record(true, 1));
        RiseFall bad = new RiseFall(k, 0);
        assertEquals(Transition.NONE, bad.record(false, 1));
        assertEquals(Transition.NONE, bad.record(true, 2));
        assertEquals(Transition.UP, bad.record(true, 3), "after a failure, rise=2 successes are needed");
        RiseFall initFail = new RiseFall(CheckSettings.keepalivedScript(Duration.ofSeconds(1), null, 3, 1, true), 0);
        assertEquals(Duration.ofSeconds(1), initFail.settings().checkTimeout());
        initFail.record(true, 1);
        initFail.record(true, 2);
        assertEquals(Transition.UP, initFail.record(true, 3));
    }

    @Test
    void settingsRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withRise(0));
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withFall(0));
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.withInter(Duration.ZERO));
        assertEquals(InitialState.FULLY_DOWN, InitialState.fromKeyword("fully-down"));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> InitialState.fromKeyword("upp"));
        assertTrue(e.getMessage().contains("upp"));
    }
}
