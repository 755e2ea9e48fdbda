package dev.hapair.proxy.config;

import dev.hapair.common.config.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code http-request ACTION [args] [if|unless COND]}: implemented actions parse into rules, the others are errors. */
final class HttpRequestKeywords {
    private static final List<String> HTTP_REQUEST_UNSUPPORTED = List.of("tarpit", "return", "replace-header",
            "replace-value", "replace-uri", "replace-path", "replace-pathq", "set-path", "set-pathq", "set-query",
            "set-uri", "set-method", "set-var", "unset-var", "set-log-level", "set-nice", "set-tos", "set-mark",
            "capture", "track-sc0", "track-sc1", "track-sc2", "sc-inc-gpc0", "sc-inc-gpc1", "sc-set-gpt0",
            "add-acl", "del-acl", "set-map", "del-map", "lua", "use-service", "cache-use", "normalize-uri",
            "set-src", "set-src-port", "set-dst", "set-dst-port", "silent-drop", "reject", "early-hint",
            "disable-l7-retry", "wait-for-body", "wait-for-handshake", "set-timeout", "do-resolve", "strict-mode",
            "set-bandwidth-limit", "set-priority-class", "set-priority-offset", "send-spoe-group", "set-var-fmt",
            "sc-add-gpc", "sc-inc-gpc", "sc-set-gpt", "set-retries", "pause", "set-fc-mark", "set-fc-tos");

    /** {@code http-request ACTION}: implemented actions parse into rules, the others are errors. */
    static final KeywordTable<ProxySection> TABLE = httpRequestActions();

    private static KeywordTable<ProxySection> httpRequestActions() {
        KeywordTable<ProxySection> t = new KeywordTable<>("http-request");
        for (String k : List.of("allow", "deny", "redirect", "set-header", "add-header", "del-header", "auth")) {
            t.register(k, Capability.FB, HttpRequestKeywords::httpRequestRule);
        }
        for (String k : HTTP_REQUEST_UNSUPPORTED) {
            t.unsupported(k, Capability.FB, 0);
        }
        return t;
    }

    static void httpRequest(ProxySection s, ConfigLine l) {
        String action = l.arg(1);
        if (action.isEmpty()) {
            throw new LineError("'http-request' expects an action");
        }
        // track-sc0(...) and the like carry their argument in parentheses
        String base = action.contains("(") ? action.substring(0, action.indexOf('(')) : action;
        KeywordTable.Entry<ProxySection> e = TABLE.find(base).orElseThrow(() -> new LineError(
                "unknown 'http-request' action '" + action + "' in " + s.describe() + TABLE.didYouMean(base)));
        KeywordTable.apply(e, s, l, s.diagnostics, "http-request " + base, s.describe());
    }

    private static void httpRequestRule(ProxySection s, ConfigLine l) {
        String action = l.arg(1);
        int condAt = ConditionParser.findStart(l.words(), 2);
        List<String> args = condAt < 0 ? l.from(2) : l.words().subList(2, condAt);
        Optional<Condition> cond = condAt < 0 ? Optional.empty()
                : Optional.of(ProxyKeywords.condition(s, l.from(condAt), l.location()));
        HttpRequestAction a = switch (action) {
            case "allow" -> {
                noArgs(action, args);
                yield new HttpRequestAction.Allow();
            }
            case "deny" -> deny(args);
            case "redirect" -> redirect(args);
            case "set-header" -> new HttpRequestAction.SetHeader(arg(args, 0, action, "<name> <fmt>"),
                    literal(action, String.join(" ", need(args, 2, action, "<name> <fmt>").subList(1, args.size()))));
            case "add-header" -> new HttpRequestAction.AddHeader(arg(args, 0, action, "<name> <fmt>"),
                    literal(action, String.join(" ", need(args, 2, action, "<name> <fmt>").subList(1, args.size()))));
            case "del-header" -> delHeader(args);
            case "auth" -> {
                Optional<String> realm = Optional.empty();
                if (args.size() == 2 && args.get(0).equals("realm")) {
                    realm = Optional.of(args.get(1));
                } else if (!args.isEmpty()) {
                    throw new LineError("'http-request auth' expects [realm <realm>]");
                }
                yield new HttpRequestAction.Auth(realm);
            }
            default -> throw new IllegalStateException("http-request action without a parser: " + action);
        };
        s.proxy.httpRequestRules.add(new HttpRequestRuleConfig(a, cond, l.location()));
    }

    private static HttpRequestAction delHeader(List<String> args) {
        String name = arg(args, 0, "del-header", "<name> [-m <meth>]");
        HttpRequestAction.DelHeader.Match match = HttpRequestAction.DelHeader.Match.STR;
        if (args.size() == 3 && args.get(1).equals("-m")) {
            match = HttpRequestAction.DelHeader.Match.byKeyword(args.get(2)).orElseThrow(() -> new LineError(
                    "'http-request del-header -m' expects str, beg, end, sub or reg, got '" + args.get(2) + "'"));
        } else if (args.size() != 1) {
            throw new LineError("'http-request del-header' expects <name> [-m <meth>]");
        }
        if (match == HttpRequestAction.DelHeader.Match.REG) {
            try {
                java.util.regex.Pattern.compile(name);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new LineError("'http-request del-header -m reg': invalid regex '" + name + "': "
                        + e.getDescription());
            }
        }
        return new HttpRequestAction.DelHeader(name, match);
    }

    /**
     * HAProxy reads these values as log-format strings; hapair sends them as written, so a {@code %}
     * (a variable such as {@code %[src]} or {@code %ci}, or the {@code %%} escape) would be sent wrong.
     */
    private static String literal(String action, String value) {
        if (value.indexOf('%') >= 0) {
            throw NotSupported.error("http-request " + action + " <fmt>", "",
                    "log-format ('%') in '" + value + "'; hapair sends header values as written");
        }
        return value;
    }

    private static void noArgs(String action, List<String> args) {
        if (!args.isEmpty()) {
            throw new LineError("'http-request " + action + "' takes no argument, got '" + args.get(0) + "'");
        }
    }

    private static String arg(List<String> args, int i, String action, String usage) {
        if (args.size() <= i) {
            throw new LineError("'http-request " + action + "' expects " + usage);
        }
        return args.get(i);
    }

    private static List<String> need(List<String> args, int n, String action, String usage) {
        if (args.size() < n) {
            throw new LineError("'http-request " + action + "' expects " + usage);
        }
        return args;
    }

    private static HttpRequestAction deny(List<String> args) {
        int status = 403;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "deny_status" -> {
                    status = Units.parseInt(ProxyKeywords.next(args, i++, "deny_status"), "'deny_status'");
                    if (status < 200 || status > 599) {
                        throw new LineError("'deny_status' expects an HTTP status between 200 and 599, got " + status);
                    }
                }
                case "content-type", "string", "lf-string", "file", "lf-file", "errorfile", "errorfiles", "hdr" ->
                        throw new LineError("'http-request deny " + args.get(i) + "' is not supported by hapair");
                default -> throw new LineError("'http-request deny' expects [deny_status <status>], got '"
                        + args.get(i) + "'");
            }
        }
        return new HttpRequestAction.Deny(status);
    }

    private static HttpRequestAction redirect(List<String> args) {
        if (args.size() < 2) {
            throw new LineError("'http-request redirect' expects location|prefix|scheme <target> [code <n>] ...");
        }
        HttpRequestAction.Redirect.Type type = switch (args.get(0)) {
            case "location" -> HttpRequestAction.Redirect.Type.LOCATION;
            case "prefix" -> HttpRequestAction.Redirect.Type.PREFIX;
            case "scheme" -> HttpRequestAction.Redirect.Type.SCHEME;
            default -> throw new LineError("'http-request redirect' expects 'location', 'prefix' or 'scheme', got '"
                    + args.get(0) + "'" + Suggestions.didYouMean(args.get(0), List.of("location", "prefix", "scheme")));
        };
        int code = 302;
        List<String> options = new ArrayList<>();
        for (int i = 2; i < args.size(); i++) {
            String w = args.get(i);
            switch (w) {
                case "code" -> {
                    code = Units.parseInt(ProxyKeywords.next(args, i++, "code"), "'code'");
                    if (!List.of(301, 302, 303, 307, 308).contains(code)) {
                        throw new LineError("'redirect code' expects 301, 302, 303, 307 or 308, got " + code);
                    }
                }
                case "drop-query", "append-slash", "clear-cookie", "keep-query", "ignore-empty", "set-cookie" ->
                        throw NotSupported.error("redirect ... " + w);
                default -> throw new LineError("unknown 'redirect' option '" + w + "'");
            }
        }
        if (args.get(1).indexOf('%') >= 0) {
            throw NotSupported.error("redirect <target>", "", "log-format ('%') in '" + args.get(1)
                    + "'; hapair redirects to the target as written");
        }
        return new HttpRequestAction.Redirect(type, args.get(1), code, options);
    }

    private HttpRequestKeywords() {
    }
}
