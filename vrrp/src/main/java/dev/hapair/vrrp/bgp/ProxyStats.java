package dev.hapair.vrrp.bgp;

import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * What BGP mode needs from the proxy's {@code show stat} CSV (HAProxy's format, which hapair-proxy serves
 * too): usable servers of a backend ({@code nbsrv(backend)}) and the sessions still open on the frontends
 * (to know when a drain is over). Pure parsing of the text.
 */
public record ProxyStats(List<Row> rows) {
    /** One CSV row: proxy name, service name (FRONTEND, BACKEND or a server), status, current sessions. */
    public record Row(String proxy, String service, String status, int currentSessions) {}

    public ProxyStats {
        rows = List.copyOf(rows);
    }

    /** Parses {@code show stat} output; throws IllegalArgumentException when it is not that CSV. */
    public static ProxyStats parse(String csv) {
        List<String> lines = csv.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty() || !lines.get(0).startsWith("# ")) {
            throw new IllegalArgumentException(
                    "not 'show stat' output: " + (lines.isEmpty() ? "nothing" : "'" + abbreviate(lines.get(0)) + "'"));
        }
        List<String> header = List.of(lines.get(0).substring(2).split(",", -1));
        int px = header.indexOf("pxname");
        int sv = header.indexOf("svname");
        int st = header.indexOf("status");
        int scur = header.indexOf("scur");
        if (px < 0 || sv < 0 || st < 0 || scur < 0) {
            throw new IllegalArgumentException("'show stat' header lacks pxname, svname, status or scur");
        }
        List<Row> rows = new java.util.ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (f.length <= Math.max(Math.max(px, sv), Math.max(st, scur))) {
                continue;
            }
            int cur;
            try {
                cur = f[scur].isEmpty() ? 0 : Integer.parseInt(f[scur]);
            } catch (NumberFormatException e) {
                cur = 0;
            }
            rows.add(new Row(f[px], f[sv], f[st], cur));
        }
        return new ProxyStats(rows);
    }

    /**
     * HAProxy's {@code nbsrv(backend)}: servers of the backend that can take traffic (status UP, including a
     * server going down but not yet down, "UP 1/3", or "no check"); empty when no such backend exists.
     */
    public OptionalInt usableServers(String backend) {
        boolean found = false;
        int usable = 0;
        for (Row r : rows) {
            if (!r.proxy().equals(backend)) {
                continue;
            }
            if (r.service().equals("BACKEND")) {
                found = true;
                continue;
            }
            if (r.service().equals("FRONTEND")) {
                continue;
            }
            found = true;
            String s = r.status().toUpperCase(Locale.ROOT);
            if (s.startsWith("UP") || s.equals("NO CHECK")) {
                usable++;
            }
        }
        return found ? OptionalInt.of(usable) : OptionalInt.empty();
    }

    /** Sessions open on every frontend together (what a drain waits to reach zero). */
    public int frontendSessions() {
        return rows.stream()
                .filter(r -> r.service().equals("FRONTEND"))
                .mapToInt(Row::currentSessions)
                .sum();
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
