package dev.hapair.proxy.config;

import java.util.List;

/**
 * The one table of haproxy.cfg keywords hapair-proxy accepts without implementing them: knobs that only
 * tune HAProxy's own internals (threads, memory pools, socket buffers, polling) and so cannot change what
 * traffic is allowed or where it goes. Each is ignored with a warning naming it. Every other keyword hapair
 * does not implement completely is an error (see {@link NotSupported}). README.md lists this table.
 *
 * <p>Each knob belongs to a keyword family (the {@link KeywordTable#family()} it is registered in):
 * {@code global}, {@code global stats}, {@code stats socket}, {@code proxy}, {@code option}, {@code bind},
 * {@code server}, {@code stats}.
 */
public final class TuningKeywords {

    /**
     * @param arity  values following the keyword on bind/server/stats socket lines
     * @param reason why ignoring it cannot change what traffic is allowed or where it goes
     */
    public record Knob(String family, String keyword, int arity, String reason) {}

    private static final String THREADS = "pins or groups HAProxy's threads/processes; hapair's event loops are "
            + "JVM threads scheduled by the kernel (size them with nbthread)";
    private static final String POLLING = "selects or tunes HAProxy's poller; hapair uses Netty's epoll transport";
    private static final String BUFFERS = "sizes kernel socket buffers; the bytes exchanged are the same";
    private static final String POOLS =
            "tunes HAProxy's memory pools and caches; hapair's memory is managed by " + "the JVM and Netty";
    private static final String SPLICE =
            "caps how many pipes HAProxy keeps for splice(2); hapair opens one per spliced body while it moves";
    private static final String EARLY_DATA = "allows TLS 1.3 early data (0-RTT); hapair accepts and sends none, so "
            + "the request follows the handshake, as RFC 8446 provides when early data is declined: the same "
            + "requests pass, without 0-RTT's exposure to replays";
    private static final String REUSE = "tunes how many idle server connections HAProxy keeps for reuse; "
            + "requests reach the same servers either way";

    private static final List<Knob> KNOBS = List.of(
            new Knob("global", "cpu-map", 0, THREADS),
            new Knob("global", "thread-groups", 0, THREADS),
            new Knob("global", "numa-cpu-mapping", 0, THREADS),
            new Knob("global", "busy-polling", 0, POLLING),
            new Knob("global", "noepoll", 0, POLLING),
            new Knob("global", "nopoll", 0, POLLING),
            new Knob("global", "tune.maxaccept", 0, POLLING),
            new Knob("global", "tune.maxpollevents", 0, POLLING),
            new Knob("global", "tune.runqueue-depth", 0, POLLING),
            new Knob("global", "tune.sched.low-latency", 0, POLLING),
            new Knob("global", "tune.fd.edge-triggered", 0, POLLING),
            new Knob("global", "tune.idletimer", 0, POLLING),
            new Knob("global", "tune.recv_enough", 0, POLLING),
            new Knob("global", "tune.rcvbuf.client", 0, BUFFERS),
            new Knob("global", "tune.rcvbuf.server", 0, BUFFERS),
            new Knob("global", "tune.sndbuf.client", 0, BUFFERS),
            new Knob("global", "tune.sndbuf.server", 0, BUFFERS),
            new Knob("global", "tune.idle-pool.shared", 0, POOLS),
            new Knob("global", "tune.pool-high-fd-ratio", 0, POOLS),
            new Knob("global", "tune.pool-low-fd-ratio", 0, POOLS),
            new Knob("global", "tune.buffers.limit", 0, POOLS),
            new Knob("global", "tune.buffers.reserve", 0, POOLS),
            new Knob("global", "tune.memory.hot-size", 0, POOLS),
            new Knob("global", "maxpipes", 0, SPLICE),
            new Knob(
                    "global",
                    "ulimit-n",
                    0,
                    "sets HAProxy's file descriptor limit; hapair runs with the limit its "
                            + "service manager grants (LimitNOFILE) and maxconn still bounds connections"),
            new Knob(
                    "global",
                    "nogetaddrinfo",
                    0,
                    "chooses the libc call HAProxy resolves names with; names resolve " + "to the same addresses"),
            new Knob(
                    "global",
                    "spread-checks",
                    0,
                    "adds random jitter to health-check intervals to avoid bursts; "
                            + "checks still run at inter/fastinter/downinter and servers change state on the same rise/fall"),
            new Knob(
                    "global",
                    "max-spread-checks",
                    0,
                    "bounds the delay HAProxy spreads its first checks over; "
                            + "check results and server states are the same"),
            new Knob("global", "set-dumpable", 0, "lets HAProxy write core dumps; process debugging only"),
            new Knob("global", "profiling.tasks", 0, "turns on HAProxy's task profiler; measurement only"),
            new Knob("global", "profiling.memory", 0, "turns on HAProxy's memory profiler; measurement only"),
            new Knob(
                    "global",
                    "tune.ssl.default-dh-param",
                    0,
                    "sizes the Diffie-Hellman group of DHE cipher suites; BoringSSL, hapair's TLS provider, has "
                            + "no DHE suite (naming one in 'ciphers' is an error), so no handshake uses it"),
            new Knob(
                    "global",
                    "tune.ssl.capture-buffer-size",
                    0,
                    "sizes the ClientHello capture read by ssl_fc_cipherlist_* and ssl_fc_ecformats_bin, "
                            + "fetches hapair does not have (they are errors); nothing else reads it"),
            new Knob(
                    "global",
                    "debug",
                    0,
                    "HAProxy's debug mode echoes traffic on the terminal; display only "
                            + "(hapair's foreground mode is -d)"),
            new Knob(
                    "global",
                    "expose-experimental-directives",
                    0,
                    "only unlocks experimental keywords, which " + "hapair rejects by themselves"),
            new Knob(
                    "global stats",
                    "maxconn",
                    0,
                    "bounds concurrent sessions on the stats (admin) socket; no " + "proxied traffic goes through it"),
            new Knob("global stats", "bind-process", 0, THREADS),
            new Knob("stats socket", "process", 1, THREADS),
            new Knob("stats socket", "thread", 1, THREADS),
            new Knob("stats socket", "backlog", 1, "length of the kernel's accept queue of the admin socket"),
            new Knob(
                    "stats socket",
                    "maxconn",
                    1,
                    "bounds concurrent sessions on the stats (admin) socket; no " + "proxied traffic goes through it"),
            new Knob("stats socket", "nice", 1, "scheduling priority of admin socket tasks inside HAProxy"),
            new Knob("proxy", "backlog", 0, "length of the kernel's accept queue; connections are accepted the same"),
            new Knob("proxy", "bind-process", 0, THREADS),
            new Knob("stats", "bind-process", 0, THREADS),
            new Knob(
                    "option",
                    "tcpka",
                    0,
                    "enables TCP keep-alive probes on idle sockets; only detects dead peers " + "sooner"),
            new Knob(
                    "option",
                    "clitcpka",
                    0,
                    "enables TCP keep-alive probes on idle client sockets; only detects " + "dead peers sooner"),
            new Knob(
                    "option",
                    "srvtcpka",
                    0,
                    "enables TCP keep-alive probes on idle server sockets; only detects " + "dead peers sooner"),
            new Knob(
                    "option",
                    "tcp-smart-connect",
                    0,
                    "sends the first data with the final ACK of the server "
                            + "handshake; the bytes sent are the same"),
            new Knob(
                    "option",
                    "http-no-delay",
                    0,
                    "disables Nagle's algorithm to cut latency; the bytes sent are " + "the same"),
            new Knob(
                    "option",
                    "contstats",
                    0,
                    "updates traffic counters during long transfers rather than at "
                            + "their end; totals are the same"),
            new Knob("bind", "backlog", 1, "length of the kernel's accept queue; connections are accepted the same"),
            new Knob(
                    "bind",
                    "defer-accept",
                    0,
                    "TCP_DEFER_ACCEPT: the kernel wakes the proxy once data arrives; "
                            + "connections are accepted the same"),
            new Knob(
                    "bind",
                    "tfo",
                    0,
                    "TCP Fast Open lets the client's first data ride in the SYN; the same " + "requests are accepted"),
            new Knob("bind", "mss", 1, "sets the TCP maximum segment size; the bytes exchanged are the same"),
            new Knob("bind", "process", 1, THREADS),
            new Knob("bind", "thread", 1, THREADS),
            new Knob("bind", "nice", 1, "scheduling priority of the listener's tasks inside HAProxy"),
            new Knob("bind", "shards", 1, THREADS),
            new Knob("bind", "allow-0rtt", 0, EARLY_DATA),
            new Knob("crt-list", "allow-0rtt", 0, EARLY_DATA),
            new Knob("ssl-default-bind-options", "allow-0rtt", 0, EARLY_DATA),
            new Knob("server", "tfo", 0, "TCP Fast Open to the server; the bytes sent are the same"),
            new Knob("server", "pool-max-conn", 1, REUSE),
            new Knob("server", "pool-purge-delay", 1, REUSE),
            new Knob("server", "pool-low-conn", 1, REUSE),
            new Knob("server", "max-reuse", 1, REUSE),
            new Knob("server", "allow-0rtt", 0, EARLY_DATA));

    private TuningKeywords() {}

    /** Every knob, in table order (README lists them in this order). */
    public static List<Knob> all() {
        return KNOBS;
    }

    /** The knobs of one keyword family. */
    static List<Knob> of(String family) {
        return KNOBS.stream().filter(k -> k.family().equals(family)).toList();
    }

    /** The table as README.md shows it (a test keeps the two equal). */
    public static String markdownTable() {
        StringBuilder sb =
                new StringBuilder("| where | keyword | why ignoring it cannot change traffic |\n|---|---|---|\n");
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

    /** The warning printed when a knob is used: names it and says why ignoring it is safe. */
    static String warning(String keyword, String reason) {
        return "'" + keyword + "' only tunes HAProxy's internals and is ignored by hapair-proxy: " + reason;
    }
}
