package dev.hapair.vrrp.config;

import java.math.BigDecimal;
import java.nio.file.Path;

/** The vocabulary of {@code vrrp_track_process NAME { }}, including hapair's own {@code pidfile}. */
final class TrackProcessKeywords {
    private TrackProcessKeywords() {}

    /** keepalived's range for track_process weights. */
    static final int MAX_WEIGHT = 254;

    static final KeywordTable<ConfigDraft.TrackProcessDraft> TABLE = new KeywordTable<ConfigDraft.TrackProcessDraft>(
                    "vrrp_track_process")
            .on("process", TrackProcessKeywords::process)
            .on("param_match", TrackProcessKeywords::paramMatch)
            .on("full_command", (n, d, c) -> d.fullCommand = c.flag(n))
            .on("weight", TrackProcessKeywords::weight)
            .on("quorum", (n, d, c) -> c.intArg(n, 1, 65535).ifPresent(v -> d.quorum = v))
            .on("quorum_max", (n, d, c) -> c.intArg(n, 0, 65535).ifPresent(v -> d.quorumMax = v))
            .on("delay", (n, d, c) -> c.secondsArg(n, BigDecimal.ZERO, BigDecimal.valueOf(3600))
                    .ifPresent(v -> {
                        d.forkDelay = v;
                        d.terminateDelay = v;
                    }))
            .on("fork_delay", (n, d, c) -> c.secondsArg(n, BigDecimal.ZERO, BigDecimal.valueOf(3600))
                    .ifPresent(v -> d.forkDelay = v))
            .on("terminate_delay", (n, d, c) -> c.secondsArg(n, BigDecimal.ZERO, BigDecimal.valueOf(3600))
                    .ifPresent(v -> d.terminateDelay = v))
            .on("pidfile", (n, d, c) -> c.singleArg(n).ifPresent(v -> d.pidfile = Path.of(v)));

    private static void process(ConfigNode n, ConfigDraft.TrackProcessDraft d, ParseContext c) {
        if (!c.noBlock(n)) {
            return;
        }
        if (n.args().isEmpty()) {
            c.error(n, "missing value for 'process' in " + c.where());
            return;
        }
        d.process = n.arg(0);
        d.parameters = n.argTexts().subList(1, n.args().size());
    }

    private static void paramMatch(ConfigNode n, ConfigDraft.TrackProcessDraft d, ParseContext c) {
        if (!c.noBlock(n)) {
            return;
        }
        if (n.args().isEmpty()) {
            d.paramMatch = ParamMatch.EXACT;
            return;
        }
        switch (n.arg(0)) {
            case "initial" -> d.paramMatch = ParamMatch.INITIAL;
            case "partial" -> d.paramMatch = ParamMatch.PARTIAL;
            default -> c.error(
                    n,
                    "invalid value '" + n.arg(0) + "' for 'param_match' in " + c.where()
                            + " (expected initial or partial)");
        }
    }

    private static void weight(ConfigNode n, ConfigDraft.TrackProcessDraft d, ParseContext c) {
        if (!c.noBlock(n)) {
            return;
        }
        if (n.args().isEmpty()
                || n.args().size() > 2
                || (n.args().size() == 2 && !n.arg(1).equals("reverse"))) {
            c.error(n, "'weight' in " + c.where() + " takes <-254..254> [reverse]");
            return;
        }
        c.intValue(n, "weight", n.arg(0), -MAX_WEIGHT, MAX_WEIGHT).ifPresent(v -> d.weight = v);
        d.reverse = n.args().size() == 2;
    }
}
