package dev.hapair.health;

import java.time.Duration;
import java.util.Objects;

/**
 * Timing and thresholds of one health check, with HAProxy's keyword semantics.
 *
 * @param inter          {@code inter}: interval between checks while fully UP (HAProxy default 2s)
 * @param fastinter      {@code fastinter}: interval while transitioning (health neither 0 nor full); null = inter
 * @param downinter      {@code downinter}: interval while fully DOWN (health 0); null = inter
 * @param rise           {@code rise}: consecutive successes to go UP (default 2)
 * @param fall           {@code fall}: consecutive failures to go DOWN (default 3)
 * @param timeoutCheck   {@code timeout check}: null = the whole check (connect + response) must fit in inter
 * @param timeoutConnect {@code timeout connect} of the owning proxy; only used with timeoutCheck; null when
 *                       the check has a single budget (keepalived's script {@code timeout})
 * @param initialState   {@code init-state}; HAProxy default {@link InitialState#UP}
 */
public record CheckSettings(
        Duration inter,
        Duration fastinter,
        Duration downinter,
        int rise,
        int fall,
        Duration timeoutCheck,
        Duration timeoutConnect,
        InitialState initialState) {

    public static final Duration DEFAULT_INTER = Duration.ofSeconds(2);
    public static final int DEFAULT_RISE = 2;
    public static final int DEFAULT_FALL = 3;

    public CheckSettings {
        Objects.requireNonNull(inter, "inter");
        Objects.requireNonNull(initialState, "initialState");
        requirePositive("inter", inter);
        if (fastinter != null) requirePositive("fastinter", fastinter);
        if (downinter != null) requirePositive("downinter", downinter);
        if (timeoutCheck != null) requirePositive("timeout check", timeoutCheck);
        if (timeoutConnect != null) requirePositive("timeout connect", timeoutConnect);
        if (rise < 1) throw new IllegalArgumentException("rise must be >= 1, got " + rise);
        if (fall < 1) throw new IllegalArgumentException("fall must be >= 1, got " + fall);
    }

    /** HAProxy's defaults: inter 2s, rise 2, fall 3, init-state up, no timeout check. */
    public static CheckSettings defaults() {
        return new CheckSettings(DEFAULT_INTER, null, null, DEFAULT_RISE, DEFAULT_FALL, null, null, InitialState.UP);
    }

    public CheckSettings withInter(Duration v) {
        return new CheckSettings(v, fastinter, downinter, rise, fall, timeoutCheck, timeoutConnect, initialState);
    }

    public CheckSettings withFastinter(Duration v) {
        return new CheckSettings(inter, v, downinter, rise, fall, timeoutCheck, timeoutConnect, initialState);
    }

    public CheckSettings withDowninter(Duration v) {
        return new CheckSettings(inter, fastinter, v, rise, fall, timeoutCheck, timeoutConnect, initialState);
    }

    public CheckSettings withRise(int v) {
        return new CheckSettings(inter, fastinter, downinter, v, fall, timeoutCheck, timeoutConnect, initialState);
    }

    public CheckSettings withFall(int v) {
        return new CheckSettings(inter, fastinter, downinter, rise, v, timeoutCheck, timeoutConnect, initialState);
    }

    public CheckSettings withTimeoutCheck(Duration v) {
        return new CheckSettings(inter, fastinter, downinter, rise, fall, v, timeoutConnect, initialState);
    }

    public CheckSettings withTimeoutConnect(Duration v) {
        return new CheckSettings(inter, fastinter, downinter, rise, fall, timeoutCheck, v, initialState);
    }

    public CheckSettings withInitialState(InitialState v) {
        return new CheckSettings(inter, fastinter, downinter, rise, fall, timeoutCheck, timeoutConnect, v);
    }

    /** {@code fastinter}, or {@code inter} when unset. */
    public Duration effectiveFastinter() {
        return fastinter != null ? fastinter : inter;
    }

    /** {@code downinter}, or {@code inter} when unset. */
    public Duration effectiveDowninter() {
        return downinter != null ? downinter : inter;
    }

    /**
     * Overall time budget of one check run. HAProxy: without {@code timeout check} the whole check must fit
     * in {@code inter}; with it, connect gets {@code min(timeout connect, inter)} and the response
     * {@code timeout check} more. Probes here take one overall budget, so we pass the sum. Without a
     * {@code timeoutConnect}, {@code timeoutCheck} alone is the budget: that is keepalived's script
     * {@code timeout}, which may exceed the interval. (The proxy passes its {@code timeout connect}.)
     */
    public Duration checkTimeout() {
        if (timeoutCheck == null) {
            return inter;
        }
        if (timeoutConnect == null) {
            return timeoutCheck;
        }
        Duration connect = timeoutConnect.compareTo(inter) > 0 ? inter : timeoutConnect;
        return connect.plus(timeoutCheck);
    }

    /**
     * keepalived {@code vrrp_script} / {@code track_process} mapping: {@code interval}, {@code timeout} (the
     * script's whole budget; null = interval), {@code rise}, {@code fall}. keepalived leaves a script
     * undecided until its first result: a first success counts as UP, a first failure as DOWN, which is
     * {@link InitialState#DOWN} here (one success to rise); {@code init_fail} is {@link InitialState#FULLY_DOWN}.
     */
    public static CheckSettings keepalivedScript(
            Duration interval, Duration timeout, int rise, int fall, boolean initFail) {
        return new CheckSettings(
                interval,
                null,
                null,
                rise,
                fall,
                timeout,
                null,
                initFail ? InitialState.FULLY_DOWN : InitialState.DOWN);
    }

    private static void requirePositive(String what, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
    }
}
