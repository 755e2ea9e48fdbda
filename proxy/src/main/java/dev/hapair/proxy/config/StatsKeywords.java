package dev.hapair.proxy.config;

/** {@code stats X} in proxies (the stats page); {@code stats socket} and {@code stats timeout} are global. */
final class StatsKeywords {
    static final KeywordTable<ProxySection> TABLE = table();

    private static KeywordTable<ProxySection> table() {
        KeywordTable<ProxySection> t = new KeywordTable<>("stats", StatsKeywords::handle);
        t.implemented("enable");
        t.implemented("disable");
        t.implemented("uri");
        t.implemented("realm");
        t.implemented("auth");
        t.implemented("refresh");
        t.implemented("admin");
        t.implemented("hide-version");
        t.implemented("scope");
        t.tuning();
        t.unsupported("show-legends", "show-node", "show-desc", "show-modules", "http-request");
        // 'stats socket' and 'stats timeout' belong to the global section
        return t;
    }

    /** The implemented keywords of {@link #table}: one switch instead of a lambda each (KeywordTable.Dispatcher). */
    private static void handle(String keyword, ProxySection s, ConfigLine l) {
        switch (keyword) {
            case "enable" -> stats(s, l).enabled = true;
            case "disable" -> stats(s, l).enabled = false;
            case "uri" -> stats(s, l).uri = value(l, "<uri>");
            case "realm" -> stats(s, l).realm = String.join(" ", l.from(2));
            case "auth" -> {
                String v = value(l, "<user>:<password>");
                int colon = v.indexOf(':');
                if (colon <= 0) {
                    throw new LineError("'stats auth' expects <user>:<password>, got '" + v + "'");
                }
                stats(s, l).auths.add(new StatsAuth(v.substring(0, colon), v.substring(colon + 1), l.location()));
            }
            case "refresh" -> stats(s, l).refresh = Units.parseTime(value(l, "<delay>"), Units.TimeUnitDefault.SECONDS);
            case "admin" -> {
                if (l.size() < 4) {
                    throw new LineError("'stats admin' requires either 'if' or 'unless' followed by a condition");
                }
                stats(s, l).adminCondition = ProxyKeywords.condition(s, l.from(2), l.location());
            }
            case "hide-version" -> stats(s, l).hideVersion = true;
            case "scope" -> stats(s, l).scopes.add(value(l, "<proxy>"));
            default -> throw KeywordTable.noCase(keyword);
        }
    }

    /** Any stats keyword but 'disable' implies 'stats enable', as in HAProxy. */
    private static StatsConfig.Builder stats(ProxySection s, ConfigLine l) {
        StatsConfig.Builder b = s.proxy.stats;
        b.enabled = true;
        b.location = l.location();
        return b;
    }

    private static String value(ConfigLine l, String usage) {
        if (l.size() != 3) {
            throw new LineError("'" + l.keyword() + " " + l.arg(1) + "' expects " + usage);
        }
        return l.arg(2);
    }

    private StatsKeywords() {}
}
