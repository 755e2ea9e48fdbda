package dev.hapair.health;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of one health check run.
 *
 * @param status     HAProxy-style code
 * @param duration   how long the check took (connect + response, or script run time)
 * @param httpStatus HTTP status of the response, 0 when there was none
 * @param detail     human detail for logs: "Connection refused", script output, ...; never null ("" if none)
 */
public record CheckResult(CheckStatus status, Duration duration, int httpStatus, String detail) {

    public CheckResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            duration = Duration.ZERO;
        }
        detail = detail == null ? "" : detail;
    }

    public static CheckResult of(CheckStatus status, Duration duration) {
        return new CheckResult(status, duration, 0, "");
    }

    public static CheckResult of(CheckStatus status, Duration duration, String detail) {
        return new CheckResult(status, duration, 0, detail);
    }

    public static CheckResult http(CheckStatus status, Duration duration, int httpStatus, String detail) {
        return new CheckResult(status, duration, httpStatus, detail);
    }

    /** The result shown before a check has ever run ({@code INI}). */
    public static CheckResult initial() {
        return of(CheckStatus.INI, Duration.ZERO);
    }

    /** True when this result counts as a passed check. */
    public boolean succeeded() {
        return status.success();
    }

    /**
     * Renders the result as HAProxy's stats page does: {@code L7OK/200 in 1ms}, {@code L7STS/404 in 2ms},
     * {@code L4CON in 0ms}.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder(status.name());
        if (httpStatus > 0) {
            sb.append('/').append(httpStatus);
        }
        return sb.append(" in ").append(duration.toMillis()).append("ms").toString();
    }

    /** {@link #describe()} plus the detail, for log lines: {@code L4CON in 0ms, Connection refused}. */
    public String describeWithDetail() {
        return detail.isEmpty() ? describe() : describe() + ", " + detail;
    }
}
