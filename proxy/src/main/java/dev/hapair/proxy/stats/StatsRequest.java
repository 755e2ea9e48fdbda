package dev.hapair.proxy.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a request to the stats uri asks for, read as HAProxy 2.6 reads it: each of {@code ;csv}, {@code ;json},
 * {@code ;up}, {@code ;no-maint}, {@code ;norefresh}, {@code ;st=CODE} and {@code scope=NAME} is searched
 * anywhere in the uri after the stats prefix (so {@code /?;csv;scope=b1} works).
 *
 * @param hideDown {@code ;up}: servers in maintenance or down are left out
 * @param hideMaint {@code ;no-maint}: servers in maintenance are left out
 * @param scope {@code scope=}: only proxies whose name contains it (any case); at most 20 characters, and
 *     ignored when it holds a character not allowed in proxy names
 */
public record StatsRequest(
        Format format,
        boolean norefresh,
        Optional<String> status,
        boolean hideDown,
        boolean hideMaint,
        Optional<String> scope) {
    public enum Format {
        HTML,
        CSV,
        JSON
    }

    /** HAProxy's STAT_SCOPE_TXT_MAXLEN. */
    static final int SCOPE_MAX = 20;

    /** Parses the part of the request uri after the stats uri. */
    public static StatsRequest parse(String rest) {
        Format f = Format.HTML;
        if (rest.contains(";csv")) f = Format.CSV;
        if (rest.contains(";json")) f = Format.JSON;
        String st = null;
        int s = rest.indexOf(";st=");
        // HAProxy only looks for a status code when at least 4 characters follow ";st="
        if (s >= 0 && rest.length() - s >= 8) {
            st = rest.substring(s + 4, s + 8);
        }
        return new StatsRequest(
                f,
                rest.contains(";norefresh"),
                Optional.ofNullable(st),
                rest.contains(";up"),
                rest.contains(";no-maint"),
                scope(rest));
    }

    private static Optional<String> scope(String rest) {
        int at = rest.indexOf("scope=");
        if (at < 0) return Optional.empty();
        int from = at + "scope=".length();
        int to = from;
        while (to < rest.length() && ";& ".indexOf(rest.charAt(to)) < 0) to++;
        String v = rest.substring(from, Math.min(to, from + SCOPE_MAX));
        if (v.isEmpty() || !v.matches("[A-Za-z0-9_.:-]+")) return Optional.empty();
        return Optional.of(v);
    }

    /** The proxies and server rows this request shows. */
    public List<StatsSnapshot.Proxy> select(List<StatsSnapshot.Proxy> proxies) {
        String needle = scope.map(x -> x.toLowerCase(Locale.ROOT)).orElse(null);
        List<StatsSnapshot.Proxy> out = new ArrayList<>(proxies.size());
        for (StatsSnapshot.Proxy p : proxies) {
            if (needle != null && !p.name().toLowerCase(Locale.ROOT).contains(needle)) continue;
            if (!hideDown && !hideMaint) {
                out.add(p);
                continue;
            }
            List<StatRow> rows = new ArrayList<>(p.rows().size());
            for (StatRow r : p.rows()) {
                if (!r.isServer() || shown(r.server().statusText())) rows.add(r);
            }
            out.add(new StatsSnapshot.Proxy(p.name(), p.iid(), p.frontend(), p.backend(), rows));
        }
        return out;
    }

    private boolean shown(String serverStatus) {
        boolean maint = serverStatus.startsWith("MAINT");
        if (hideMaint && maint) return false;
        return !(hideDown && (maint || serverStatus.equals("DOWN")));
    }

    /** The rows of {@link #select}. */
    public List<StatRow> rows(List<StatsSnapshot.Proxy> proxies) {
        List<StatRow> out = new ArrayList<>();
        for (StatsSnapshot.Proxy p : select(proxies)) out.addAll(p.rows());
        return out;
    }

    /**
     * Where a POST of the admin form is redirected: the stats page with the result code and this request's
     * {@code ;up}, {@code ;norefresh} (when the page refreshes at all) and scope, as HAProxy does.
     */
    public String redirectAfterPost(String statsUri, String code, boolean refreshes) {
        return statsUri + ";st=" + code + (hideDown ? ";up" : "") + (norefresh && refreshes ? ";norefresh" : "")
                + scope.map(x -> "?scope=" + x).orElse("");
    }

    /** HAProxy's message for an admin action status code. */
    public static String statusMessage(String code) {
        return switch (code) {
            case "DONE" -> "Action processed successfully.";
            case "PART" -> "Action not processed completely: some servers were not found.";
            case "NONE" -> "Nothing has changed.";
            case "ERRP" -> "Action not processed because of invalid parameters.";
            case "EXCD" -> "Action not processed: the buffer couldn't store all the data.";
            case "DENY" -> "Action denied.";
            default -> "Unexpected result.";
        };
    }
}
