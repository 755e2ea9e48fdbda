package dev.hapair.proxy.config;

/** {@code stats X} in proxies (the stats page); {@code stats socket} and {@code stats timeout} are global. */
final class StatsKeywords {
    static final KeywordTable<ProxySection> TABLE = table();

    private static KeywordTable<ProxySection> table() {
        KeywordTable<ProxySection> t = new KeywordTable<>("stats");
        t.register("enable", (s, l) -> stats(s, l).enabled = true);
        t.register("disable", (s, l) -> stats(s, l).enabled = false);
        t.register("uri", (s, l) -> stats(s, l).uri = value(l, "<uri>"));
        t.register("realm", (s, l) -> stats(s, l).realm = String.join(" ", l.from(2)));
        t.register("auth", (s, l) -> {
            String v = value(l, "<user>:<password>");
            int colon = v.indexOf(':');
            if (colon <= 0) {
                throw new LineError("'stats auth' expects <user>:<password>, got '" + v + "'");
            }
            stats(s, l).auths.add(new StatsAuth(v.substring(0, colon), v.substring(colon + 1), l.location()));
        });
        t.register(
                "refresh",
                (s, l) -> stats(s, l).refresh = Units.parseTime(value(l, "<delay>"), Units.TimeUnitDefault.SECONDS));
        t.register("admin", (s, l) -> {
            if (l.size() < 4) {
                throw new LineError("'stats admin' requires either 'if' or 'unless' followed by a condition");
            }
            stats(s, l).adminCondition = ProxyKeywords.condition(s, l.from(2), l.location());
        });
        t.register("hide-version", (s, l) -> stats(s, l).hideVersion = true);
        t.register("scope", (s, l) -> stats(s, l).scopes.add(value(l, "<proxy>")));
        t.tuning();
        t.unsupported("show-legends", "show-node", "show-desc", "show-modules", "http-request");
        // 'stats socket' and 'stats timeout' belong to the global section
        return t;
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
