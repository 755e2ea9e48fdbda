package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The decision of {@link YoungGenerationGrowth}, on a made-up clock: 10 collections/s sustained for 5 s. */
class YoungGrowthPolicyTest {
    private static final long S = 1_000_000_000L;

    private final YoungGrowthPolicy policy = new YoungGrowthPolicy(10, 5 * S);

    /** Feeds one sample per second from {@code fromSecond}, adding {@code perSecond} collections each. */
    private long feed(long count, int fromSecond, int seconds, int perSecond, boolean expectFireAtEnd) {
        for (int i = 1; i <= seconds; i++) {
            count += perSecond;
            boolean fired = policy.sample((fromSecond + i) * S, count);
            if (i < seconds || !expectFireAtEnd) assertFalse(fired, "fired early at second " + (fromSecond + i));
            else assertTrue(fired, "did not fire at second " + (fromSecond + i));
        }
        return count;
    }

    @Test
    void firesOnceAfterTheRateIsSustained() {
        assertFalse(policy.sample(0, 100));
        long c = feed(100, 0, 5, 10, true); // exactly the threshold, for exactly 5 s
        assertTrue(policy.fired());
        feed(c, 5, 30, 50, false); // never again, however busy
    }

    @Test
    void aQuietSecondRestartsTheCount() {
        policy.sample(0, 0);
        long c = feed(0, 0, 4, 40, false);
        c = feed(c, 4, 1, 9, false); // one interval under the threshold
        c = feed(c, 5, 4, 40, false); // 4 busy seconds again: not yet
        feed(c, 9, 1, 40, true); // the fifth
    }

    @Test
    void anIdleOrLightlyLoadedProcessNeverFires() {
        policy.sample(0, 0);
        feed(0, 0, 600, 9, false); // 9/s for ten minutes
        feed(5400, 600, 600, 0, false);
    }

    @Test
    void theRateIsPerElapsedTimeNotPerSample() {
        policy.sample(0, 0);
        // samples 2 s apart (a late timer) with 15 collections each: 7.5/s, not busy
        for (int i = 1; i <= 10; i++) assertFalse(policy.sample(2L * i * S, 15L * i));
        // samples 0.5 s apart with 5 each: 10/s, busy; 5 s of them = 10 samples
        long t = 20 * S, c = 150;
        for (int i = 1; i <= 9; i++) assertFalse(policy.sample(t + i * S / 2, c + 5L * i));
        assertTrue(policy.sample(t + 10 * S / 2, c + 50));
    }

    @Test
    void aClockThatStandsStillOrGoesBackIsIgnored() {
        policy.sample(10 * S, 0);
        assertFalse(policy.sample(10 * S, 1_000_000)); // no time passed: no rate
        assertFalse(policy.sample(9 * S, 1_000_000));
        assertFalse(policy.sample(11 * S, 0)); // measured from the sample at 10 s: a quiet second
        assertFalse(policy.sample(12 * S, -7)); // a count that went back is a quiet interval too
        long c = feed(-7, 12, 5, 20, true);
        assertTrue(c > 0);
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new YoungGrowthPolicy(0, S));
        assertThrows(IllegalArgumentException.class, () -> new YoungGrowthPolicy(10, 0));
        assertThrows(IllegalArgumentException.class, () -> new YoungGrowthPolicy(Double.NaN, S));
    }

    @Test
    void theFirstStageWantsACollectionInEachOfNTicksInARow() {
        YoungGrowthPolicy.Streak streak = new YoungGrowthPolicy.Streak(3);
        assertFalse(streak.tick(true));
        assertFalse(streak.tick(true));
        assertFalse(streak.tick(false)); // an idle second starts over
        assertFalse(streak.tick(true));
        assertFalse(streak.tick(true));
        assertTrue(streak.tick(true));
        assertThrows(IllegalArgumentException.class, () -> new YoungGrowthPolicy.Streak(0));
    }

    @Test
    void asksWhileEdenCanDoubleAndHasNotBeenResizedAtMostMaxAsksTimes() {
        YoungGrowthPolicy p = new YoungGrowthPolicy(10, 3_000_000_000L);
        long mib = 1 << 20;
        assertTrue(p.ask(2 * mib, 16 * mib, 3), "eden can double: ask");
        assertTrue(p.ask(2 * mib, 16 * mib, 3), "unchanged: the collection was skipped, ask again");
        assertTrue(p.ask(2 * mib, 16 * mib, 3));
        assertFalse(p.ask(2 * mib, 16 * mib, 3), "at most 3 asks");

        YoungGrowthPolicy grown = new YoungGrowthPolicy(10, 3_000_000_000L);
        assertTrue(grown.ask(2 * mib, 64 * mib, 3));
        assertFalse(grown.ask(11 * mib, 64 * mib, 3), "resized by the asked-for collection: no second one");

        assertFalse(new YoungGrowthPolicy(10, 1).ask(9 * mib, 16 * mib, 3), "cannot double: nothing to buy");
        assertTrue(new YoungGrowthPolicy(10, 1).ask(9 * mib, -1, 3), "no maximum");
    }

    private static final long MIB = 1 << 20;

    /**
     * The loaded machine's Connection: close case (bench/README.md, session 13): 2-9 young collections a second,
     * under the rate threshold, each promoting ~0.5 MiB; without the promotion rule the old generation filled (and
     * stayed resident) before anything fired.
     */
    @Test
    void promotionsFireItUnderTheRateThreshold() {
        YoungGrowthPolicy p = new YoungGrowthPolicy(10, 5 * S, 2 * MIB);
        long used = 4 * MIB;
        assertFalse(p.promoted(false, used));
        assertFalse(p.promoted(true, used += MIB / 2)); // +0.5 MiB
        assertFalse(p.promoted(true, used += MIB)); // +1.5
        assertTrue(p.promoted(true, used += MIB / 2)); // +2 MiB over the lowest tick, with a collection: fires
        assertTrue(p.fired());
        assertFalse(p.promoted(true, used + 8 * MIB), "once");
        assertFalse(p.sample(S, 0));
        assertFalse(p.sample(2 * S, 100), "the rate rule does not answer again either");
    }

    @Test
    void theRiseCountsFromTheLowestTickAndNeedsACollection() {
        YoungGrowthPolicy p = new YoungGrowthPolicy(10, 5 * S, 2 * MIB);
        assertFalse(p.promoted(true, 9 * MIB));
        assertFalse(p.promoted(true, 3 * MIB)); // a full collection lowered it: the rise counts from 3 MiB
        assertFalse(p.promoted(true, 9 * MIB / 2)); // +1.5
        // +3 MiB but no young collection since the last tick (eden filling, a large array allocated straight into
        // the old generation): not promotion by the young collector
        assertFalse(p.promoted(false, 6 * MIB));
        assertTrue(p.promoted(true, 6 * MIB)); // with one: fires
    }

    @Test
    void withoutTheHeapsUseOrWithoutAThresholdOnlyTheRateDecides() {
        YoungGrowthPolicy unknown = new YoungGrowthPolicy(10, 5 * S, 2 * MIB);
        YoungGrowthPolicy off = new YoungGrowthPolicy(10, 5 * S);
        for (int i = 0; i <= 20; i++) {
            assertFalse(unknown.promoted(true, -1), "unknown use");
            assertFalse(off.promoted(true, 4 * MIB + i * MIB), "no threshold, 1 MiB promoted a tick");
        }
        assertFalse(off.fired());
        assertThrows(IllegalArgumentException.class, () -> new YoungGrowthPolicy(10, S, -1));
    }
}
