package dev.hapair.health.probe.tcpcheck;

import dev.hapair.health.CheckStatus;

/**
 * What one expect rule makes of the bytes received so far: wait for more, go on with the next rule, or end the
 * check with a status, a code (0: none) and an info text (HAProxy's check "desc").
 */
public record Verdict(Kind kind, CheckStatus status, int code, String info) {

    public enum Kind {
        WAIT,
        NEXT,
        DONE
    }

    public static final Verdict WAIT = new Verdict(Kind.WAIT, null, 0, "");

    /** The rule matched; for the last rule, {@code status}/{@code code}/{@code info} are the check's outcome. */
    public static Verdict next(CheckStatus status, int code, String info) {
        return new Verdict(Kind.NEXT, status, code, info == null ? "" : info);
    }

    public static Verdict fail(CheckStatus status, int code, String info) {
        return new Verdict(Kind.DONE, status, code, info == null ? "" : info);
    }
}
