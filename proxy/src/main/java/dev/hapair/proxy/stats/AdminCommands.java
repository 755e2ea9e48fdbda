package dev.hapair.proxy.stats;

import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.FrontendControl;
import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.h1.InvalidMessage;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runtime API commands on counters, errors and frontends, with HAProxy 2.6's answers (read off haproxy 2.6.12):
 * {@code clear counters [all]}, {@code show errors}, {@code show table}, {@code set maxconn frontend|global|server},
 * {@code enable|disable|shutdown frontend}, {@code set server ... addr|health}. An empty answer is HAProxy's
 * "done". What hapair does not implement answers so, never silently.
 */
final class AdminCommands {
    /**
     * HAProxy's CLI time stamps ({@code show errors}, {@code show sess <id>}). In a holder: a formatter with month names loads the JDK's
     * locale data and time-zone rules, which a process nobody asks for these never needs.
     */
    static final class Stamp {
        static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss.SSS", Locale.ENGLISH)
                .withZone(ZoneId.systemDefault());

        private Stamp() {}
    }

    private final StatsSnapshot snapshot;
    private volatile FrontendControl frontends = FrontendControl.NONE;

    AdminCommands(StatsSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    void frontendControl(FrontendControl control) {
        this.frontends = control == null ? FrontendControl.NONE : control;
    }

    /** {@code clear counters}: maxima restart; {@code all}: every counter restarts. */
    String clearCounters(boolean all) {
        for (StatRow r : snapshot.rows()) r.counters().clear(all);
        snapshot.rates().clear(all);
        return "";
    }

    /** {@code show errors}: the last invalid request of each frontend and response of each backend. */
    String showErrors() {
        List<String> events = new ArrayList<>();
        for (StatsSnapshot.Proxy p : snapshot.proxies()) {
            FrontendRuntime f = p.frontend();
            if (f != null && f.lastInvalidRequest() != null) {
                events.add(event(
                        f.lastInvalidRequest(),
                        "frontend " + f.name() + " (#" + p.iid() + "): invalid request",
                        "backend <NONE> (#-1), server <NONE> (#-1)"));
            }
            BackendRuntime b = p.backend();
            if (b != null && b.lastInvalidResponse() != null) {
                events.add(event(
                        b.lastInvalidResponse(),
                        "backend " + b.name() + " (#" + p.iid() + "): invalid response",
                        "frontend <NONE> (#-1), server <NONE> (#-1)"));
            }
        }
        StringBuilder sb = new StringBuilder("Total events captured on [")
                .append(Stamp.STAMP.format(
                        Instant.ofEpochMilli(snapshot.process().nowMillis())))
                .append("] : ")
                .append(events.size())
                .append('\n');
        for (String e : events) sb.append(" \n").append(e);
        return sb.toString();
    }

    private static String event(InvalidMessage m, String title, String where) {
        StringBuilder sb = new StringBuilder("[")
                .append(Stamp.STAMP.format(Instant.ofEpochMilli(m.epochMillis())))
                .append("] ")
                .append(title)
                .append('\n')
                .append("  ")
                .append(where)
                .append(", event #0, src ")
                .append(m.peer())
                .append('\n')
                .append("  len ")
                .append(m.bytes().length)
                .append(", error at position ")
                .append(Math.max(0, m.offset()))
                .append(": ")
                .append(m.reason())
                .append('\n')
                .append("  \n");
        dump(sb, m.bytes());
        return sb.toString();
    }

    /** HAProxy's dump: one line per line of the message, offset first, non-printables escaped. */
    static void dump(StringBuilder sb, byte[] bytes) {
        int lineStart = 0;
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            switch (b) {
                case '\r' -> line.append("\\r");
                case '\n' -> line.append("\\n");
                case '\t' -> line.append("\\t");
                case '\\' -> line.append("\\\\");
                default -> {
                    if (b < 0x20 || b >= 0x7f) line.append(String.format("\\x%02x", b));
                    else line.append((char) b);
                }
            }
            if (b == '\n' || i == bytes.length - 1) {
                sb.append(String.format("  %05d  ", lineStart)).append(line).append('\n');
                line.setLength(0);
                lineStart = i + 1;
            }
        }
    }

    /** {@code show table}: hapair has no stick tables (yet), so the list is empty, as HAProxy's is without any. */
    String showTable(List<String> w) {
        if (w.size() > 2) return "No such table\n";
        return "";
    }

    /** {@code set maxconn frontend <fe> <n>}, {@code set maxconn global <n>}, {@code set maxconn server <b>/<s> <n>}. */
    String setMaxconn(List<String> w) {
        String what = w.size() > 2 ? w.get(2) : "";
        switch (what) {
            case "frontend" -> {
                if (w.size() < 4) return "A frontend name is expected.\n";
                Integer n = w.size() > 4 ? integer(w.get(4)) : null;
                if (n == null) return "Integer value expected.\n";
                return frontends.setMaxconn(w.get(3), n) ? "" : "No such frontend.\n";
            }
            case "global" -> {
                Integer n = w.size() > 3 ? integer(w.get(3)) : null;
                if (n == null) return "Expects an integer value.\n";
                if (n <= 0) return "Value out of range.\n";
                frontends.setGlobalMaxconn(n);
                return "";
            }
            default -> {
                return "Require 'frontend', 'global' or 'server'.\n";
            }
        }
    }

    /** {@code enable|disable|shutdown frontend <fe>}. */
    String frontend(String action, List<String> w) {
        if (w.size() < 3) return "A frontend name is expected.\n";
        String fe = w.get(2);
        boolean ok =
                switch (action) {
                    case "enable" -> frontends.resume(fe);
                    case "disable" -> frontends.pause(fe);
                    default -> frontends.shutdown(fe);
                };
        return ok ? "" : "No such frontend.\n";
    }

    /** {@code set server <b>/<s> addr <ip> [port <port>]}: where new connections go; HAProxy's answers. */
    static String setAddr(ServerRuntime s, List<String> w) {
        if (w.size() < 5) return "set server <b>/<s> addr requires an address and optionally a port.\n";
        InetAddress a = literal(w.get(4));
        if (a == null) return "Invalid addr '" + w.get(4) + "'.\n";
        InetAddress before = s.connectAddress(0).getAddress();
        String old = before != null ? before.getHostAddress() : s.host();
        StringBuilder answer = new StringBuilder(
                a.equals(before)
                        ? "no need to change the addr"
                        : "IP changed from '" + old + "' to '" + a.getHostAddress() + "'");
        int port = s.port();
        if (w.size() > 6 && w.get(5).equals("port")) {
            Integer p = integer(w.get(6));
            if (p == null || p < 0 || p > 65535) {
                // HAProxy changes the address and reports the port it could not take
                s.setAddress(a, s.port());
                return answer + ", problem converting port '" + w.get(6) + "' to an int by 'stats socket command'\n";
            }
            if (p == s.port()) answer.append(", no need to change the port");
            else
                answer.append(", port changed from '")
                        .append(s.port())
                        .append("' to '")
                        .append(p)
                        .append('\'');
            port = p;
        }
        s.setAddress(a, port);
        return answer + " by 'stats socket command'\n";
    }

    /** A numeric IPv4 or IPv6 address (no name lookups from the CLI), or null. */
    static InetAddress literal(String text) {
        if (!text.matches("[0-9.]+|[0-9a-fA-F:]+")) return null;
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** {@code set server <b>/<s> health up|down}: what the checks would decide, forced until the next verdict. */
    static String setHealth(ServerRuntime s, List<String> w) {
        String v = w.size() > 4 ? w.get(4) : "";
        switch (v) {
            case "up" -> s.forceHealth(ServerRuntime.HealthForce.UP);
            case "down" -> s.forceHealth(ServerRuntime.HealthForce.DOWN);
            case "stopping" -> s.forceHealth(ServerRuntime.HealthForce.STOPPING);
            default -> {
                return "'set server <srv> health' expects 'up', 'stopping', or 'down'.\n";
            }
        }
        return "";
    }

    private static Integer integer(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
