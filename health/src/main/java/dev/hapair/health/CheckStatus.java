package dev.hapair.health;

/**
 * Outcome codes of one health check, named exactly as HAProxy shows them on its stats page and in its
 * logs so operators recognise them. {@link #success()} says whether the check counts as passed for
 * rise/fall.
 */
public enum CheckStatus {
    /** Unknown: no check has produced a result, or an internal error prevented one. */
    UNK(false, "unknown"),
    /** Initializing: the check has not run yet. */
    INI(false, "initializing"),
    /** Socket error before any connection attempt (could not create or bind the socket). */
    SOCKERR(false, "socket error"),
    /** Layer 4 connection established (plain TCP check passed). */
    L4OK(true, "Layer4 check passed"),
    /** Layer 4 connection timed out. */
    L4TOUT(false, "Layer4 timeout"),
    /** Layer 4 connection problem: connection refused (RST), no route to host (ICMP), reset... */
    L4CON(false, "Layer4 connection problem"),
    /** Layer 6 (TLS) handshake passed. */
    L6OK(true, "Layer6 check passed"),
    /** Layer 6 (TLS) handshake timed out. */
    L6TOUT(false, "Layer6 timeout"),
    /** Layer 6 invalid response (TLS protocol error). */
    L6RSP(false, "Layer6 invalid response"),
    /** Layer 7 check passed (HTTP status matched the expectation). */
    L7OK(true, "Layer7 check passed"),
    /** Layer 7 check conditionally passed (e.g. 404 with {@code http-check disable-on-404}). */
    L7OKC(true, "Layer7 check conditionally passed"),
    /** Layer 7 (response) timeout: connected, but no valid response in time. */
    L7TOUT(false, "Layer7 timeout"),
    /** Layer 7 invalid response: not a parsable HTTP status line, or an empty response. */
    L7RSP(false, "Layer7 invalid response"),
    /** Layer 7 response with a status that did not match the expectation. */
    L7STS(false, "Layer7 wrong status"),
    /** Process / external script check failed (not running, non-zero exit). */
    PROCERR(false, "External check error"),
    /** External script check timed out and was killed. */
    PROCTOUT(false, "External check timeout"),
    /** Process / external script check passed. */
    PROCOK(true, "External check passed"),
    /** Health analyze: the server was marked by traffic observation ({@code observe}). */
    HANA(false, "Health analyze");

    private final boolean success;
    private final String description;

    CheckStatus(boolean success, String description) {
        this.success = success;
        this.description = description;
    }

    /** True when this outcome counts as a passed check for the rise/fall counter. */
    public boolean success() {
        return success;
    }

    /** HAProxy's human description of the code (for logs and the stats page tooltip). */
    public String description() {
        return description;
    }
}
