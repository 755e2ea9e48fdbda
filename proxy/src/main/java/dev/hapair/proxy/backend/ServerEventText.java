package dev.hapair.proxy.backend;

import java.util.Optional;

/**
 * HAProxy's wording of server state changes, as HAProxy 2.6 logs them (observed from haproxy 2.6.12 with the
 * same checks and runtime-API commands), so log-based alerting written for HAProxy keeps matching:
 * <pre>
 * Server bk/s1 is DOWN, reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms.
 *   1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.
 * Backup Server bk/s3 is UP, reason: Layer7 check passed, code: 200, check duration: 1ms.
 *   0 active and 1 backup servers online. Running on backup. 0 sessions requeued, 0 total in queue.
 * backend bk has no server available!
 * </pre>
 * Pure: the caller supplies the backend's counts after the change.
 */
public final class ServerEventText {
    /** syslog severities HAProxy uses for these lines. */
    public static final int EMERG = 0;

    public static final int ALERT = 1;
    public static final int NOTICE = 5;

    /** One line to log and the severity HAProxy sends it with. */
    public record Line(int severity, String text) {}

    /**
     * What the backend looks like once the change took effect.
     *
     * @param activeOnline   non-backup servers that can take traffic (up, not in maintenance, weight above 0)
     * @param backupOnline   backup servers that can take traffic
     * @param sessionsActive the server's current sessions
     * @param queued         requests waiting in the backend's queue
     */
    public record Counts(int activeOnline, int backupOnline, int sessionsActive, int queued) {}

    private ServerEventText() {}

    public static Line of(String backend, String server, boolean backup, ServerEvent event, Counts c) {
        String who = (backup ? "Backup Server " : "Server ") + backend + "/" + server;
        return switch (event.kind()) {
            case CHECK_DOWN -> new Line(
                    ALERT,
                    who + " is DOWN" + reason(event.check()) + ". " + left(c) + " " + c.sessionsActive()
                            + " sessions active, 0 requeued, " + c.queued() + " remaining in queue.");
            case CHECK_UP -> new Line(
                    NOTICE,
                    who + " is UP" + reason(event.check()) + ". " + online(c) + " 0 sessions requeued, " + c.queued()
                            + " total in queue.");
            case MAINT_FROM_UP -> new Line(
                    ALERT,
                    who + " is going DOWN for maintenance. " + left(c) + " " + c.sessionsActive()
                            + " sessions active, 0 requeued, " + c.queued() + " remaining in queue.");
            case MAINT_FROM_DOWN -> new Line(NOTICE, who + " was DOWN and now enters maintenance.");
            case MAINT_LEAVE_READY -> new Line(NOTICE, who + " is UP/READY (leaving forced maintenance).");
            case MAINT_LEAVE_DRAIN -> new Line(NOTICE, who + " is UP/DRAIN (leaving forced maintenance).");
            case MAINT_LEAVE_DOWN -> new Line(NOTICE, who + " is DOWN (leaving forced maintenance).");
            case DRAIN_ENTER -> new Line(
                    NOTICE,
                    who + " enters drain state. " + online(c) + " 0 sessions requeued, " + c.queued()
                            + " total in queue.");
            case DRAIN_LEAVE -> new Line(NOTICE, who + " is UP (leaving forced drain).");
            case CHECK_RESULT -> healthCheck(backend, server, backup, event);
            case STOPPING -> new Line(
                    NOTICE,
                    who + " is stopping" + reason(event.check()) + ". " + online(c) + " 0 sessions requeued, "
                            + c.queued() + " total in queue.");
        };
    }

    /**
     * {@code option log-health-checks}' line for one check run, e.g. {@code Health check for server bk/s1 failed,
     * reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms, status: 2/3 UP.}
     */
    public static Line healthCheck(String backend, String server, boolean backup, ServerEvent event) {
        HealthCheckReport r = event.report();
        String outcome = !r.passed() ? "failed" : r.conditional() ? "conditionally succeeded" : "succeeded";
        return new Line(
                NOTICE,
                "Health check for " + (backup ? "backup server " : "server ") + backend + "/" + server + " " + outcome
                        + reason(event.check()) + ", status: " + r.status() + ".");
    }

    /** The line HAProxy logs when the last usable server of a backend goes. */
    public static Line noServer(String backend) {
        return new Line(EMERG, "backend " + backend + " has no server available!");
    }

    /** ", reason: Layer4 connection problem, info: \"Connection refused\", check duration: 0ms" */
    static String reason(LastCheck check) {
        if (LastCheck.FROM_CLI.equals(check)) {
            return ", changed from CLI";
        }
        if (check == null || check.status().isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(", reason: ").append(CheckDescriptions.of(check.status()));
        if (check.code() > 0) {
            sb.append(", code: ").append(check.code());
        }
        info(check).ifPresent(i -> sb.append(", info: \"").append(i).append('"'));
        sb.append(", check duration: ").append(check.durationMillis()).append("ms");
        return sb.toString();
    }

    /** HAProxy adds the check's info text to failures only; a passing check says just its code. */
    private static Optional<String> info(LastCheck check) {
        boolean passed = check.status().endsWith("OK") || check.status().equals("L7OKC");
        if (passed || check.info() == null || check.info().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(check.info().replace("\"", "'"));
    }

    private static String left(Counts c) {
        return c.activeOnline() + " active and " + c.backupOnline() + " backup servers left." + runningOnBackup(c);
    }

    private static String online(Counts c) {
        return c.activeOnline() + " active and " + c.backupOnline() + " backup servers online." + runningOnBackup(c);
    }

    private static String runningOnBackup(Counts c) {
        return c.activeOnline() == 0 && c.backupOnline() > 0 ? " Running on backup." : "";
    }
}
