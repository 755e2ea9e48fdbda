package dev.hapair.proxy.stats;

import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.backend.SessionTable;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@code show sess [<id>]}, {@code shutdown session <id>}, {@code shutdown sessions server} and {@code show
 * activity} in HAProxy 2.6's layout and words (read off haproxy 2.6.12). A line carries the fields whose values
 * hapair knows (id, proto, src, fe, be, srv, age); HAProxy's scheduler and buffer internals (ts, calls, rq/rp
 * flags, scf/scb...) have no counterpart here and are left out rather than invented.
 */
final class SessionCommands {

    private final StatsSnapshot snapshot;
    private volatile SessionTable table = SessionTable.NONE;

    SessionCommands(StatsSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    void table(SessionTable t) {
        this.table = t == null ? SessionTable.NONE : t;
    }

    SessionTable table() {
        return table;
    }

    /** {@code show sess}: one line per connection; {@code show sess <id>}: that one in detail. */
    String show(List<String> w) {
        long now = snapshot.process().nowMillis();
        if (w.size() > 2 && !w.get(2).equals("all")) {
            Long id = parseId(w.get(2));
            for (SessionTable.View v : table.list()) {
                if (id != null && v.id() == id) return detail(v, now);
            }
            return "Session not found.\n";
        }
        boolean all = w.size() > 2;
        StringBuilder sb = new StringBuilder();
        for (SessionTable.View v : table.list()) sb.append(all ? detail(v, now) : line(v, now));
        return sb.toString();
    }

    static String line(SessionTable.View v, long nowMillis) {
        return String.format(
                "0x%x: proto=%s src=%s fe=%s be=%s srv=%s age=%s\n",
                v.id(),
                proto(v.source()),
                addr(v.source()),
                v.frontend().name(),
                v.backend() == null ? "<NONE>" : v.backend().name(),
                v.server() == null ? "<none>" : v.server().name(),
                HumanTime.of(Math.max(0, nowMillis - v.acceptMillis()) / 1000));
    }

    private String detail(SessionTable.View v, long nowMillis) {
        FrontendRuntime f = v.frontend();
        BackendRuntime b = v.backend();
        ServerRuntime s = v.server();
        StringBuilder sb = new StringBuilder(String.format("0x%x: [", v.id()))
                .append(AdminCommands.Stamp.STAMP.format(Instant.ofEpochMilli(v.acceptMillis())))
                .append("] id=")
                .append(v.id())
                .append(" proto=")
                .append(proto(v.source()))
                .append(" source=")
                .append(addr(v.source()))
                .append('\n');
        sb.append("  frontend=")
                .append(f.name())
                .append(" (id=")
                .append(iid(f.name(), true))
                .append(" mode=")
                .append(f.settings().mode().name().toLowerCase(Locale.ROOT))
                .append("), addr=")
                .append(addr(v.local()))
                .append('\n');
        if (b == null) sb.append("  backend=<NONE> (id=-1 mode=-)\n");
        else
            sb.append("  backend=")
                    .append(b.name())
                    .append(" (id=")
                    .append(iid(b.name(), false))
                    .append(" mode=")
                    .append(b.mode().name().toLowerCase(Locale.ROOT))
                    .append(")\n");
        if (s == null) sb.append("  server=<NONE> (id=-1)\n");
        else
            sb.append("  server=")
                    .append(s.name())
                    .append(" (id=")
                    .append(s.id())
                    .append(") addr=")
                    .append(addr(s.connectAddress(v.local().getPort())))
                    .append('\n');
        sb.append("  age=")
                .append(HumanTime.of(Math.max(0, nowMillis - v.acceptMillis()) / 1000))
                .append('\n');
        return sb.toString();
    }

    /** {@code shutdown session <id>}. */
    String shutdown(List<String> w) {
        if (w.size() < 3) return "Session pointer expected (use 'show sess').\n";
        Long id = parseId(w.get(2));
        return id != null && table.kill(id) ? "" : "No such session (use 'show sess').\n";
    }

    /** {@code shutdown sessions server <b>/<s>}, the server already resolved. */
    String shutdownServer(ServerRuntime s) {
        table.killAttachedTo(s);
        return "";
    }

    /**
     * {@code show activity}: the counters hapair keeps, per event loop, in HAProxy's order (failed buffer
     * allocations as {@code pool_fail}, connections accepted); HAProxy's scheduler counters (loops, ctxsw,
     * poll_*, cpust_*, accq_*...) have no counterpart in Netty and are left out.
     */
    String activity() {
        SessionTable.Activity a = table.activity();
        long nowMicros = snapshot.process().nowMillis() * 1000;
        StringBuilder sb = new StringBuilder("thread_id: 1 (1..")
                .append(a.threads())
                .append(")\n")
                .append(String.format(
                        Locale.ROOT, "date_now: %d.%06d\n", nowMicros / 1_000_000, nowMicros % 1_000_000));
        perThread(sb, "pool_fail", a.poolFailPerThread());
        perThread(sb, "accepted", a.acceptedPerThread());
        return sb.toString();
    }

    /** {@code name: total [ t1 t2 ... ]} as HAProxy prints a per-thread counter. */
    private static void perThread(StringBuilder sb, String name, long[] values) {
        long total = 0;
        for (long n : values) total += n;
        sb.append(name).append(": ").append(total).append(" [");
        for (long n : values) sb.append(' ').append(n);
        sb.append(" ]\n");
    }

    private int iid(String name, boolean frontend) {
        for (StatsSnapshot.Proxy p : snapshot.proxies()) {
            if (p.name().equals(name) && (frontend ? p.frontend() != null : p.backend() != null)) return p.iid();
        }
        return -1;
    }

    /** {@code 0x1f2e} as {@code show sess} prints it (the {@code 0x} optional). */
    static Long parseId(String s) {
        String hex = s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s;
        try {
            return Long.parseUnsignedLong(hex, 16);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String proto(InetSocketAddress a) {
        return a != null && a.getAddress() instanceof Inet6Address ? "tcpv6" : "tcpv4";
    }

    private static String addr(InetSocketAddress a) {
        if (a == null) return "?";
        // as HAProxy prints it: an IPv6 address without brackets
        return (a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString()) + ":" + a.getPort();
    }
}
