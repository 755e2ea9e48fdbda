package dev.hapair.proxy.config;

import dev.hapair.common.config.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rule language keywords of proxies: {@code http-request}, {@code http-response},
 * {@code http-after-response}, {@code tcp-request}, error files, captures, unique id and log format.
 * Rule lines are kept as words ({@link RuleLine}); here only the family and action names are checked, the
 * rules engine compiles (and fully checks) each action.
 */
final class RuleKeywords {

    /** Actions hapair implements, per family: the vocabulary the rules engine compiles. */
    static final Map<String, List<String>> ACTIONS = Map.of(
            "http-request",
                    List.of(
                            "allow",
                            "deny",
                            "reject",
                            "return",
                            "auth",
                            "redirect",
                            "add-header",
                            "set-header",
                            "del-header",
                            "replace-header",
                            "replace-value",
                            "replace-uri",
                            "replace-path",
                            "replace-pathq",
                            "set-path",
                            "set-pathq",
                            "set-query",
                            "set-uri",
                            "set-method",
                            "set-var",
                            "set-var-fmt",
                            "unset-var",
                            "set-log-level",
                            "capture",
                            "set-timeout",
                            "wait-for-body",
                            "set-src",
                            "set-dst",
                            "set-src-port",
                            "set-dst-port",
                            "use-service",
                            "tarpit",
                            "normalize-uri",
                            "strict-mode",
                            "track-sc0",
                            "track-sc1",
                            "track-sc2",
                            "sc-inc-gpc0",
                            "sc-inc-gpc1",
                            "sc-set-gpt0"),
            "http-response",
                    List.of(
                            "allow",
                            "deny",
                            "return",
                            "redirect",
                            "add-header",
                            "set-header",
                            "del-header",
                            "replace-header",
                            "replace-value",
                            "set-status",
                            "set-var",
                            "set-var-fmt",
                            "unset-var",
                            "set-log-level",
                            "capture",
                            "strict-mode",
                            "wait-for-body"),
            "http-after-response",
                    List.of(
                            "allow",
                            "add-header",
                            "set-header",
                            "del-header",
                            "replace-header",
                            "replace-value",
                            "set-status",
                            "set-var",
                            "set-var-fmt",
                            "unset-var",
                            "set-log-level",
                            "capture",
                            "strict-mode"),
            "tcp-request connection",
                    List.of("accept", "reject", "set-var", "set-var-fmt", "unset-var", "expect-proxy"),
            "tcp-request session", List.of("accept", "reject", "set-var", "set-var-fmt", "unset-var"),
            "tcp-request content", List.of("accept", "reject", "set-var", "set-var-fmt", "unset-var"),
            "tcp-response content", List.of("accept", "reject", "close", "set-var", "set-var-fmt", "unset-var"));

    /** HAProxy actions hapair does not implement: an error naming them (never silently ignored). */
    static final Set<String> NOT_IMPLEMENTED = Set.of(
            "set-nice",
            "set-tos",
            "set-mark",
            "add-acl",
            "del-acl",
            "set-map",
            "del-map",
            "lua",
            "cache-use",
            "cache-store",
            "silent-drop",
            "early-hint",
            "disable-l7-retry",
            "wait-for-handshake",
            "do-resolve",
            "set-bandwidth-limit",
            "set-priority-class",
            "set-priority-offset",
            "send-spoe-group",
            "sc-add-gpc",
            "sc-inc-gpc",
            "sc-set-gpt",
            "set-retries",
            "pause",
            "set-fc-mark",
            "set-fc-tos",
            "expect-netscaler-cip",
            "switch-mode",
            "attach-srv");

    private RuleKeywords() {}

    static void register(KeywordTable<ProxySection> t) {
        // rules in a named defaults section are inherited by the proxies using it, before their own
        t.implemented("http-request", Capability.ALL, CASES);
        t.implemented("http-response", Capability.ALL, CASES);
        t.implemented("http-after-response", Capability.ALL, CASES);
        t.implemented("tcp-request", Capability.ALL, CASES);
        t.implemented("tcp-response", Capability.DB, CASES);
        t.implemented("use-server", Capability.B, CASES);
        t.implemented("force-persist", Capability.B, CASES);
        t.implemented("ignore-persist", Capability.B, CASES);
        t.implemented("errorfile", CASES);
        t.implemented("errorloc", CASES);
        t.implemented("errorloc302", CASES);
        t.implemented("errorloc303", CASES);
        t.implemented("errorfiles", CASES);
        t.implemented("capture", Capability.F, CASES);
        t.implemented("declare", Capability.F, CASES);
        // http-error status <code> [reply options]: compiled (and fully checked) with the rules
        t.implemented("http-error", Capability.ALL, CASES);
        t.implemented("unique-id-format", CASES);
        t.implemented("unique-id-header", CASES);
        t.implemented("log-format", Capability.DF, CASES);
        t.implemented("log-format-sd", Capability.DF, CASES);
        t.implemented("error-log-format", Capability.DF, CASES);
    }

    /** {@link #register}'s keywords' handling: one method reference for all of them (KeywordTable.Dispatcher). */
    private static final KeywordTable.Dispatcher<ProxySection> CASES = RuleKeywords::handle;

    /** The implemented keywords of {@link #register}: one switch instead of a lambda each (KeywordTable.Dispatcher). */
    private static void handle(String keyword, ProxySection s, ConfigLine l) {
        switch (keyword) {
            case "http-request" -> rule(s, l, "http-request", 1);
            case "http-response" -> rule(s, l, "http-response", 1);
            case "http-after-response" -> rule(s, l, "http-after-response", 1);
            case "tcp-request" -> RuleKeywords.tcpRequest(s, l);
            case "tcp-response" -> RuleKeywords.tcpResponse(s, l);
            case "use-server" -> RuleKeywords.useServer(s, l);
            case "force-persist" -> RuleKeywords.persistRule(s, l);
            case "ignore-persist" -> RuleKeywords.persistRule(s, l);
            case "errorfile" -> RuleKeywords.errorfile(s, l);
            case "errorfiles" -> RuleKeywords.errorfiles(s, l);
            case "capture" -> RuleKeywords.capture(s, l);
            case "declare" -> RuleKeywords.declare(s, l);
            case "http-error" -> {
                if (l.size() < 3 || !l.arg(1).equals("status")) {
                    throw new LineError("'http-error' expects 'status <code>' followed by the reply options");
                }
                s.proxy.rules.lines.add(
                        new RuleLine("http-error", "status", l.from(1), Optional.empty(), l.location()));
            }
            case "unique-id-format" -> s.proxy.rules.uniqueIdFormat = format(l);
            case "unique-id-header" -> s.proxy.rules.uniqueIdHeader = single(l);
            case "log-format" -> s.proxy.useLogFormat(format(l));
            case "log-format-sd" -> s.proxy.rules.logFormatSd = format(l);
            case "error-log-format" -> s.proxy.rules.errorLogFormat = format(l);
            case "errorloc", "errorloc302", "errorloc303" -> RuleKeywords.errorloc(s, l);
            default -> throw KeywordTable.noCase(keyword);
        }
    }

    private static String single(ConfigLine l) {
        if (l.size() != 2) {
            throw new LineError("'" + l.keyword() + "' expects exactly one argument");
        }
        return l.arg(1);
    }

    private static RulesConfig.LogFormatLine format(ConfigLine l) {
        if (l.size() < 2) {
            throw new LineError("'" + l.keyword() + "' expects a log-format string");
        }
        // HAProxy joins several words with spaces
        return new RulesConfig.LogFormatLine(String.join(" ", l.from(1)), l.location());
    }

    private static void tcpRequest(ProxySection s, ConfigLine l) {
        String where = l.arg(1);
        switch (where) {
            case "inspect-delay" -> {
                if (l.size() != 3) {
                    throw new LineError("'tcp-request inspect-delay' expects a time value");
                }
                s.proxy.rules.inspectDelay = Units.parseTime(l.arg(2));
            }
            case "connection", "session" -> {
                if (!s.hasFrontend() && !s.isDefaults()) {
                    throw new LineError("'tcp-request " + where + "' is only allowed in frontend and listen sections");
                }
                rule(s, l, "tcp-request " + where, 2);
            }
                // in a backend they run when the stream reaches it (HTTP backends; see ProxyRulesCompiler)
            case "content" -> rule(s, l, "tcp-request content", 2);
            default -> throw new LineError("'tcp-request' expects 'connection', 'session', 'content' or"
                    + " 'inspect-delay', got '" + where + "'"
                    + Suggestions.didYouMean(where, List.of("connection", "session", "content", "inspect-delay")));
        }
    }

    /** {@code use-server <name|log-format> if|unless <cond>}: kept as a rule line whose action is the name. */
    private static void useServer(ProxySection s, ConfigLine l) {
        if (l.arg(1).isEmpty()) {
            throw new LineError("'use-server' expects a server name");
        }
        if (!l.arg(2).equals("if") && !l.arg(2).equals("unless")) {
            throw new LineError(
                    "'use-server' expects 'if' or 'unless' followed by a condition but found '" + l.arg(2) + "'");
        }
        s.proxy.rules.lines.add(new RuleLine(
                "use-server",
                l.arg(1),
                List.of(),
                Optional.of(ConditionParser.parse(l.from(2), l.location())),
                l.location()));
    }

    /** {@code force-persist|ignore-persist if|unless <cond>}: kept as a rule line with no action. */
    private static void persistRule(ProxySection s, ConfigLine l) {
        if (!l.arg(1).equals("if") && !l.arg(1).equals("unless")) {
            throw new LineError(
                    "'" + l.arg(0) + "' expects 'if' or 'unless' followed by a condition but found '" + l.arg(1) + "'");
        }
        s.proxy.rules.lines.add(new RuleLine(
                l.arg(0), "", List.of(), Optional.of(ConditionParser.parse(l.from(1), l.location())), l.location()));
    }

    private static void tcpResponse(ProxySection s, ConfigLine l) {
        String where = l.arg(1);
        switch (where) {
            case "inspect-delay" -> {
                if (l.size() != 3) {
                    throw new LineError("'tcp-response inspect-delay' expects a time value");
                }
                s.proxy.rules.responseInspectDelay = Units.parseTime(l.arg(2));
            }
            case "content" -> rule(s, l, "tcp-response content", 2);
            default -> throw new LineError("'tcp-response' expects 'content' or 'inspect-delay', got '" + where + "'"
                    + Suggestions.didYouMean(where, List.of("content", "inspect-delay")));
        }
    }

    /** @param actionAt index of the action word */
    private static void rule(ProxySection s, ConfigLine l, String family, int actionAt) {
        if (s.isDefaults() && s.proxy.name.isEmpty()) {
            throw new LineError("'" + family + "' rules are not allowed in an anonymous defaults section (name it and"
                    + " use it with 'from')");
        }
        String action = l.arg(actionAt);
        if (action.isEmpty()) {
            throw new LineError("'" + family + "' expects an action");
        }
        String base = action.contains("(") ? action.substring(0, action.indexOf('(')) : action;
        List<String> known = ACTIONS.get(family);
        if (!known.contains(base)) {
            if (NOT_IMPLEMENTED.contains(base) || allActions().contains(base)) {
                throw new LineError("'" + family + " " + base + "' is not supported by hapair-proxy");
            }
            throw new LineError("unknown '" + family + "' action '" + action + "' in " + s.describe()
                    + Suggestions.didYouMean(action, known));
        }
        int condAt = ConditionParser.findStart(l.words(), actionAt + 1);
        List<String> args = condAt < 0 ? l.from(actionAt + 1) : l.words().subList(actionAt + 1, condAt);
        if (s.isDefaults() && base.startsWith("track-sc") && !args.contains("table")) {
            // HAProxy resolves a defaults section's rules in the defaults' own context, which has no stick-table:
            // the table must be named, even if every proxy using the defaults declares one.
            throw new LineError("'" + family + " " + action + "' in " + s.describe()
                    + " needs 'table <name>': a defaults section has no stick-table of its own");
        }
        Optional<Condition> cond =
                condAt < 0 ? Optional.empty() : Optional.of(ConditionParser.parse(l.from(condAt), l.location()));
        s.proxy.rules.lines.add(new RuleLine(family, action, args, cond, l.location()));
    }

    private static Set<String> allActions() {
        Set<String> all = new java.util.HashSet<>();
        ACTIONS.values().forEach(all::addAll);
        return all;
    }

    private static int status(String s, String keyword) {
        int code = Units.parseInt(s, "'" + keyword + "'");
        if (code < 200 || code > 599) {
            throw new LineError("'" + keyword + "' expects an HTTP status between 200 and 599, got " + code);
        }
        return code;
    }

    private static void errorfile(ProxySection s, ConfigLine l) {
        if (l.size() != 3) {
            throw new LineError("'errorfile' expects <code> and <file>");
        }
        int code = status(l.arg(1), "errorfile");
        s.proxy.rules.errorFiles.put(
                code, new RulesConfig.ErrorFile(code, RulesConfig.ErrorFile.Kind.FILE, l.arg(2), l.location()));
    }

    private static void errorloc(ProxySection s, ConfigLine l) {
        if (l.size() != 3) {
            throw new LineError("'" + l.keyword() + "' expects <code> and <url>");
        }
        int code = status(l.arg(1), l.keyword());
        var kind = l.keyword().equals("errorloc303")
                ? RulesConfig.ErrorFile.Kind.LOC303
                : RulesConfig.ErrorFile.Kind.LOC302;
        s.proxy.rules.errorFiles.put(code, new RulesConfig.ErrorFile(code, kind, l.arg(2), l.location()));
    }

    private static void errorfiles(ProxySection s, ConfigLine l) {
        if (l.size() < 2) {
            throw new LineError("'errorfiles' expects <name> [<code> ...]");
        }
        List<Integer> codes = new ArrayList<>();
        for (String c : l.from(2)) {
            codes.add(status(c, "errorfiles"));
        }
        s.proxy.rules.errorFilesRefs.add(new RulesConfig.ErrorFilesRef(l.arg(1), codes, l.location()));
    }

    /** {@code declare capture request|response len N}: a capture slot for {@code capture ... id} rules. */
    private static void declare(ProxySection s, ConfigLine l) {
        if (l.size() != 5
                || !l.arg(1).equals("capture")
                || !l.arg(3).equals("len")
                || !(l.arg(2).equals("request") || l.arg(2).equals("response"))) {
            throw new LineError("'declare' expects 'capture request|response len <length>'");
        }
        int len = Units.parseInt(l.arg(4), "'declare capture len'");
        if (len <= 0) {
            throw new LineError("'declare capture len' must be positive");
        }
        s.proxy.rules.captures.add(new RulesConfig.Capture(l.arg(2).equals("request"), "", len, l.location()));
    }

    private static void capture(ProxySection s, ConfigLine l) {
        // capture request|response header NAME len N
        String dir = l.arg(1);
        if (!(dir.equals("request") || dir.equals("response"))
                || !l.arg(2).equals("header")
                || l.size() != 6
                || !l.arg(4).equals("len")) {
            if (dir.equals("cookie")) {
                throw new LineError("'capture cookie' is not supported by hapair-proxy");
            }
            throw new LineError(
                    "'capture' expects 'request header <name> len <n>' or 'response header <name> len <n>'");
        }
        int len = Units.parseInt(l.arg(5), "'capture " + dir + " header len'");
        if (len <= 0) {
            throw new LineError("'capture " + dir + " header len' must be positive");
        }
        s.proxy.rules.captures.add(new RulesConfig.Capture(dir.equals("request"), l.arg(3), len, l.location()));
    }
}
