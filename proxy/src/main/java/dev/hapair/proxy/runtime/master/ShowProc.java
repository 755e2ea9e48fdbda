package dev.hapair.proxy.runtime.master;

import java.time.Duration;

/** The master CLI's {@code show proc} table, in HAProxy's layout (columns padded to 16 characters). */
public final class ShowProc {
    private ShowProc() {}

    /** One process line's facts. */
    public record Proc(long pid, int reloads, Duration uptime) {}

    /**
     * @param master      the master (its reloads are the reloads it asked for)
     * @param failed      reloads the worker refused (its configuration stayed)
     * @param worker      the current worker; it reloads in place, so its reloads equal the successful ones
     * @param version     the version string of both
     */
    public static String format(Proc master, int failed, Proc worker, String version) {
        StringBuilder b = new StringBuilder();
        b.append(row("#<PID>", "<type>", "<reloads>", "<uptime>", "<version>"));
        b.append(row(
                Long.toString(master.pid()),
                "master",
                master.reloads() + " [failed: " + failed + "]",
                uptime(master.uptime()),
                version));
        b.append("# workers\n");
        if (worker != null) {
            b.append(row(
                    Long.toString(worker.pid()),
                    "worker",
                    Integer.toString(worker.reloads()),
                    uptime(worker.uptime()),
                    version));
        }
        b.append("# old workers\n");
        b.append("# programs\n");
        return b.toString();
    }

    private static String row(String pid, String type, String reloads, String uptime, String version) {
        return pad(pid) + pad(type) + pad(reloads) + pad(uptime) + version + "\n";
    }

    private static String pad(String s) {
        return s.length() >= 16 ? s + " " : s + " ".repeat(16 - s.length());
    }

    /** HAProxy's uptime form: {@code 0d00h02m07s}. */
    public static String uptime(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return String.format("%dd%02dh%02dm%02ds", s / 86400, s / 3600 % 24, s / 60 % 60, s % 60);
    }
}
