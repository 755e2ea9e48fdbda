package dev.hapair.vrrp.auth;

import java.time.Instant;

/**
 * The sender side of anti-replay: each signed advert gets the larger of the clock's sequence and the last one
 * plus one, so the sequence grows even when the clock stands still or steps back a little. After a clock step
 * back by more than the time window (time mode), it restarts from the clock, since receivers would reject the
 * stranded future timestamps anyway. Not persisted: a restarted sender stays monotonic while its clock moves
 * forward across the restart. Not thread-safe (one instance signs on the daemon loop).
 */
final class SendSequence {
    private final boolean timeMode;
    private final int windowSeconds;
    private long last;
    private boolean started;

    SendSequence(boolean timeMode, int windowSeconds) {
        this.timeMode = timeMode;
        this.windowSeconds = windowSeconds;
    }

    long next(Instant now) {
        long clock = Sequences.ofInstant(now);
        if (!started || Sequences.after(clock, last)) {
            started = true;
            last = clock;
            return last;
        }
        int ahead = (int) ((last >>> 32) - (clock >>> 32));
        if (timeMode && ahead > windowSeconds) {
            last = clock;
        } else {
            last++;
        }
        return last;
    }
}
