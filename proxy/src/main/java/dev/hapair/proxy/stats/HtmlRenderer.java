package dev.hapair.proxy.stats;

import dev.hapair.proxy.backend.CheckDescriptions;
import dev.hapair.proxy.backend.LastCheck;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The stats page: HAProxy's layout (one table per proxy with the Queue / Session rate / Sessions / Bytes /
 * Denied / Errors / Warnings / Server column groups, a row per server between FRONTEND and BACKEND) and
 * its colour legend. Static HTML with a little CSS, no script: it stays light at hundreds of servers.
 */
public final class HtmlRenderer {
    private static final Set<String> FAILED_CHECKS =
            Set.of("SOCKERR", "L4TOUT", "L4CON", "L6TOUT", "L6RSP", "L7TOUT", "L7RSP", "L7STS", "PROCERR", "PROCTOUT");

    /**
     * @param uri     the stats uri (form action, links to {@code ;csv})
     * @param refreshSeconds {@code stats refresh}, 0 = none
     * @param admin   {@code stats admin} matched: show the server check boxes and action forms
     * @param notice  result of the last admin action ({@code ;st=DONE}), or empty
     */
    public record Options(
            String uri, long refreshSeconds, boolean admin, boolean hideVersion, Optional<String> notice) {}

    private HtmlRenderer() {}

    public static String render(StatsSnapshot snap, Options o) {
        return render(snap, snap.proxies(), o);
    }

    /** The page showing {@code proxies} (a {@code scope=} selection of the snapshot's). */
    public static String render(StatsSnapshot snap, List<StatsSnapshot.Proxy> proxies, Options o) {
        StringBuilder sb = new StringBuilder(8192 + proxies.size() * 4096);
        ProcessInfo p = snap.process();
        sb.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n<title>Statistics Report for ")
                .append(esc(p.name()))
                .append(" on ")
                .append(esc(hostName()))
                .append("</title>\n");
        if (o.refreshSeconds() > 0)
            sb.append("<meta http-equiv=\"refresh\" content=\"")
                    .append(o.refreshSeconds())
                    .append("\">\n");
        sb.append(CSS).append("</head>\n<body>\n<h1>").append(esc(p.name()));
        if (!o.hideVersion())
            sb.append(" version ")
                    .append(esc(p.version()))
                    .append(", released ")
                    .append(esc(p.releaseDate()));
        sb.append("</h1>\n<h2>Statistics Report for pid ").append(p.pid()).append("</h2>\n");
        o.notice()
                .ifPresent(n -> sb.append("<p class=\"notice\">").append(esc(n)).append("</p>\n"));
        header(sb, snap, o);
        for (StatsSnapshot.Proxy px : proxies) proxyTable(sb, px, o);
        sb.append("</body></html>\n");
        return sb.toString();
    }

    private static void header(StringBuilder sb, StatsSnapshot snap, Options o) {
        ProcessInfo p = snap.process();
        sb.append("<table class=\"info\"><tr><td><b>General process information</b><br>\npid = ")
                .append(p.pid())
                .append(" (process #1, nbproc = 1, nbthread = ")
                .append(p.nbthread())
                .append(")<br>\nuptime = ")
                .append(uptime(p.uptimeMillis() / 1000))
                .append("<br>\nmaxconn = ")
                .append(p.maxconn())
                .append("<br>\ncurrent conns = ")
                .append(p.currentConnections().getAsInt())
                .append("<br>\n</td>\n<td>")
                .append("<table class=\"legend\">")
                .append(
                        "<tr><td class=\"active_up\">&nbsp;</td><td>active UP</td><td class=\"backup_up\">&nbsp;</td><td>backup UP</td></tr>")
                .append(
                        "<tr><td class=\"active_going_down\">&nbsp;</td><td>active UP, going down</td><td class=\"backup_going_down\">&nbsp;</td><td>backup UP, going down</td></tr>")
                .append(
                        "<tr><td class=\"active_going_up\">&nbsp;</td><td>active DOWN, going up</td><td class=\"backup_going_up\">&nbsp;</td><td>backup DOWN, going up</td></tr>")
                .append(
                        "<tr><td class=\"active_down\">&nbsp;</td><td>active or backup DOWN</td><td class=\"active_no_check\">&nbsp;</td><td>not checked</td></tr>")
                .append(
                        "<tr><td class=\"maintain\">&nbsp;</td><td colspan=\"3\">active or backup DOWN for maintenance (MAINT)</td></tr>")
                .append(
                        "<tr><td class=\"active_draining\">&nbsp;</td><td colspan=\"3\">active or backup SOFT STOPPED for maintenance (DRAIN)</td></tr>")
                .append("</table></td>\n<td><b>Display option:</b><ul><li><a href=\"")
                .append(esc(o.uri()))
                .append(";csv\">CSV export</a></li>")
                .append("<li><a href=\"")
                .append(esc(o.uri()))
                .append(";json\">JSON export</a></li></ul></td></tr></table>\n");
    }

    private static void proxyTable(StringBuilder sb, StatsSnapshot.Proxy px, Options o) {
        boolean form =
                o.admin() && px.backend() != null && !px.backend().servers().isEmpty();
        if (form) {
            sb.append("<form method=\"post\" action=\"").append(esc(o.uri())).append("\">\n");
        }
        sb.append("<table class=\"tbl\" id=\"px-")
                .append(esc(px.name()))
                .append("\">\n<tr class=\"titre\"><th class=\"pxname\" colspan=\"")
                .append(form ? 31 : 30)
                .append("\">")
                .append(esc(px.name()))
                .append("</th></tr>\n")
                .append("<tr class=\"titre\">")
                .append(form ? "<th rowspan=\"2\"></th>" : "")
                .append("<th rowspan=\"2\"></th><th colspan=\"3\">Queue</th><th colspan=\"3\">Session rate</th>")
                .append("<th colspan=\"6\">Sessions</th><th colspan=\"2\">Bytes</th><th colspan=\"2\">Denied</th>")
                .append(
                        "<th colspan=\"3\">Errors</th><th colspan=\"2\">Warnings</th><th colspan=\"9\">Server</th></tr>\n")
                .append(
                        "<tr class=\"titre\"><th>Cur</th><th>Max</th><th>Limit</th><th>Cur</th><th>Max</th><th>Limit</th>")
                .append(
                        "<th>Cur</th><th>Max</th><th>Limit</th><th>Total</th><th>LbTot</th><th>Last</th><th>In</th><th>Out</th>")
                .append("<th>Req</th><th>Resp</th><th>Req</th><th>Conn</th><th>Resp</th><th>Retr</th><th>Redis</th>")
                .append(
                        "<th>Status</th><th>LastChk</th><th>Wght</th><th>Act</th><th>Bck</th><th>Chk</th><th>Dwn</th><th>Dwntme</th><th>Thrtle</th></tr>\n");
        for (StatRow r : px.rows()) row(sb, r, form);
        sb.append("</table>\n");
        if (form) {
            sb.append(
                            "<p class=\"admin\">Choose the action to perform on the checked servers : <select name=\"action\">")
                    .append("<option value=\"\"></option><option value=\"ready\">Set state to READY</option>")
                    .append(
                            "<option value=\"drain\">Set state to DRAIN</option><option value=\"maint\">Set state to MAINT</option>")
                    .append("</select><input type=\"hidden\" name=\"b\" value=\"#")
                    .append(px.iid())
                    .append("\">")
                    .append("<input type=\"submit\" value=\"Apply\"></p>\n</form>\n");
        }
    }

    private static void row(StringBuilder sb, StatRow r, boolean form) {
        String cls = rowClass(r);
        sb.append("<tr class=\"").append(cls).append("\">");
        if (form) {
            sb.append("<td>");
            if (r.isServer())
                sb.append("<input type=\"checkbox\" name=\"s\" value=\"")
                        .append(esc(r.service()))
                        .append("\">");
            sb.append("</td>");
        }
        sb.append("<td class=\"ac\">")
                .append(r.isServer() ? "<a name=\"" + esc(r.proxy() + "/" + r.service()) + "\"></a>" : "")
                .append(r.isFrontend() ? "Frontend" : r.isBackend() ? "Backend" : esc(r.service()))
                .append("</td>");
        var c = r.counters();
        boolean fe = r.isFrontend();
        cell(sb, fe ? "" : num(r.queueCurrent()));
        cell(sb, fe ? "" : num(r.queueMax()));
        cell(
                sb,
                r.isServer() && r.server().options().maxqueue() > 0
                        ? num(r.server().options().maxqueue())
                        : "");
        cell(sb, num(r.rate()));
        cell(sb, num(r.rateMax()));
        cell(sb, "");
        cell(sb, num(c.currentSessions()));
        cell(sb, num(c.maxSessions()));
        cell(sb, r.sessionLimit() > 0 ? num(r.sessionLimit()) : "");
        if (fe) { // HAProxy's hover details of the frontend's session total
            titled(
                    sb,
                    num(c.totalSessions()),
                    "Cum. connections: " + c.totalSessions() + ", Cum. sessions: " + c.totalSessions()
                            + (r.http()
                                    ? ", Cum. HTTP requests: " + c.requests() + ", Intercepted requests: "
                                            + c.interceptedRequests() + ", Internal errors: "
                                            + c.internalErrors()
                                    : "")
                            + ", Denied connections: " + c.deniedConnections() + ", Denied sessions: "
                            + c.deniedSessions());
        } else {
            cell(sb, num(c.totalSessions()));
        }
        cell(sb, fe ? "" : num(c.totalSessions()));
        cell(sb, "");
        cell(sb, bytes(c.bytesIn()));
        cell(sb, bytes(c.bytesOut()));
        cell(sb, r.isServer() ? "" : num(c.deniedRequests()));
        cell(sb, "0");
        cell(sb, fe ? num(c.requestErrors()) : "");
        cell(sb, fe ? "" : num(c.connectionErrors()));
        if (fe) cell(sb, "");
        else
            titled(
                    sb,
                    num(c.responseErrors()),
                    "Connection resets during transfers: " + c.clientAborts() + " client, " + c.serverAborts()
                            + " server");
        cell(sb, fe ? "" : num(c.retries()));
        cell(sb, fe ? "" : num(c.redispatches()));
        sb.append("<td class=\"ac status\">").append(esc(statusCell(r))).append("</td>");
        LastCheck lc = r.lastCheck();
        String chk = r.checkText();
        sb.append("<td class=\"ac\"")
                .append(
                        chk.isEmpty()
                                ? ""
                                : " title=\""
                                        + esc(CheckDescriptions.of(lc.status())
                                                + (lc.info().isEmpty() ? "" : ": " + lc.info()))
                                        + "\"")
                .append(">")
                .append(esc(chk))
                .append("</td>");
        cell(sb, fe ? "" : num(r.weight()));
        cell(sb, fe ? "" : r.isServer() ? (r.server().backup() ? "-" : "Y") : num(r.activeUp()));
        cell(sb, fe ? "" : r.isServer() ? (r.server().backup() ? "Y" : "-") : num(r.backupUp()));
        cell(sb, r.checked() ? "0" : "");
        cell(sb, r.checked() || r.isBackend() ? num(r.downTransitions()) : "");
        cell(sb, r.checked() || r.isBackend() ? HumanTime.of(r.downtimeSeconds()) : "");
        cell(sb, "-");
        sb.append("</tr>\n");
    }

    /** {@code 20h28m UP}, {@code 2s DOWN}, {@code MAINT}, {@code no check}: time in state first, as HAProxy. */
    static String statusCell(StatRow r) {
        if (!r.isServer()) {
            return r.isFrontend() ? "OPEN" : HumanTime.of(maxInState(r)) + " " + r.status();
        }
        String s = r.server().statusText();
        String t = HumanTime.of(r.lastChangeSeconds());
        return switch (s) {
            case "no check" -> "no check";
            case "MAINT", "DRAIN" -> t + " " + s;
            default -> {
                String text = r.server().checkStatusText();
                if (text.indexOf('/') > 0) yield t + " " + text; // HAProxy's "UP 1/3", "DOWN 1/2"
                String trend = trend(r);
                yield t + " " + s + (trend.isEmpty() ? "" : " (" + trend + ")");
            }
        };
    }

    private static long maxInState(StatRow backendRow) {
        long min = Long.MAX_VALUE;
        for (var s : backendRow.backend().servers()) min = Math.min(min, s.millisInState() / 1000);
        return min == Long.MAX_VALUE ? 0 : min;
    }

    /** "going down" when UP but the last check failed, "going up" when DOWN but it passed. */
    private static String trend(StatRow r) {
        if (!r.checked()) return "";
        String text = r.server().checkStatusText(); // "UP 1/3": rise/fall counting in progress
        if (text.indexOf('/') > 0) return text.startsWith("UP") ? "going down" : "going up";
        String st = r.lastCheck().status();
        if (st.isEmpty()) return "";
        boolean failed = FAILED_CHECKS.contains(st);
        if (r.server().healthUp() && failed) return "going down";
        if (!r.server().healthUp() && !failed) return "going up";
        return "";
    }

    static String rowClass(StatRow r) {
        if (r.isFrontend()) return "frontend";
        if (r.isBackend()) return r.backendUp() ? "backend" : "backend_down";
        String tier = r.server().backup() ? "backup" : "active";
        return switch (r.server().statusText()) {
            case "MAINT" -> "maintain";
            case "DRAIN" -> "active_draining";
            case "no check" -> "active_no_check";
            case "DOWN" -> trend(r).equals("going up") ? tier + "_going_up" : "active_down";
            default -> trend(r).equals("going down") ? tier + "_going_down" : tier + "_up";
        };
    }

    /** A cell with HAProxy's hover details as a title. */
    private static void titled(StringBuilder sb, String v, String title) {
        sb.append("<td title=\"").append(esc(title)).append("\">").append(v).append("</td>");
    }

    private static void cell(StringBuilder sb, String v) {
        sb.append("<td>").append(v).append("</td>");
    }

    private static String num(long v) {
        return Long.toString(v);
    }

    private static String bytes(long v) {
        return Long.toString(v);
    }

    private static String uptime(long s) {
        return (s / 86400) + "d " + String.format("%02dh%02dm%02ds", s / 3600 % 24, s / 60 % 60, s % 60);
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }

    static String esc(String s) {
        if (s == null) return "";
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    // HAProxy's palette: green UP, red DOWN, orange going down, yellow going up, brown MAINT, blue DRAIN.
    private static final String CSS =
            """
        <style type="text/css">
        body { font-family: arial, helvetica, sans-serif; font-size: 12px; font-weight: normal; color: black; background: white; }
        th, td { font-size: 10px; }
        h1 { font-size: x-large; margin-bottom: 0.5em; }
        h2 { font-family: helvetica, arial; font-size: x-large; font-weight: bold; font-style: italic; color: #6020a0; margin-top: 0em; margin-bottom: 0em; }
        table.tbl { border-collapse: collapse; border-style: none; margin-bottom: 1em; }
        table.tbl td { text-align: right; border: 1px solid gray; padding: 1px 3px; white-space: nowrap; }
        table.tbl td.ac { text-align: center; }
        table.tbl th { border: 1px solid gray; padding: 1px 3px; }
        table.tbl th.pxname { background: #b00040; color: #ffff40; font-weight: bold; text-align: left; }
        tr.titre th { background: #20D0D0; position: sticky; top: 0; }
        table.info td { vertical-align: top; padding-right: 2em; }
        table.legend td { font-size: 10px; }
        .notice { background: #e0ffe0; border: 1px solid #20a020; padding: 4px; }
        .frontend { background: #e8e8d0; }
        .backend { background: #e8e8d0; }
        .backend_down { background: #ff9090; }
        .active_up, .active_up td { background: #c0ffc0; }
        .backup_up, .backup_up td { background: #b0d0ff; }
        .active_down, .active_down td, .backup_down { background: #ff9090; }
        .active_going_down, .active_going_down td, .backup_going_down { background: #ffd020; }
        .active_going_up, .active_going_up td, .backup_going_up { background: #ffffa0; }
        .maintain, .maintain td { background: #c07820; }
        .active_draining, .active_draining td { background: #20a0ff; }
        .active_no_check, .active_no_check td { background: #e0e0e0; }
        </style>
        """;
}
