package dev.hapair.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.common.time.ManualScheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CheckSchedulerTest {

    /** Probe whose results the test scripts; each run is recorded with the clock time it started at. */
    static final class FakeProbe implements Probe {
        final Deque<CheckStatus> script = new ArrayDeque<>();
        final List<Long> startedAt = new ArrayList<>();
        final List<Duration> timeouts = new ArrayList<>();
        final ManualScheduler clock;
        CompletableFuture<CheckResult> hanging;
        boolean hang;

        FakeProbe(ManualScheduler clock, CheckStatus... results) {
            this.clock = clock;
            script.addAll(List.of(results));
        }

        @Override
        public CompletableFuture<CheckResult> run(Duration timeout) {
            startedAt.add(clock.nanoTime());
            timeouts.add(timeout);
            if (hang) {
                hanging = new CompletableFuture<>();
                return hanging;
            }
            CheckStatus s = script.isEmpty() ? CheckStatus.L4OK : script.poll();
            return CompletableFuture.completedFuture(CheckResult.of(s, Duration.ofMillis(1)));
        }
    }

    private static long ms(long m) {
        return Duration.ofMillis(m).toNanos();
    }

    @Test
    void goesUpAfterRiseAndDownAfterFallWithHaproxyIntervals() {
        ManualScheduler clock = new ManualScheduler();
        FakeProbe probe = new FakeProbe(
                clock,
                CheckStatus.L4OK,
                CheckStatus.L4OK,
                CheckStatus.L4CON,
                CheckStatus.L4CON,
                CheckStatus.L4CON,
                CheckStatus.L4CON);
        CheckSettings s = CheckSettings.defaults()
                .withInter(Duration.ofMillis(1000))
                .withFastinter(Duration.ofMillis(100))
                .withDowninter(Duration.ofMillis(5000))
                .withInitialState(InitialState.FULLY_DOWN);
        CheckScheduler cs = new CheckScheduler("web/s1", probe, s, clock);
        List<CheckEvent> events = new ArrayList<>();
        cs.addListener(events::add);
        cs.start();
        clock.runPending();
        assertEquals(1, events.size());
        assertFalse(cs.isUp());
        assertEquals("DOWN 1/2", cs.statusText());
        clock.advance(Duration.ofMillis(99));
        assertEquals(1, events.size(), "fastinter not yet elapsed");
        clock.advance(Duration.ofMillis(1));
        assertEquals(2, events.size());
        assertEquals(Transition.UP, events.get(1).transition());
        assertTrue(cs.isUp());
        clock.advance(Duration.ofMillis(1000)); // inter: first failure
        clock.advance(Duration.ofMillis(100)); // fastinter: second failure
        clock.advance(Duration.ofMillis(100)); // fastinter: third failure -> DOWN
        assertEquals(5, events.size());
        assertEquals(Transition.DOWN, events.get(4).transition());
        assertEquals(CheckStatus.L4CON, cs.lastResult().status());
        assertEquals(List.of(ms(0), ms(100), ms(1100), ms(1200), ms(1300)), probe.startedAt);
        clock.advance(Duration.ofMillis(4999));
        assertEquals(5, events.size(), "downinter not yet elapsed");
        clock.advance(Duration.ofMillis(1));
        assertEquals(6, events.size());
        assertEquals(s.checkTimeout(), probe.timeouts.get(0));
    }

    @Test
    void stopCancelsFutureRunsAndDropsInFlightResult() {
        ManualScheduler clock = new ManualScheduler();
        FakeProbe probe = new FakeProbe(clock);
        CheckScheduler cs = new CheckScheduler("x", probe, CheckSettings.defaults(), clock);
        List<CheckEvent> events = new ArrayList<>();
        cs.addListener(events::add);
        cs.start();
        clock.runPending();
        assertEquals(1, events.size());
        probe.hang = true;
        clock.advance(Duration.ofSeconds(2));
        assertEquals(2, probe.startedAt.size());
        cs.stop();
        clock.runPending();
        probe.hanging.complete(CheckResult.of(CheckStatus.L4CON, Duration.ZERO));
        clock.advance(Duration.ofSeconds(60));
        assertEquals(1, events.size(), "result of a stopped check must be dropped");
        assertEquals(2, probe.startedAt.size());
        assertFalse(cs.isRunning());
    }

    @Test
    void aProbeThatNeverCompletesIsFailedByTheWatchdog() {
        ManualScheduler clock = new ManualScheduler();
        FakeProbe probe = new FakeProbe(clock);
        probe.hang = true;
        CheckSettings s =
                CheckSettings.defaults().withInitialState(InitialState.FULLY_UP).withFall(1);
        CheckScheduler cs = new CheckScheduler("x", probe, s, clock);
        List<CheckEvent> events = new ArrayList<>();
        cs.addListener(events::add);
        cs.start();
        clock.advance(Duration.ofSeconds(2));
        assertTrue(events.isEmpty());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, events.size());
        assertEquals(CheckStatus.UNK, events.get(0).result().status());
        assertEquals(Transition.DOWN, events.get(0).transition());
        probe.hanging.complete(CheckResult.of(CheckStatus.L4OK, Duration.ZERO));
        clock.runPending();
        assertEquals(1, events.size(), "late completion after the watchdog must be ignored");
    }

    @Test
    void aThrowingListenerDoesNotStopTheChecks() {
        ManualScheduler clock = new ManualScheduler();
        FakeProbe probe = new FakeProbe(clock);
        CheckScheduler cs = new CheckScheduler("x", probe, CheckSettings.defaults(), clock);
        List<CheckEvent> events = new ArrayList<>();
        cs.addListener(e -> {
            throw new IllegalStateException("boom");
        });
        cs.addListener(events::add);
        cs.start();
        clock.advance(Duration.ofSeconds(4));
        assertEquals(3, events.size());
    }

    @Test
    void runNowChecksImmediatelyAndRestartsTheInterval() {
        ManualScheduler clock = new ManualScheduler();
        FakeProbe probe = new FakeProbe(clock, CheckStatus.PROCOK, CheckStatus.PROCERR);
        CheckSettings s =
                CheckSettings.defaults().withInitialState(InitialState.FULLY_UP).withFall(1);
        CheckScheduler cs = new CheckScheduler("chk_haproxy", probe, s, clock);
        List<CheckEvent> events = new ArrayList<>();
        cs.addListener(events::add);
        cs.runNow();
        clock.runPending();
        assertTrue(probe.startedAt.isEmpty(), "runNow before start does nothing");
        cs.start();
        clock.advance(Duration.ofMillis(500));
        cs.runNow();
        clock.runPending();
        assertEquals(2, events.size());
        assertEquals(Transition.DOWN, events.get(1).transition());
        assertEquals(List.of(ms(0), ms(500)), probe.startedAt);
        clock.advance(Duration.ofMillis(1999));
        assertEquals(2, probe.startedAt.size(), "the old 2s timer was cancelled");
        clock.advance(Duration.ofMillis(1));
        assertEquals(3, probe.startedAt.size());
    }

    @Test
    void logLineReadsLikeHaproxy() {
        CheckEvent e = new CheckEvent(
                "web/s1",
                CheckResult.of(CheckStatus.L4CON, Duration.ZERO, "Connection refused"),
                Transition.DOWN,
                false,
                0,
                1,
                CheckStatus.L4OK,
                "DOWN",
                0);
        assertEquals(
                "Health check for web/s1 failed, reason: Layer4 connection problem, info: \"Connection refused\", "
                        + "check duration: 0ms, status: DOWN, now DOWN.",
                e.logLine());
    }

    /**
     * What HAProxy's option log-health-checks reports: a run that moved the rise/fall counter or whose status
     * differs from the previous run's; repeated identical failures of a server already at 0 are not reported.
     */
    @Test
    void eventsSayWhetherTheRunMovedTheCounterOrChangedTheStatus() {
        ManualScheduler clock = new ManualScheduler();
        FakeProbe probe = new FakeProbe(
                clock,
                CheckStatus.L4OK, // first run: INI -> L4OK, counter 2 -> 4 (rise 2 fall 3, init UP)
                CheckStatus.L4OK, // already full: nothing moved
                CheckStatus.L4CON, // 4 -> 3
                CheckStatus.L4CON, // 3 -> 2
                CheckStatus.L4CON, // 2 -> 0, DOWN
                CheckStatus.L4CON, // stays 0, same status: not reportable
                CheckStatus.L4TOUT); // stays 0, another status: reportable
        CheckSettings s = CheckSettings.defaults()
                .withInter(Duration.ofMillis(100))
                .withFastinter(Duration.ofMillis(100))
                .withDowninter(Duration.ofMillis(100));
        CheckScheduler cs = new CheckScheduler("web/s1", probe, s, clock);
        List<CheckEvent> events = new ArrayList<>();
        cs.addListener(events::add);
        cs.start();
        clock.runPending();
        for (int i = 0; i < 6; i++) clock.advance(Duration.ofMillis(100));
        assertEquals(7, events.size());
        assertEquals(
                List.of(true, false, true, true, true, false, true),
                events.stream().map(CheckEvent::reportable).toList());
        assertEquals(CheckStatus.INI, events.get(0).previousStatus());
        assertEquals(
                List.of(2, 4, 4, 3, 2, 0, 0),
                events.stream().map(CheckEvent::healthBefore).toList());
        assertEquals(
                List.of(4, 4, 3, 2, 0, 0, 0),
                events.stream().map(CheckEvent::health).toList());
    }

    /**
     * Leaving maintenance, HAProxy restarts the counter at rise and up, whatever it was: the next run moves it (a
     * failure to 0, a pass to full health), so log-health-checks reports it.
     */
    @Test
    void restartAtRiseMakesTheNextRunMoveTheCounter() {
        ManualScheduler clock = new ManualScheduler();
        FakeProbe probe = new FakeProbe(clock, CheckStatus.L4CON, CheckStatus.L4CON, CheckStatus.L4OK);
        CheckSettings s = CheckSettings.defaults()
                .withInter(Duration.ofMillis(100))
                .withFastinter(Duration.ofMillis(100))
                .withDowninter(Duration.ofMillis(100));
        CheckScheduler cs = new CheckScheduler("web/s1", probe, s, clock);
        List<CheckEvent> events = new ArrayList<>();
        cs.addListener(events::add);
        cs.start();
        clock.runPending(); // 2 -> 0, DOWN
        assertFalse(cs.isUp());
        cs.restartAtRise();
        clock.runPending();
        assertTrue(cs.isUp());
        assertEquals("UP 1/3", cs.statusText());
        clock.advance(Duration.ofMillis(100)); // same status as before, but 2 -> 0: reportable, DOWN again
        assertEquals(2, events.size());
        assertTrue(events.get(1).reportable());
        assertEquals(Transition.DOWN, events.get(1).transition());
        cs.restartAtRise();
        clock.advance(Duration.ofMillis(100)); // 2 -> 4: reportable, no transition (already up)
        assertEquals(3, events.size());
        assertTrue(events.get(2).reportable());
        assertEquals(Transition.NONE, events.get(2).transition());
        assertEquals(4, events.get(2).health());
    }
}
