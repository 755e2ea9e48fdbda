package dev.hapair.proxy.backend;

/**
 * The latest health-check outcome of a server as the stats page shows it (check_status, check_code,
 * check_duration, last_chk).
 *
 * @param status   HAProxy check status name, e.g. {@code L4OK}, {@code L7STS}, {@code L4CON}
 * @param code     HTTP status for layer-7 checks, 0 otherwise
 * @param durationMillis how long the check took
 * @param info     short human text ("Connection refused", "HTTP status 500")
 */
public record LastCheck(String status, int code, long durationMillis, String info) {
    public static final LastCheck NONE = new LastCheck("", 0, 0, "");

    /** The reason of a state forced with the runtime API: HAProxy logs it as "changed from CLI". */
    public static final LastCheck FROM_CLI = new LastCheck("", 0, 0, "changed from CLI");
}
