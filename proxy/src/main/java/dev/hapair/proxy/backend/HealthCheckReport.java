package dev.hapair.proxy.backend;

/**
 * One health-check run as HAProxy's {@code option log-health-checks} reports it: whether it passed, and the
 * rise/fall counter it left (HAProxy prints {@code status: 2/3 UP} from these, the server's weight deciding
 * between UP and DRAIN).
 *
 * @param passed      the run passed (conditionally or not)
 * @param conditional it passed conditionally ({@code http-check disable-on-404})
 * @param health      the rise/fall counter after the run, 0 .. rise+fall-1
 * @param rise        the server's {@code rise}
 * @param fall        the server's {@code fall}
 * @param drain       the operator's weight is 0 (HAProxy's uweight): an up server is then reported DRAIN
 * @param reportable  the run moved the counter or changed the check's status: what the option logs
 */
public record HealthCheckReport(
        boolean passed, boolean conditional, int health, int rise, int fall, boolean drain, boolean reportable) {

    /** {@code 2/3 UP}, {@code 1/2 DOWN}, {@code 3/3 DRAIN}: where the counter stands, as HAProxy words it. */
    public String status() {
        if (health >= rise) {
            return (health - rise + 1) + "/" + fall + (drain ? " DRAIN" : " UP");
        }
        return health + "/" + rise + " DOWN";
    }
}
