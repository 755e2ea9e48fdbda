package dev.hapair.health;

import java.time.Duration;
import java.util.Objects;

/**
 * HAProxy's rise/fall health counter, pure (no clock, no I/O, not thread-safe: drive it from one thread).
 *
 * <p>Model (facts from HAProxy's documented behaviour): a health counter {@code h} ranges over
 * {@code 0 .. rise+fall-1}; the server is UP when it went UP last and DOWN when it went DOWN last.
 * <ul>
 *   <li>Success: {@code h} increments; when it reaches {@code rise} while DOWN the server goes UP. Once
 *       {@code h >= rise} it jumps to full health {@code rise+fall-1}, so an UP server always needs
 *       {@code fall} consecutive failures to go DOWN.</li>
 *   <li>Failure while UP: {@code h} decrements; when it drops below {@code rise} the server goes DOWN and
 *       {@code h} becomes 0, so it needs {@code rise} consecutive successes to come back.</li>
 *   <li>Failure while DOWN: {@code h} resets to 0 (successes must be consecutive).</li>
 * </ul>
 * Initial state follows {@code init-state}: FULLY_UP = full health, UP = {@code h = rise} (one failure
 * downs it, HAProxy's default), DOWN = {@code h = rise-1} (one success ups it), FULLY_DOWN = 0.
 *
 * <p>Interval choice mirrors HAProxy: {@code inter} at full health, {@code downinter} at zero health while
 * DOWN, {@code fastinter} in between (transitionally UP or DOWN).
 */
public final class RiseFall {

    private final CheckSettings settings;
    private final int max;
    private int health;
    private boolean up;
    private long lastChangeNanos;
    private int consecutiveFailures;

    /** @param nowNanos the injected clock's time, recorded as the initial "last change" */
    public RiseFall(CheckSettings settings, long nowNanos) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.max = settings.rise() + settings.fall() - 1;
        switch (settings.initialState()) {
            case FULLY_UP -> {
                health = max;
                up = true;
            }
            case UP -> {
                health = settings.rise();
                up = true;
            }
            case DOWN -> {
                health = settings.rise() - 1;
                up = false;
            }
            case FULLY_DOWN -> {
                health = 0;
                up = false;
            }
            default -> throw new IllegalStateException();
        }
        this.lastChangeNanos = nowNanos;
    }

    public RiseFall(CheckSettings settings) {
        this(settings, 0);
    }

    /** Feeds one result; returns the transition it caused. */
    public Transition record(CheckResult result, long nowNanos) {
        return record(result.succeeded(), nowNanos);
    }

    /** Feeds one pass/fail outcome; returns the transition it caused. */
    public Transition record(boolean success, long nowNanos) {
        if (success) {
            consecutiveFailures = 0;
            if (health < max) {
                health++;
            }
            if (health >= settings.rise()) {
                health = max;
                if (!up) {
                    up = true;
                    lastChangeNanos = nowNanos;
                    return Transition.UP;
                }
            }
            return Transition.NONE;
        }
        consecutiveFailures++;
        if (!up) {
            health = 0;
            return Transition.NONE;
        }
        if (health > settings.rise()) {
            health--;
            return Transition.NONE;
        }
        health = 0;
        up = false;
        lastChangeNanos = nowNanos;
        return Transition.DOWN;
    }

    /**
     * HAProxy's counter as a server leaves maintenance: {@code rise}, and up ("start OK but check immediately"), so
     * the next run moves it, to full health or to 0.
     */
    public void restartAtRise(long nowNanos) {
        health = settings.rise();
        consecutiveFailures = 0;
        if (!up) {
            up = true;
            lastChangeNanos = nowNanos;
        }
    }

    public boolean isUp() {
        return up;
    }

    /** The raw counter, 0 .. rise+fall-1. */
    public int health() {
        return health;
    }

    public int maxHealth() {
        return max;
    }

    public CheckSettings settings() {
        return settings;
    }

    /** Clock time (as passed in) of the last UP/DOWN change, or of construction. */
    public long lastChangeNanos() {
        return lastChangeNanos;
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** True when neither at full health nor at zero: HAProxy then checks at {@code fastinter}. */
    public boolean transitioning() {
        return health != max && !(health == 0 && !up);
    }

    /** Delay before the next check given the current health (inter / fastinter / downinter). */
    public Duration nextInterval() {
        if (health == max) {
            return settings.inter();
        }
        if (!up && health == 0) {
            return settings.effectiveDowninter();
        }
        return settings.effectiveFastinter();
    }

    /**
     * Status text as HAProxy's stats page shows it: {@code UP}, {@code DOWN}, {@code UP 2/3} (going down:
     * failures it can still absorb, counting the one that downs it / fall), {@code DOWN 1/2} (going up:
     * successes so far / rise).
     */
    public String statusText() {
        if (up) {
            return health == max ? "UP" : "UP " + (health - settings.rise() + 1) + "/" + settings.fall();
        }
        return health == 0 ? "DOWN" : "DOWN " + health + "/" + settings.rise();
    }
}
