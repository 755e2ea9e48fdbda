package dev.hapair.vrrp.config;

import java.math.BigDecimal;

/** The vocabulary of {@code vrrp_script NAME { }}. */
final class VrrpScriptKeywords {
    private VrrpScriptKeywords() {}

    /** keepalived's range for script weights. */
    static final int MAX_WEIGHT = 253;

    static final KeywordTable<ConfigDraft.VrrpScriptDraft> TABLE = new KeywordTable<ConfigDraft.VrrpScriptDraft>(
                    "vrrp_script")
            .on("script", VrrpScriptKeywords::script)
            .on("interval", (n, d, c) -> c.secondsArg(n, new BigDecimal("0.001"), BigDecimal.valueOf(86400))
                    .ifPresent(v -> d.interval = v))
            .on("timeout", (n, d, c) -> c.secondsArg(n, new BigDecimal("0.001"), BigDecimal.valueOf(86400))
                    .ifPresent(v -> d.timeout = v))
            .on("weight", VrrpScriptKeywords::weight)
            .on("rise", (n, d, c) -> c.intArg(n, 1, 1_000_000).ifPresent(v -> d.rise = v))
            .on("fall", (n, d, c) -> c.intArg(n, 1, 1_000_000).ifPresent(v -> d.fall = v))
            .on("user", VrrpScriptKeywords::user)
            .on("init_fail", (n, d, c) -> d.initFail = c.flag(n));

    private static void script(ConfigNode n, ConfigDraft.VrrpScriptDraft d, ParseContext c) {
        if (!c.noBlock(n)) {
            return;
        }
        if (n.args().isEmpty()) {
            c.error(n, "missing value for 'script' in " + c.where());
            return;
        }
        // Unquoted words after the command are its arguments, as keepalived reads them.
        d.script = String.join(" ", n.argTexts());
    }

    private static void weight(ConfigNode n, ConfigDraft.VrrpScriptDraft d, ParseContext c) {
        if (!c.noBlock(n)) {
            return;
        }
        if (n.args().isEmpty()
                || n.args().size() > 2
                || (n.args().size() == 2 && !n.arg(1).equals("reverse"))) {
            c.error(n, "'weight' in " + c.where() + " takes <-253..253> [reverse]");
            return;
        }
        c.intValue(n, "weight", n.arg(0), -MAX_WEIGHT, MAX_WEIGHT).ifPresent(v -> d.weight = v);
        d.reverse = n.args().size() == 2;
    }

    private static void user(ConfigNode n, ConfigDraft.VrrpScriptDraft d, ParseContext c) {
        if (!c.noBlock(n)) {
            return;
        }
        if (n.args().isEmpty() || n.args().size() > 2) {
            c.error(n, "'user' in " + c.where() + " takes USERNAME [GROUPNAME]");
            return;
        }
        d.user = n.arg(0);
        d.group = n.args().size() > 1 ? n.arg(1) : null;
    }
}
