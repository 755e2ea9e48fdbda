package dev.hapair.health;

/**
 * What one completed check run produced, as delivered to {@link CheckListener}s.
 *
 * @param name       the check's name (e.g. {@code web/s1} or a track_script name)
 * @param result     the run's result
 * @param transition {@link Transition#UP}/{@link Transition#DOWN} when this run changed the state, else NONE
 * @param up         state after this run
 * @param health     rise/fall counter after this run (0 .. rise+fall-1)
 * @param healthBefore the counter before this run
 * @param previousStatus the status of the run before this one ({@link CheckStatus#INI} for the first run)
 * @param statusText HAProxy stats-page status after this run: {@code UP}, {@code DOWN 1/2}, {@code UP 2/3}
 * @param nanoTime   scheduler clock time at which the result was recorded
 */
public record CheckEvent(
        String name,
        CheckResult result,
        Transition transition,
        boolean up,
        int health,
        int healthBefore,
        CheckStatus previousStatus,
        String statusText,
        long nanoTime) {

    public boolean changed() {
        return transition != Transition.NONE;
    }

    /**
     * Whether this run is one HAProxy's {@code option log-health-checks} reports: it moved the rise/fall counter,
     * or its status differs from the previous run's (a refused connection turning into a timeout while down).
     */
    public boolean reportable() {
        return health != healthBefore || result.status() != previousStatus;
    }

    /**
     * Log line in HAProxy's style, e.g.
     * {@code Health check for server web/s1 failed, reason: Layer4 connection problem, info: "Connection
     * refused", check duration: 0ms, status: 0/2 DOWN.}
     */
    public String logLine() {
        StringBuilder sb = new StringBuilder("Health check for ")
                .append(name)
                .append(result.succeeded() ? " succeeded" : " failed")
                .append(", reason: ")
                .append(result.status().description());
        if (result.httpStatus() > 0) {
            sb.append(", code: ").append(result.httpStatus());
        }
        if (!result.detail().isEmpty()) {
            sb.append(", info: \"").append(result.detail()).append('"');
        }
        sb.append(", check duration: ")
                .append(result.duration().toMillis())
                .append("ms, status: ")
                .append(statusText);
        if (changed()) {
            sb.append(transition == Transition.UP ? ", now UP" : ", now DOWN");
        }
        return sb.append('.').toString();
    }
}
