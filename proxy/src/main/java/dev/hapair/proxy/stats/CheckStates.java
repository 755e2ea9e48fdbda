package dev.hapair.proxy.stats;

import java.util.List;

/** The state label values of HAProxy 2.6's exporter, in its order. */
final class CheckStates {
    private CheckStates() {}

    /** A server's state ({@code status}, {@code agg_server_status}). */
    static final List<String> SERVER = List.of("DOWN", "UP", "MAINT", "DRAIN", "NOLB");

    /** A frontend's or backend's state. */
    static final List<String> PROXY = List.of("DOWN", "UP");

    /**
     * The results of a check that ran ({@code check_status}, {@code agg_check_status}); HAProxy leaves out
     * {@code UNK} and {@code INI}, which are not results.
     */
    static final List<String> ALL = List.of(
            "HANA",
            "SOCKERR",
            "L4OK",
            "L4TOUT",
            "L4CON",
            "L6OK",
            "L6TOUT",
            "L6RSP",
            "L7TOUT",
            "L7RSP",
            "L7OK",
            "L7OKC",
            "L7STS",
            "PROCERR",
            "PROCTOUT",
            "PROCOK");

    /**
     * HAProxy 2.6's numeric HCHK_STATUS_* ({@code show servers state}): UNK 0, INI 1, START 2, a CHECKED placeholder
     * 3, then {@link #ALL} in order with an L57DATA placeholder before L7OK (L4OK 6, L7OK 15); a server whose check
     * never ran is INI.
     */
    static int stateFileCode(String status) {
        if (status.isEmpty()) return 1;
        if (status.equals("UNK")) return 0;
        int i = ALL.indexOf(status);
        if (i < 0) return 0;
        return 4 + i + (i >= ALL.indexOf("L7OK") ? 1 : 0);
    }
}
