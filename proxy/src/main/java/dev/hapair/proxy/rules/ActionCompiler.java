package dev.hapair.proxy.rules;

import dev.hapair.common.config.Suggestions;
import dev.hapair.proxy.config.HttpErrorsConfig;
import dev.hapair.proxy.config.RuleLine;
import dev.hapair.proxy.config.RulesConfig;
import dev.hapair.proxy.config.StickTableConfig.DataType;
import dev.hapair.proxy.sample.Converters;
import dev.hapair.proxy.sample.FormatString;
import dev.hapair.proxy.sample.Phase;
import dev.hapair.proxy.sample.Sample;
import dev.hapair.proxy.sample.SampleEnv;
import dev.hapair.proxy.sample.SampleException;
import dev.hapair.proxy.sample.SampleExpr;
import dev.hapair.proxy.sample.SampleParser;
import dev.hapair.proxy.sample.SampleType;
import dev.hapair.proxy.sample.Uris;
import dev.hapair.proxy.sample.VarConditions;
import dev.hapair.proxy.sample.VarRef;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles one {@link RuleLine}'s action into an {@link Action}, checking every argument: formats and
 * sample expressions against the phases of the rule family, regexes, statuses, files, variables.
 * Errors name the rule keyword and the faulty argument.
 */
public final class ActionCompiler {

    /** What a proxy's rules may refer to. */
    public record Scope(
            String proxyName,
            SampleEnv env,
            ErrorReplies errors,
            Map<String, HttpErrorsConfig> httpErrors,
            int requestCaptures,
            int responseCaptures,
            Map<RuleLine, Integer> implicitCaptureSlots,
            long tarpitMillis) {

        public Scope(
                String proxyName,
                SampleEnv env,
                ErrorReplies errors,
                Map<String, HttpErrorsConfig> httpErrors,
                int requestCaptures,
                int responseCaptures,
                Map<RuleLine, Integer> implicitCaptureSlots) {
            this(proxyName, env, errors, httpErrors, requestCaptures, responseCaptures, implicitCaptureSlots, 0);
        }
    }

    /** The one built-in service of HAProxy 2.6 ({@code http-request use-service prometheus-exporter}). */
    public static final String PROMETHEUS_EXPORTER = "prometheus-exporter";

    private final Scope scope;

    public ActionCompiler(Scope scope) {
        this.scope = scope;
    }

    /** The phases whose data exist in rules of {@code family} ({@code http} for an HTTP proxy). */
    public static Set<Phase> phases(String family, boolean http) {
        return switch (family) {
            case "tcp-request connection" -> Phase.TCP_CONNECTION;
            case "tcp-request session" -> Phase.TCP_SESSION;
            case "tcp-request content" -> http ? Phase.TCP_CONTENT_HTTP : Phase.TCP_CONTENT;
            case "tcp-response content" -> http ? Phase.TCP_RESPONSE_HTTP : Phase.TCP_RESPONSE;
            case "http-request" -> Phase.HTTP_REQ;
            default -> Phase.HTTP_RES;
        };
    }

    public Action compile(RuleLine line, Set<Phase> phases) throws RuleException {
        try {
            return compileUnchecked(line, phases);
        } catch (SampleException | IllegalArgumentException e) {
            String what =
                    line.family().equals("global") ? base(line.action()) : line.family() + " " + base(line.action());
            throw new RuleException(line.location(), line.family(), "'" + what + "': " + e.getMessage());
        }
    }

    private static String base(String action) {
        int p = action.indexOf('(');
        return p < 0 ? action : action.substring(0, p);
    }

    private Action compileUnchecked(RuleLine l, Set<Phase> phases) throws SampleException {
        String where = l.family() + " rules";
        List<String> a = l.args();
        boolean response = l.family().equals("http-response") || l.family().equals("http-after-response");
        String action = base(l.action());
        switch (action) {
            case "allow":
            case "accept":
                none(a);
                return t -> Outcome.STOP;
            case "reject":
                none(a);
                return t -> Outcome.REJECT;
            case "close": // only 'tcp-response content' offers it (RuleKeywords)
                none(a);
                return t -> Outcome.CLOSE;
            case "deny":
                // a denied response is a 502 by default, a denied request a 403
                return deny(a, phases, where, response ? 502 : 403);
            case "return":
                return returnAction(a, phases, where);
            case "tarpit": {
                // HAProxy: a 500 by default, sent after timeout tarpit (else timeout connect)
                ErrorReplies.ReplyFn spec = replySpec(a, 500, phases, where, ReplyKind.DENY);
                long delay = scope.tarpitMillis();
                return t -> Outcome.tarpit(spec.build(t), delay);
            }
            case "auth":
                return auth(a);
            case "redirect":
                return redirect(a, phases, where);
            case "use-service": {
                // HAProxy's services: prometheus-exporter is built in; lua services need lua (refused)
                if (!l.family().equals("http-request"))
                    throw new IllegalArgumentException("only 'http-request use-service' is supported by hapair-proxy");
                exactly(a, 1, "<service-name>");
                if (!a.get(0).equals(PROMETHEUS_EXPORTER)) {
                    throw new IllegalArgumentException(
                            "unknown service '" + a.get(0) + "' (hapair-proxy has '" + PROMETHEUS_EXPORTER + "' only)");
                }
                Outcome o = Outcome.service(PROMETHEUS_EXPORTER);
                return t -> o;
            }
            case "add-header":
            case "set-header": {
                exactly(a, 2, "<name> <fmt>");
                String name = a.get(0);
                FormatString value = FormatString.compileHttp(a.get(1), scope.env(), phases, where);
                boolean set = action.equals("set-header");
                String constant = value.constant();
                long constantLine = constant == null ? 0 : Rewrites.line(name, constant);
                // the engine's checks of the constant name (and value), done once: see HeadEditor.acceptName
                Object[] accepted = new Object[2];
                return t -> {
                    HeadEditor h = head(t, response);
                    if (h != null) {
                        String v = constant != null ? constant : value.render(t);
                        long line = constant != null ? constantLine : Rewrites.line(name, v);
                        long cost = line - (set ? Rewrites.lines(h, name) : 0);
                        if (!Rewrites.fit(t, response, cost)) return rewriteFailed(t);
                        Object nameToken = accepted[0];
                        if (nameToken == null) {
                            nameToken = accepted[0] = h.acceptName(name);
                            if (constant != null) accepted[1] = h.acceptValue(constant);
                        }
                        h.edit(set, name, nameToken, v, accepted[1]);
                    }
                    return Outcome.CONTINUE;
                };
            }
            case "del-header":
                return delHeader(a, response);
            case "replace-header":
            case "replace-value":
                return replaceHeader(a, action.equals("replace-value"), response, phases, where);
            case "replace-uri":
            case "replace-path":
            case "replace-pathq":
                return replaceUri(a, action, phases, where);
            case "set-path":
            case "set-pathq":
            case "set-query":
            case "set-uri":
            case "set-method":
                return setUriPart(a, action, phases, where);
            case "set-status":
                return setStatus(a);
            case "track-sc0":
            case "track-sc1":
            case "track-sc2":
                return track(action.charAt(8) - '0', a, phases, where);
            case "sc-inc-gpc0":
            case "sc-inc-gpc1":
            case "sc-set-gpt0":
                return counterAction(l.action(), action, a, phases, where);
            case "normalize-uri": {
                UriNormalizer n = UriNormalizer.of(a);
                return t -> {
                    HeadEditor h = t.requestHead();
                    if (h == null) return Outcome.CONTINUE;
                    String uri = h.uri();
                    String norm = n.apply(uri);
                    if (norm == null) { // a strict normalizer found an invalid sequence: HAProxy's 400
                        LocalReply r = scope.errors().configured(400, t);
                        return Outcome.reply(r != null ? r : ErrorReplies.builtIn(400), false);
                    }
                    if (norm.equals(uri)) return Outcome.CONTINUE;
                    if (!Rewrites.fit(t, false, norm.length() - uri.length())) return rewriteFailed(t);
                    h.setUri(norm);
                    return Outcome.CONTINUE;
                };
            }
            case "strict-mode": {
                if (a.size() != 1 || !(a.get(0).equals("on") || a.get(0).equals("off"))) {
                    throw new IllegalArgumentException("expects 'on' or 'off'");
                }
                boolean on = a.get(0).equals("on");
                return t -> {
                    t.strictRewrites(on);
                    return Outcome.CONTINUE;
                };
            }
            case "set-var":
            case "set-var-fmt":
            case "unset-var":
                return variable(l.action(), action, a, phases, where);
            case "set-log-level": {
                exactly(a, 1, "<level>");
                String level = a.get(0);
                if (!List.of("silent", "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug")
                        .contains(level)) {
                    throw new IllegalArgumentException("unknown log level '" + level + "'");
                }
                return t -> {
                    t.setLogLevel(level);
                    return Outcome.CONTINUE;
                };
            }
            case "capture":
                return capture(l, a, !response, phases, where);
            case "set-timeout":
                return setTimeout(a, phases, where);
            case "wait-for-body":
                return waitForBody(a, response);
            case "set-src":
            case "set-dst":
            case "set-src-port":
            case "set-dst-port":
                return setAddress(a, action, phases, where);
            case "expect-proxy":
                // only 'tcp-request connection' offers it (RuleKeywords); not final: later rules still run
                if (a.size() != 1 || !a.get(0).equals("layer4")) {
                    throw new IllegalArgumentException("expects 'layer4'");
                }
                return t -> {
                    t.expectProxy();
                    return Outcome.CONTINUE;
                };
            default:
                throw new IllegalArgumentException("action is not supported by hapair-proxy");
        }
    }

    /**
     * A rewrite that does not fit in the message's buffer: in strict mode (the default) an internal error,
     * answered 500 as HAProxy does for both directions; with {@code strict-mode off} it is silently skipped.
     */
    private Outcome rewriteFailed(Txn t) {
        t.rewriteFailed();
        if (!t.strictRewrites()) return Outcome.CONTINUE;
        LocalReply r = scope.errors().configured(500, t);
        return Outcome.reply(r != null ? r : ErrorReplies.builtIn(500), false);
    }

    /**
     * {@code http-request track-scN <key> [table <table>]}: the stream tracks the key's entry (created if needed)
     * until it ends; the entry counts one more connection and HTTP request. A counter already tracked, a key
     * with no sample or a full table leave the stream untracked, as in HAProxy.
     */
    private Action track(int slot, List<String> a, Set<Phase> phases, String where) throws SampleException {
        if (!(a.size() == 1 || a.size() == 3 && a.get(1).equals("table"))) {
            throw new IllegalArgumentException("expects <key> [table <table>]");
        }
        dev.hapair.proxy.stick.StickTable table = scope.env().table(a.size() == 3 ? a.get(2) : scope.proxyName());
        SampleExpr key = SampleParser.compile(a.get(0), scope.env(), phases, where);
        return t -> {
            if (t.tracked(slot) != null) return Outcome.CONTINUE;
            String k = table.key(key.eval(t));
            if (k == null) return Outcome.CONTINUE;
            dev.hapair.proxy.stick.StickTable.Entry e = table.track(k, true);
            if (e != null && !t.track(slot, new dev.hapair.proxy.stick.Tracked(table, e))) table.release(e);
            return Outcome.CONTINUE;
        };
    }

    /** {@code sc-inc-gpc0(<sc-id>)}, {@code sc-inc-gpc1(<sc-id>)}, {@code sc-set-gpt0(<sc-id>) <int|expr>}. */
    private Action counterAction(String full, String action, List<String> a, Set<Phase> phases, String where)
            throws SampleException {
        int open = full.indexOf('(');
        String id = open < 0 || !full.endsWith(")") ? "" : full.substring(open + 1, full.length() - 1);
        if (!id.matches("[0-2]")) {
            throw new IllegalArgumentException("expects a tracked counter number 0, 1 or 2 in parentheses");
        }
        int slot = id.charAt(0) - '0';
        if (action.equals("sc-set-gpt0")) {
            exactly(a, 1, "<int>|<expr>");
            SampleExpr value = SampleParser.compile(
                    a.get(0).matches("-?[0-9]+") ? "int(" + a.get(0) + ")" : a.get(0), scope.env(), phases, where);
            return t -> {
                dev.hapair.proxy.stick.Tracked tr = t.tracked(slot);
                dev.hapair.proxy.sample.Sample v = value.eval(t);
                dev.hapair.proxy.sample.Sample n = v == null ? null : v.cast(dev.hapair.proxy.sample.SampleType.SINT);
                if (tr != null && n != null) {
                    tr.table().set(tr.entry(), DataType.GPT0, n.toLong());
                }
                return Outcome.CONTINUE;
            };
        }
        none(a);
        boolean one = action.endsWith("1");
        DataType counter = one ? DataType.GPC1 : DataType.GPC0;
        DataType rate = one ? DataType.GPC1_RATE : DataType.GPC0_RATE;
        return t -> {
            dev.hapair.proxy.stick.Tracked tr = t.tracked(slot);
            if (tr != null) tr.table().increment(tr.entry(), counter, rate);
            return Outcome.CONTINUE;
        };
    }

    private static HeadEditor head(Txn t, boolean response) {
        return response ? t.responseHead() : t.requestHead();
    }

    private static void none(List<String> a) {
        if (!a.isEmpty()) {
            throw new IllegalArgumentException("takes no argument, got '" + a.get(0) + "'");
        }
    }

    private static void exactly(List<String> a, int n, String usage) {
        if (a.size() != n) {
            throw new IllegalArgumentException("expects " + usage);
        }
    }

    // ---------------------------------------------------------------- replies

    private Action deny(List<String> a, Set<Phase> phases, String where, int status) throws SampleException {
        ErrorReplies.ReplyFn spec = replySpec(a, status, phases, where, ReplyKind.DENY);
        return t -> Outcome.reply(spec.build(t), true);
    }

    private Action returnAction(List<String> a, Set<Phase> phases, String where) throws SampleException {
        ErrorReplies.ReplyFn spec = replySpec(a, 200, phases, where, ReplyKind.RETURN);
        return t -> Outcome.localReply(spec.build(t), false);
    }

    /** Which keyword a reply belongs to: they differ in their status keyword and their reply without body. */
    private enum ReplyKind {
        DENY,
        RETURN,
        HTTP_ERROR
    }

    /**
     * {@code http-error status <code> [content-type <type>] [default-errorfiles | errorfile <file> | errorfiles
     * <name> | file <file> | lf-file <file> | string <str> | lf-string <fmt>] [hdr <name> <fmt>]*}: the proxy's
     * reply for that status (deny, return and proxy-generated errors use it).
     */
    public Map.Entry<Integer, ErrorReplies.ReplyFn> httpError(RuleLine l) throws RuleException {
        try {
            List<String> a = l.args();
            if (a.size() < 2 || !a.get(0).equals("status")) {
                throw new IllegalArgumentException("expects 'status <code>' first");
            }
            int code = statusArg(a.get(1));
            return Map.entry(code, replySpec(a, 0, Phase.HTTP_REQ, "http-error", ReplyKind.HTTP_ERROR));
        } catch (SampleException | IllegalArgumentException e) {
            throw new RuleException(l.location(), "http-error", "'http-error': " + e.getMessage());
        }
    }

    private ErrorReplies.ReplyFn replySpec(
            List<String> a, int defaultStatus, Set<Phase> phases, String where, ReplyKind kind) throws SampleException {
        boolean deny = kind == ReplyKind.DENY;
        int status = defaultStatus;
        String contentType = null;
        String bodyKind = null;
        String bodyArg = null;
        boolean defaultErrorfiles = false;
        List<String[]> hdrs = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            String w = a.get(i);
            switch (w) {
                case "deny_status", "status" -> {
                    if (!deny && w.equals("deny_status")) {
                        throw new IllegalArgumentException("unknown argument '" + w + "'");
                    }
                    status = statusArg(value(a, i++, w));
                }
                case "default-errorfiles" -> defaultErrorfiles = true;
                case "content-type" -> contentType = value(a, i++, w);
                case "string", "lf-string", "file", "lf-file", "errorfile", "errorfiles" -> {
                    if (bodyKind != null) {
                        throw new IllegalArgumentException("'" + w + "' conflicts with '" + bodyKind + "'");
                    }
                    bodyKind = w;
                    bodyArg = value(a, i++, w);
                }
                case "hdr" -> {
                    String n = value(a, i++, "hdr");
                    String v = value(a, i++, "hdr " + n);
                    hdrs.add(new String[] {n, v});
                }
                default -> throw new IllegalArgumentException("unknown argument '" + w + "'"
                        + Suggestions.didYouMean(
                                w,
                                List.of(
                                        deny ? "deny_status" : "status",
                                        "content-type",
                                        "default-errorfiles",
                                        "string",
                                        "lf-string",
                                        "file",
                                        "lf-file",
                                        "errorfile",
                                        "errorfiles",
                                        "hdr")));
            }
        }
        if (defaultErrorfiles && bodyKind != null) {
            throw new IllegalArgumentException("'default-errorfiles' conflicts with '" + bodyKind + "'");
        }
        final int code = status;
        if (bodyKind == null || bodyKind.equals("errorfile") || bodyKind.equals("errorfiles")) {
            if ((contentType != null || !hdrs.isEmpty()) && bodyKind != null) {
                throw new IllegalArgumentException("'content-type' and 'hdr' cannot go with '" + bodyKind + "'");
            }
            if (bodyKind == null) {
                if (kind == ReplyKind.HTTP_ERROR) {
                    if (defaultErrorfiles) {
                        LocalReply r = scope.errors().reply(code); // the proxy's errorfiles, else the built-in page
                        return t -> r;
                    }
                    if (contentType != null) {
                        throw new IllegalArgumentException("'content-type' needs a body ('string', 'file'...)");
                    }
                    List<FormatString[]> extra = headerFormats(hdrs, phases, where);
                    return t -> {
                        List<Map.Entry<String, String>> h = new ArrayList<>();
                        for (FormatString[] e : extra) {
                            addHeader(h, e, t);
                        }
                        h.add(LocalReply.header("content-length", "0"));
                        return new LocalReply(code, reason(code), h, new byte[0]);
                    };
                }
                // the proxy's reply for the status (http-error, errorfile...) is looked up per stream
                ErrorReplies.ReplyFn configured = scope.errors().configuredFn(code);
                if (!deny) {
                    // 'return' without a body: the status's error page if there is one, else an empty response;
                    // a content-type without a body is ignored, as HAProxy does
                    List<FormatString[]> extra = headerFormats(hdrs, phases, where);
                    return t -> {
                        LocalReply base = configured == null ? null : configured.build(t);
                        List<Map.Entry<String, String>> h = new ArrayList<>();
                        for (FormatString[] e : extra) {
                            addHeader(h, e, t);
                        }
                        if (base != null) {
                            if (h.isEmpty()) {
                                return base;
                            }
                            List<Map.Entry<String, String>> all = new ArrayList<>(base.headers());
                            all.addAll(h);
                            return new LocalReply(base.status(), base.reason(), all, base.body());
                        }
                        h.add(LocalReply.header("content-length", "0"));
                        return new LocalReply(code, reason(code), h, new byte[0]);
                    };
                }
                if (contentType != null) {
                    throw new IllegalArgumentException("'content-type' needs a body ('string', 'file'...)");
                }
                LocalReply builtIn = withStatus(ErrorReplies.builtIn(code), code);
                return t -> {
                    LocalReply r = configured == null ? null : configured.build(t);
                    return r != null ? r : builtIn;
                };
            }
            LocalReply fixed;
            if (bodyKind.equals("errorfile")) {
                try {
                    LocalReply f = ErrorReplies.parseResponse(Files.readAllBytes(Path.of(bodyArg)));
                    fixed = f.silent() ? f : withStatus(f, code);
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot read errorfile '" + bodyArg + "': " + e.getMessage());
                }
            } else {
                HttpErrorsConfig sec = scope.httpErrors().get(bodyArg);
                if (sec == null) {
                    throw new IllegalArgumentException("unknown http-errors section '" + bodyArg + "'");
                }
                RulesConfig.ErrorFile f = sec.files().get(code);
                try {
                    fixed = f != null ? ErrorReplies.load(f) : scope.errors().reply(code);
                } catch (RuleException e) {
                    throw new IllegalArgumentException(e.detail());
                }
            }
            LocalReply r = fixed;
            return t -> r;
        }
        if (contentType == null) {
            throw new IllegalArgumentException("'" + bodyKind + "' needs a 'content-type'");
        }
        // a 204 or 304 has no body (RFC 9110 15.3.5, 15.4.5): a client reads one sent after it as the start of the
        // next response. HAProxy 2.6 refuses such a reply ("No body expected for 204 responses"), from a string or
        // log-format string always, from a file when it is not empty
        boolean bodyless = code == 204 || code == 304;
        String noBody = "No body expected for " + code + " responses";
        if (bodyless && (bodyKind.equals("string") || bodyKind.equals("lf-string")))
            throw new IllegalArgumentException(noBody);
        FormatString ct = FormatString.literal(contentType);
        List<FormatString[]> extra = headerFormats(hdrs, phases, where);
        FormatString body;
        switch (bodyKind) {
            case "string" -> body = FormatString.literal(bodyArg);
            case "lf-string" -> body = FormatString.compileHttp(bodyArg, scope.env(), phases, where);
            default -> {
                String text;
                try {
                    text = new String(Files.readAllBytes(Path.of(bodyArg)), StandardCharsets.ISO_8859_1);
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot read '" + bodyArg + "': " + e.getMessage());
                }
                if (bodyless && !text.isEmpty()) throw new IllegalArgumentException(noBody);
                body = bodyKind.equals("file")
                        ? FormatString.literal(text)
                        : FormatString.compileHttp(text, scope.env(), phases, where);
            }
        }
        return t -> {
            byte[] b = body.render(t).getBytes(StandardCharsets.ISO_8859_1);
            List<Map.Entry<String, String>> h = new ArrayList<>();
            if (b.length > 0) {
                h.add(LocalReply.header("content-type", ct.render(t))); // HAProxy sends no type for an empty body
            }
            for (FormatString[] e : extra) {
                addHeader(h, e, t);
            }
            h.add(LocalReply.header("content-length", Integer.toString(b.length)));
            return new LocalReply(code, reason(code), h, b);
        };
    }

    /** A reply's {@code hdr <name> <fmt>}: a value that renders empty adds no header, as in HAProxy. */
    private static void addHeader(List<Map.Entry<String, String>> h, FormatString[] e, Txn t) {
        String v = e[1].render(t);
        if (!v.isEmpty()) {
            h.add(LocalReply.header(e[0].render(t), v));
        }
    }

    private List<FormatString[]> headerFormats(List<String[]> hdrs, Set<Phase> phases, String where)
            throws SampleException {
        List<FormatString[]> extra = new ArrayList<>();
        for (String[] h : hdrs) {
            extra.add(new FormatString[] {
                FormatString.literal(h[0]), FormatString.compileHttp(h[1], scope.env(), phases, where)
            });
        }
        return extra;
    }

    private static LocalReply withStatus(LocalReply r, int code) {
        return r.status() == code ? r : new LocalReply(code, reason(code), r.headers(), r.body());
    }

    static String reason(int code) {
        String r = HttpResponseStatus.valueOf(code).reasonPhrase();
        return r.startsWith("Unknown") ? "" : r;
    }

    private static int statusArg(String s) {
        int code;
        try {
            code = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("status '" + s + "' is not a number");
        }
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("status must be between 200 and 599, got " + code);
        }
        return code;
    }

    private static String value(List<String> a, int i, String what) {
        if (i + 1 >= a.size()) {
            throw new IllegalArgumentException("'" + what + "' expects a value");
        }
        return a.get(i + 1);
    }

    private Action auth(List<String> a) {
        String realm = scope.proxyName();
        if (a.size() == 2 && a.get(0).equals("realm")) {
            realm = a.get(1);
        } else if (!a.isEmpty()) {
            throw new IllegalArgumentException("expects [realm <realm>]");
        }
        LocalReply base = ErrorReplies.builtIn(401);
        List<Map.Entry<String, String>> h = new ArrayList<>(base.headers());
        h.add(LocalReply.header("www-authenticate", "Basic realm=\"" + realm + "\""));
        LocalReply r = new LocalReply(401, base.reason(), h, base.body());
        return t -> Outcome.localReply(r, true);
    }

    private Action redirect(List<String> a, Set<Phase> phases, String where) throws SampleException {
        String type = null;
        String targetText = null;
        int code = 302;
        boolean dropQuery = false;
        boolean appendSlash = false;
        List<String> cookies = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            String w = a.get(i);
            switch (w) {
                case "location", "prefix", "scheme" -> {
                    type = w;
                    targetText = value(a, i++, w);
                }
                case "code" -> {
                    String c = value(a, i++, "code");
                    code = List.of("301", "302", "303", "307", "308").contains(c) ? Integer.parseInt(c) : -1;
                    if (code < 0) {
                        throw new IllegalArgumentException("'code' expects 301, 302, 303, 307 or 308, got " + c);
                    }
                }
                case "drop-query" -> dropQuery = true;
                case "append-slash" -> appendSlash = true;
                case "ignore-empty" -> {
                    // an empty location never redirects here, with or without this option
                }
                case "set-cookie" -> cookies.add(value(a, i++, w) + "; path=/;");
                case "clear-cookie" -> {
                    String c = value(a, i++, w);
                    cookies.add((c.endsWith("=") ? c : c + "=") + "; Expires=Thu, 01-Jan-1970 00:00:01 GMT; path=/;");
                }
                default -> {
                    if (type == null) {
                        throw new IllegalArgumentException("expects 'location', 'prefix' or 'scheme', got '" + w + "'"
                                + Suggestions.didYouMean(w, List.of("location", "prefix", "scheme")));
                    }
                    throw new IllegalArgumentException("unknown option '" + w + "'"
                            + Suggestions.didYouMean(
                                    w, List.of("code", "drop-query", "append-slash", "set-cookie", "clear-cookie")));
                }
            }
        }
        if (type == null) {
            throw new IllegalArgumentException("expects location|prefix|scheme <target> [code <n>] [option]...");
        }
        FormatString target = FormatString.compileHttp(targetText, scope.env(), phases, where);
        String kind = type;
        int status = code;
        boolean drop = dropQuery;
        boolean slash = appendSlash;
        return t -> {
            HttpHeadRef req = new HttpHeadRef(t);
            String uri = req.uri();
            String path = uri == null ? "/" : Uris.path(uri);
            String query = uri == null ? null : Uris.query(uri);
            String loc;
            String tg = target.render(t);
            switch (kind) {
                case "prefix" -> {
                    String p = path + (slash && !path.endsWith("/") ? "/" : "");
                    loc = (tg.equals("/") ? "" : tg) + p + (drop || query == null ? "" : "?" + query);
                }
                case "scheme" -> {
                    String host = req.host();
                    String p = path + (slash && !path.endsWith("/") ? "/" : "");
                    loc = tg + "://" + (host == null ? "" : host) + p + (drop || query == null ? "" : "?" + query);
                }
                default -> loc = tg;
            }
            if (loc.isEmpty()) {
                return Outcome.CONTINUE; // an empty location cancels the redirect, as in HAProxy
            }
            List<Map.Entry<String, String>> h = new ArrayList<>();
            h.add(LocalReply.header("content-length", "0"));
            h.add(LocalReply.header("location", loc));
            for (String c : cookies) {
                h.add(LocalReply.header("set-cookie", c));
            }
            return Outcome.localReply(new LocalReply(status, reason(status), h, new byte[0]), false);
        };
    }

    /** The request head parts a redirect needs. */
    private record HttpHeadRef(Txn t) {
        String uri() {
            return t.request() == null ? null : t.request().uri();
        }

        String host() {
            if (t.request() == null) {
                return null;
            }
            List<String> h = t.request().headers("host");
            return h.isEmpty() ? null : h.get(0).strip();
        }
    }

    // ---------------------------------------------------------------- header edits

    private static Action delHeader(List<String> a, boolean response) {
        if (a.isEmpty()) {
            throw new IllegalArgumentException("expects <name> [-m <meth>]");
        }
        String name = a.get(0).toLowerCase(Locale.ROOT);
        Predicate<String> match;
        if (a.size() == 1 || a.size() == 3 && a.get(1).equals("-m") && a.get(2).equals("str")) {
            // by name, the usual case: no predicate over every line's lower-cased name
            return t -> {
                HeadEditor h = head(t, response);
                if (h != null) {
                    long freed = h.removeCounted(name); // counted and deleted in one scan
                    if (t.rewriteRoom(response) != Long.MAX_VALUE) t.rewrote(response, -freed);
                }
                return Outcome.CONTINUE;
            };
        } else if (a.size() == 3 && a.get(1).equals("-m")) {
            String m = a.get(2);
            match =
                    switch (m) { // "str" took the by-name path above
                        case "beg" -> n -> n.startsWith(name);
                        case "end" -> n -> n.endsWith(name);
                        case "sub" -> n -> n.contains(name);
                        case "reg" -> {
                            Pattern p = Converters.regex(a.get(0), true);
                            yield n -> p.matcher(n).find();
                        }
                        default -> throw new IllegalArgumentException(
                                "unknown match method '" + m + "' (str, beg, end, sub, reg)");
                    };
        } else {
            throw new IllegalArgumentException("expects <name> [-m <meth>]");
        }
        return t -> {
            HeadEditor h = head(t, response);
            if (h != null) {
                if (t.rewriteRoom(response) != Long.MAX_VALUE) t.rewrote(response, -Rewrites.lines(h, match));
                h.removeIf(match);
            }
            return Outcome.CONTINUE;
        };
    }

    /**
     * {@code replace-header NAME REGEX FMT}: the whole value must match ({@code replace-value}: each
     * comma-separated value); \N in the format refers to the regex groups.
     */
    private Action replaceHeader(List<String> a, boolean eachValue, boolean response, Set<Phase> phases, String where)
            throws SampleException {
        exactly(a, 3, "<name> <regex> <replace-fmt>");
        String name = a.get(0);
        Pattern p = Converters.regex(a.get(1), false);
        FormatString fmt = FormatString.compileHttp(a.get(2), scope.env(), phases, where);
        // a constant replacement is translated once; a format is rendered on every request, as HAProxy does
        // even when the header is absent (its samples may set variables)
        String constant = fmt.constant() == null ? null : Converters.replacement(fmt.constant());
        return t -> {
            HeadEditor h = head(t, response);
            if (h == null) {
                return Outcome.CONTINUE;
            }
            String repl = constant != null ? constant : Converters.replacement(fmt.render(t));
            if (!h.has(name)) {
                return Outcome.CONTINUE;
            }
            java.util.function.UnaryOperator<String> edit = v -> {
                if (!eachValue) {
                    Matcher m = p.matcher(v);
                    return m.matches() ? m.replaceFirst(repl) : v;
                }
                String[] parts = v.split(",", -1);
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < parts.length; i++) {
                    String part = parts[i].strip();
                    Matcher m = p.matcher(part);
                    if (i > 0) {
                        sb.append(", ");
                    }
                    sb.append(m.matches() ? m.replaceFirst(repl) : part);
                }
                return sb.toString();
            };
            if (t.rewriteRoom(response) != Long.MAX_VALUE) {
                long cost = 0;
                for (String v : h.headers(name)) cost += edit.apply(v).length() - v.length();
                if (!Rewrites.fit(t, response, cost)) return rewriteFailed(t);
            }
            h.rewrite(name, edit);
            return Outcome.CONTINUE;
        };
    }

    private Action replaceUri(List<String> a, String action, Set<Phase> phases, String where) throws SampleException {
        exactly(a, 2, "<match-regex> <replace-fmt>");
        Pattern p = Converters.regex(a.get(0), false);
        FormatString fmt = FormatString.compileHttp(a.get(1), scope.env(), phases, where);
        return t -> {
            HeadEditor h = t.requestHead();
            if (h == null) {
                return Outcome.CONTINUE;
            }
            String uri = h.uri();
            String subject =
                    switch (action) {
                        case "replace-path" -> Uris.path(uri);
                        case "replace-pathq" -> Uris.pathq(uri);
                        default -> uri;
                    };
            Matcher m = p.matcher(subject);
            if (!m.find()) {
                return Outcome.CONTINUE;
            }
            String replaced = m.replaceFirst(Converters.replacement(fmt.render(t)));
            String authority = Uris.authority(uri);
            String target =
                    switch (action) {
                        case "replace-path" -> {
                            String q = Uris.query(uri);
                            yield authority + replaced + (q == null ? "" : "?" + q);
                        }
                        case "replace-pathq" -> authority + replaced;
                        default -> replaced;
                    };
            if (!Rewrites.fit(t, false, target.length() - uri.length())) return rewriteFailed(t);
            h.setUri(target);
            return Outcome.CONTINUE;
        };
    }

    private Action setUriPart(List<String> a, String action, Set<Phase> phases, String where) throws SampleException {
        exactly(a, 1, "<fmt>");
        FormatString fmt = FormatString.compileHttp(a.get(0), scope.env(), phases, where);
        return t -> {
            HeadEditor h = t.requestHead();
            if (h == null) {
                return Outcome.CONTINUE;
            }
            String v = fmt.render(t);
            String uri = h.uri();
            String q = Uris.query(uri);
            // an absolute-form target keeps its scheme and authority
            String authority = Uris.authority(uri);
            String target =
                    switch (action) {
                        case "set-path" -> authority + v + (q == null ? "" : "?" + q);
                        case "set-pathq" -> authority + v;
                        case "set-uri" -> v;
                        case "set-query" -> authority + Uris.path(uri) + "?" + v;
                        default -> null;
                    };
            long cost = target == null ? v.length() - h.method().length() : target.length() - uri.length();
            if (!Rewrites.fit(t, false, cost)) return rewriteFailed(t);
            if (target == null) {
                h.setMethod(v);
            } else {
                h.setUri(target);
            }
            return Outcome.CONTINUE;
        };
    }

    private static Action setStatus(List<String> a) {
        if (a.isEmpty()) {
            throw new IllegalArgumentException("expects <status> [reason <str>]");
        }
        int code;
        try {
            code = Integer.parseInt(a.get(0));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("status '" + a.get(0) + "' is not a number");
        }
        if (code < 100 || code > 999) {
            throw new IllegalArgumentException("status must be between 100 and 999, got " + code);
        }
        String reason = null;
        if (a.size() == 3 && a.get(1).equals("reason")) {
            reason = a.get(2);
        } else if (a.size() != 1) {
            throw new IllegalArgumentException("expects <status> [reason <str>]");
        }
        String r = reason;
        return t -> {
            HeadEditor h = t.responseHead();
            if (h != null) {
                h.setStatus(code, r);
            }
            return Outcome.CONTINUE;
        };
    }

    /** {@code wait-for-body time <time> [at-least <bytes>]}: for the request's body, or the response's. */
    private static Action waitForBody(List<String> a, boolean response) {
        if (!(a.size() == 2 || a.size() == 4)
                || !a.get(0).equals("time")
                || a.size() == 4 && !a.get(2).equals("at-least")) {
            throw new IllegalArgumentException("expects 'time <time> [at-least <bytes>]'");
        }
        long ms = dev.hapair.proxy.config.Units.parseTime(a.get(1)).toMillis();
        if (ms <= 0) {
            throw new IllegalArgumentException("'time' must be positive");
        }
        long atLeast = a.size() == 4 ? dev.hapair.proxy.config.Units.parseSize(a.get(3)) : 0;
        Outcome wait = Outcome.waitForBody(ms);
        if (response) {
            return t -> t.responseBodyReady(atLeast) ? Outcome.CONTINUE : wait;
        }
        return t -> t.requestBodyReady(atLeast) ? Outcome.CONTINUE : wait;
    }

    /** {@code set-timeout server|tunnel <timeout>|<expr>}: a time with unit, or a sample giving milliseconds. */
    private Action setTimeout(List<String> a, Set<Phase> phases, String where) throws SampleException {
        exactly(a, 2, "server|tunnel <timeout>|<expr>");
        String which = a.get(0);
        if (!which.equals("server") && !which.equals("tunnel")) {
            throw new IllegalArgumentException("expects 'server' or 'tunnel', got '" + which + "'");
        }
        String v = a.get(1);
        if (v.matches("[0-9]+(us|ms|s|m|h|d)?")) {
            long ms = dev.hapair.proxy.config.Units.parseTime(v).toMillis();
            if (ms <= 0) {
                throw new IllegalArgumentException("the timeout must be positive");
            }
            return t -> {
                t.setTimeout(which, ms);
                return Outcome.CONTINUE;
            };
        }
        SampleExpr e = SampleParser.compile(v, scope.env(), phases, where);
        return t -> {
            Sample s = e.eval(t);
            Sample n = s == null ? null : s.cast(SampleType.SINT);
            if (n != null && n.toLong() > 0) {
                t.setTimeout(which, n.toLong());
            }
            return Outcome.CONTINUE;
        };
    }

    /**
     * {@code set-src|set-dst <expr>}: a new address keeping the port; {@code set-src-port|set-dst-port <expr>}:
     * a new port keeping the address (0.0.0.0 when there is none). A sample that does not convert changes nothing.
     */
    private Action setAddress(List<String> a, String action, Set<Phase> phases, String where) throws SampleException {
        exactly(a, 1, "<expr>");
        SampleExpr e = SampleParser.compile(a.get(0), scope.env(), phases, where);
        boolean src = action.startsWith("set-src");
        boolean port = action.endsWith("-port");
        return t -> {
            java.net.InetSocketAddress cur = src ? t.source() : t.destination();
            Sample v = e.eval(t);
            java.net.InetSocketAddress next = null;
            if (v != null && port) {
                Sample n = v.cast(SampleType.SINT);
                if (n != null && n.toLong() >= 0 && n.toLong() <= 65535) {
                    java.net.InetAddress addr =
                            cur != null ? cur.getAddress() : new java.net.InetSocketAddress("0.0.0.0", 0).getAddress();
                    next = new java.net.InetSocketAddress(addr, n.toLong().intValue());
                }
            } else if (v != null) {
                Sample addr = v.cast(SampleType.ADDR);
                if (addr != null) {
                    next = new java.net.InetSocketAddress(addr.toAddress(), cur == null ? 0 : cur.getPort());
                }
            }
            if (next != null) {
                if (src) {
                    t.setSource(next);
                } else {
                    t.setDestination(next);
                }
            }
            return Outcome.CONTINUE;
        };
    }

    // ---------------------------------------------------------------- variables and captures

    private Action variable(String word, String action, List<String> a, Set<Phase> phases, String where)
            throws SampleException {
        int open = word.indexOf('(');
        if (open < 0 || !word.endsWith(")")) {
            throw new IllegalArgumentException("expects '" + action + "(<scope>.<name>)'");
        }
        List<String> parts = VarConditions.split(word.substring(open + 1, word.length() - 1));
        VarRef var = VarRef.parse(parts.get(0));
        VarConditions conds = VarConditions.parse(parts.subList(1, parts.size()));
        switch (action) {
            case "unset-var" -> {
                if (!conds.isEmpty()) {
                    throw new IllegalArgumentException("unset-var takes no condition");
                }
                none(a);
                return t -> {
                    if (t.vars() != null) {
                        t.vars().unset(var);
                    }
                    return Outcome.CONTINUE;
                };
            }
            case "set-var-fmt" -> {
                exactly(a, 1, "<fmt>");
                FormatString fmt = FormatString.compile(a.get(0), scope.env(), phases, where);
                return t -> {
                    if (t.vars() != null) {
                        Sample v = Sample.str(fmt.render(t));
                        if (conds.allow(t.vars(), var, v)) {
                            t.vars().set(var, v);
                        }
                    }
                    return Outcome.CONTINUE;
                };
            }
            default -> {
                exactly(a, 1, "<expr>");
                SampleExpr e = SampleParser.compile(a.get(0), scope.env(), phases, where);
                return t -> {
                    Sample s = e.eval(t);
                    if (s != null && t.vars() != null && conds.allow(t.vars(), var, s)) {
                        t.vars().set(var, s);
                    }
                    return Outcome.CONTINUE;
                };
            }
        }
    }

    /**
     * {@code capture <sample> len <n>} (request only: the slot the configuration allocated for this rule) or
     * {@code capture <sample> id <slot>}.
     */
    private Action capture(RuleLine l, List<String> a, boolean request, Set<Phase> phases, String where)
            throws SampleException {
        if (a.size() != 3 || !(a.get(1).equals("len") || a.get(1).equals("id"))) {
            throw new IllegalArgumentException(
                    "expects <sample> id <slot>" + (request ? " or <sample> len <length>" : ""));
        }
        SampleExpr e = SampleParser.compile(a.get(0), scope.env(), phases, where);
        int n;
        try {
            n = Integer.parseInt(a.get(2));
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("'" + a.get(1) + "' expects a number, got '" + a.get(2) + "'");
        }
        if (a.get(1).equals("len")) {
            Integer slot = scope.implicitCaptureSlots().get(l);
            if (!request || slot == null || n <= 0) {
                throw new IllegalArgumentException(
                        request
                                ? "'capture ... len' expects a positive length"
                                : "'capture ... len' is only valid in request rules; use 'id' with 'declare capture'");
            }
            int len = n;
            int s = slot;
            return t -> {
                Sample v = e.eval(t);
                if (v != null) {
                    String text = v.cast(SampleType.STR).toText();
                    t.capture(true, s, text.length() > len ? text.substring(0, len) : text);
                }
                return Outcome.CONTINUE;
            };
        }
        int slots = request ? scope.requestCaptures() : scope.responseCaptures();
        if (n < 0 || n >= slots) {
            throw new IllegalArgumentException("capture slot " + n + " does not exist (" + slots
                    + " declared with 'capture " + (request ? "request" : "response") + " header')");
        }
        return t -> {
            Sample s = e.eval(t);
            if (s != null) {
                t.capture(request, n, s.cast(SampleType.STR).toText());
            }
            return Outcome.CONTINUE;
        };
    }
}
