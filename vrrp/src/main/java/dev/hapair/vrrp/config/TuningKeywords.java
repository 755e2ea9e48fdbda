package dev.hapair.vrrp.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The one table of keepalived.conf keywords hapair-vrrp accepts without implementing them: knobs that only
 * tune keepalived's own processes (scheduling priority, memory locking, CPU affinity, socket buffer sizes)
 * and so cannot change which host holds a virtual address or what is sent on the wire. Each is ignored
 * with a warning naming it; every other keyword hapair-vrrp does not implement is an error. README.md
 * lists this table.
 */
public final class TuningKeywords {

    /** @param family the section: {@code global_defs} or {@code vrrp_instance} */
    public record Knob(String family, String keyword, String reason) {}

    private static final String SCHED = "scheduling priority / real-time limits of a keepalived process; hapair-vrrp's "
            + "timers run on their own thread and the unit file sets the process's priority";
    private static final String SWAP = "locks a keepalived process in memory; hapair-vrrp's heap is small and capped";
    private static final String CPU = "pins a keepalived process to CPUs; scheduling only";
    private static final String BUFS = "sizes a kernel socket receive buffer; the packets handled are the same";
    private static final String OTHER = "tunes a keepalived process hapair does not have (checker/BFD/LVS)";

    private static final List<Knob> KNOBS = build();

    private TuningKeywords() {}

    private static List<Knob> build() {
        List<Knob> k = new ArrayList<>();
        add(k, "global_defs", SCHED, "vrrp_priority", "vrrp_rt_priority", "vrrp_rlimit_rttime");
        add(k, "global_defs", SWAP, "vrrp_no_swap");
        add(k, "global_defs", CPU, "vrrp_cpu_affinity");
        add(
                k,
                "global_defs",
                BUFS,
                "vrrp_rx_bufs_policy",
                "vrrp_rx_bufs_multiplier",
                "vrrp_netlink_cmd_rcv_bufs",
                "vrrp_netlink_cmd_rcv_bufs_force",
                "vrrp_netlink_monitor_rcv_bufs",
                "vrrp_netlink_monitor_rcv_bufs_force",
                "process_monitor_rcv_bufs",
                "process_monitor_rcv_bufs_force");
        for (String p : List.of("checker", "bfd")) {
            for (String s : List.of("_priority", "_rt_priority", "_no_swap", "_rlimit_rttime", "_cpu_affinity")) {
                add(k, "global_defs", OTHER, p + s);
            }
        }
        add(
                k,
                "global_defs",
                OTHER,
                "lvs_netlink_cmd_rcv_bufs",
                "lvs_netlink_cmd_rcv_bufs_force",
                "lvs_netlink_monitor_rcv_bufs",
                "lvs_netlink_monitor_rcv_bufs_force");
        add(k, "vrrp_instance", BUFS, "kernel_rx_buf_size");
        return List.copyOf(k);
    }

    private static void add(List<Knob> into, String family, String reason, String... keywords) {
        for (String kw : keywords) {
            into.add(new Knob(family, kw, reason));
        }
    }

    public static List<Knob> all() {
        return KNOBS;
    }

    static List<Knob> of(String family) {
        return KNOBS.stream().filter(k -> k.family().equals(family)).toList();
    }

    static String warning(String keyword, String reason) {
        return "'" + keyword + "' only tunes keepalived's internals and is ignored by hapair-vrrp: " + reason;
    }

    /** The table as README.md shows it (a test keeps the two equal). */
    public static String markdownTable() {
        StringBuilder sb =
                new StringBuilder("| section | keyword | why ignoring it cannot change the VIP |\n|---|---|---|\n");
        for (Knob k : KNOBS) {
            sb.append("| ")
                    .append(k.family())
                    .append(" | `")
                    .append(k.keyword())
                    .append("` | ")
                    .append(k.reason())
                    .append(" |\n");
        }
        return sb.toString();
    }
}
