package dev.hapair.proxy.config;

import dev.hapair.common.config.Suggestions;
import java.util.List;
import java.util.Optional;

/** {@code [no] option NAME [args]} in proxies; the NAME is the keyword. */
final class OptionKeywords {

    /** @param enable false for {@code no option NAME} */
    record Context(ProxySection section, boolean enable) {
        ProxyConfig.Builder p() {
            return section.proxy;
        }
    }

    static final KeywordTable<Context> TABLE = build();

    private OptionKeywords() {}

    private static KeywordTable<Context> build() {
        KeywordTable<Context> t = new KeywordTable<>("option", OptionKeywords::handle);
        // one traffic log format per section, the last line wins (ProxyConfig.Builder.useHttplog...); HAProxy
        // 2.6 has no 'no' form of these three
        t.implemented("httplog");
        t.implemented("httpslog");
        t.implemented("tcplog");
        t.implemented("dontlognull", Capability.DF);
        t.implemented("redispatch", Capability.DB);
        t.implemented("allbackups", Capability.DB);
        t.implemented("tcp-check", Capability.DB);
        t.implemented("http-keep-alive");
        t.implemented("http-server-close");
        t.implemented("httpclose");
        t.implemented("forwardfor");
        t.implemented("originalto");
        t.implemented("http-buffer-request");
        t.implemented("logasap", Capability.DF);
        t.implemented("httpchk", Capability.DB);
        t.implemented("http-restrict-req-hdr-names");
        // relax header-name (and request URI) parsing exactly as HAProxy does; framing is never relaxed
        t.implemented("accept-invalid-http-request", Capability.DF);
        t.implemented("accept-invalid-http-response", Capability.DB);
        t.implemented("abortonclose", Capability.DB);
        t.implemented("splice-request");
        t.implemented("splice-response");
        t.implemented("splice-auto");
        // DF: HAProxy 2.6 accepts it in backends only to warn that it has no effect there
        t.implemented("tcp-smart-accept", Capability.DF);
        t.implemented("disable-h2-upgrade", Capability.DF);
        t.implemented("log-health-checks", Capability.DB);
        // protocol checks (ProtocolCheck); spop-check stays refused below
        for (ProtocolCheck.Kind k : ProtocolCheck.Kind.values()) t.implemented(k.option(), Capability.DB);
        t.tuning();
        t.unsupported(
                "dontlog-normal",
                "http-pretend-keepalive",
                "http-use-proxy-header",
                "independent-streams",
                "nolinger",
                "persist",
                "prefer-last-server",
                "socket-stats",
                "external-check",
                "checkcache",
                "log-separate-errors",
                "http-ignore-probes",
                "h1-case-adjust-bogus-client",
                "h1-case-adjust-bogus-server",
                "transparent",
                "spop-check",
                "http_proxy",
                "forceclose",
                "http-tunnel",
                "idle-close-on-response",
                "accept-unsafe-violations-in-http-request",
                "accept-unsafe-violations-in-http-response");
        return t;
    }

    /** The implemented keywords of {@link #build}: one switch instead of a lambda each (KeywordTable.Dispatcher). */
    private static void handle(String keyword, Context c, ConfigLine l) {
        switch (keyword) {
            case "httplog" -> {
                noNegation(c, l);
                if (l.arg(2).equals("clf")) {
                    if (!l.arg(3).isEmpty()) {
                        throw new LineError("'option httplog clf' takes no further argument, got '" + l.arg(3) + "'");
                    }
                    c.p().useLogFormat(RulesConfig.LogFormatLine.clf(l.location()));
                    return;
                }
                if (!l.arg(2).isEmpty()) {
                    throw new LineError("'option httplog' only supports 'clf', got '" + l.arg(2) + "'");
                }
                c.p().useHttplog();
            }
            case "httpslog" -> {
                noNegation(c, l);
                if (!l.arg(2).isEmpty()) {
                    throw new LineError("'option httpslog' takes no argument, got '" + l.arg(2) + "'");
                }
                c.p().useLogFormat(RulesConfig.LogFormatLine.httpslog(l.location()));
            }
            case "tcplog" -> {
                noNegation(c, l);
                c.p().useTcplog();
            }
            case "dontlognull" -> c.p().dontlognull = flag(c, l);
            case "redispatch" -> OptionKeywords.redispatch(c, l);
            case "allbackups" -> c.p().allbackups = flag(c, l);
            case "tcp-check" -> {
                c.p().tcpCheck = c.enable();
                if (c.enable()) {
                    c.p().httpchkAt = null;
                    c.p().protocolCheck = null;
                }
            }
            case "redis-check", "ssl-hello-chk", "smtpchk", "pgsql-check", "mysql-check", "ldap-check" -> OptionKeywords
                    .protocolCheck(c, l, ProtocolCheck.Kind.of(keyword));
            case "http-keep-alive" -> mode(c, HttpConnectionMode.KEEP_ALIVE);
            case "http-server-close" -> mode(c, HttpConnectionMode.SERVER_CLOSE);
            case "httpclose" -> mode(c, HttpConnectionMode.HTTPCLOSE);
            case "forwardfor" -> OptionKeywords.forwardfor(c, l);
            case "originalto" -> OptionKeywords.originalto(c, l);
            case "http-buffer-request" -> c.p().httpBufferRequest = flag(c, l);
            case "logasap" -> c.p().logasap = flag(c, l);
            case "httpchk" -> OptionKeywords.httpchk(c, l);
            case "http-restrict-req-hdr-names" -> OptionKeywords.restrictReqHdrNames(c, l);
            case "accept-invalid-http-request" -> c.p().acceptInvalidHttpRequest = flag(c, l);
            case "accept-invalid-http-response" -> c.p().acceptInvalidHttpResponse = flag(c, l);
            case "abortonclose" -> c.p().abortonclose = flag(c, l);
            case "splice-request" -> c.p().spliceRequest = splice(c, l);
            case "splice-response" -> c.p().spliceResponse = splice(c, l);
            case "splice-auto" -> c.p().spliceAuto = splice(c, l);
            case "tcp-smart-accept" -> c.p().tcpSmartAccept = flag(c, l);
            case "disable-h2-upgrade" -> c.p().disableH2Upgrade = flag(c, l);
            case "log-health-checks" -> c.p().logHealthChecks = flag(c, l);
            default -> throw KeywordTable.noCase(keyword);
        }
    }

    /** An {@code option splice-*} line: remembered where it turned splicing on, for the tcp-mode warning. */
    private static boolean splice(Context c, ConfigLine l) {
        boolean on = flag(c, l);
        if (on) c.p().spliceAt = l.location();
        return on;
    }

    /**
     * An on/off option ({@code option X}, {@code no option X}): whether it is enabled. HAProxy refuses arguments
     * after it (too many args); an argument is an error, never ignored
     * (options that take one, such as {@code option redispatch <interval>}, have their own parser).
     */
    private static boolean flag(Context c, ConfigLine l) {
        if (!l.arg(2).isEmpty()) {
            throw new LineError("'option " + l.arg(1) + "' takes no argument in hapair-proxy, got '" + l.arg(2) + "'");
        }
        return c.enable();
    }

    /**
     * {@code option redispatch [<interval>]}: HAProxy's interval says on which connection retries the request may
     * go to another server: every Pth retry when positive, the Nth retry before the last one when negative (-1,
     * the default, is the last retry), none when 0 (a server that is down, or HAProxy's "any server will do"
     * case, still redispatches). HAProxy reads the number with atol (garbage is 0); here anything but an
     * integer is an error. {@code no option redispatch} turns it off and takes no argument.
     */
    private static void redispatch(Context c, ConfigLine l) {
        String arg = l.arg(2);
        if (!c.enable()) {
            flag(c, l);
            c.p().redispatch = false;
            c.p().redispatchAfter = 0;
            return;
        }
        int after = -1;
        if (!arg.isEmpty()) {
            if (!l.arg(3).isEmpty()) {
                throw new LineError(
                        "'option redispatch' takes at most one argument (<interval>), got '" + l.arg(3) + "' after it");
            }
            try {
                after = Integer.parseInt(arg);
            } catch (NumberFormatException e) {
                throw new LineError("'option redispatch' expects an integer <interval> (e.g. 1: every retry, -1: the"
                        + " last retry, 0: none), got '" + arg + "'");
            }
        }
        c.p().redispatch = true;
        c.p().redispatchAfter = after;
    }

    /** {@code no option NAME} where HAProxy 2.6 refuses the negation, in its words. */
    private static void noNegation(Context c, ConfigLine l) {
        if (!c.enable()) {
            throw new LineError("negation/default is not supported for option '" + l.arg(1) + "'");
        }
    }

    /** {@code option http-restrict-req-hdr-names preserve|delete|reject} (no {@code no} form in HAProxy). */
    private static void restrictReqHdrNames(Context c, ConfigLine l) {
        if (!c.enable()) throw new LineError("'no option http-restrict-req-hdr-names' is not supported");
        List<String> modes = List.of("preserve", "delete", "reject");
        if (l.size() != 3 || !modes.contains(l.arg(2))) {
            throw new LineError("'option http-restrict-req-hdr-names' expects 'preserve', 'delete' or 'reject'"
                    + (l.size() > 2 ? Suggestions.didYouMean(l.arg(2), modes) : ""));
        }
        c.p().restrictReqHdrNames = HeaderNamePolicy.valueOf(l.arg(2).toUpperCase(java.util.Locale.ROOT));
    }

    private static void mode(Context c, HttpConnectionMode m) {
        if (c.enable()) {
            c.p().httpConnectionMode = m;
        } else if (c.p().httpConnectionMode == m) {
            c.p().httpConnectionMode = null;
        }
    }

    private static void forwardfor(Context c, ConfigLine l) {
        if (!c.enable()) {
            c.p().forwardfor = null;
            return;
        }
        String except = null;
        String header = ForwardForConfig.DEFAULT_HEADER;
        boolean ifNone = false;
        List<String> w = l.words();
        int i = 2;
        while (i < w.size()) {
            String k = w.get(i);
            switch (k) {
                case "except" -> {
                    except = value(w, i, "option forwardfor except");
                    i += 2;
                }
                case "header" -> {
                    header = value(w, i, "option forwardfor header");
                    i += 2;
                }
                case "if-none" -> throw NotSupported.error("option forwardfor if-none");
                default -> throw new LineError("'option forwardfor' only supports optional values 'except', "
                        + "'header' and 'if-none', got '" + k + "'"
                        + Suggestions.didYouMean(k, List.of("except", "header", "if-none")));
            }
        }
        c.p().forwardfor = new ForwardForConfig(Optional.ofNullable(except), header, ifNone, l.location());
    }

    /** {@code option originalto [except <network>] [header <name>]}: X-Original-To with the destination address. */
    private static void originalto(Context c, ConfigLine l) {
        if (!c.enable()) {
            c.p().originalto = null;
            return;
        }
        String except = null;
        String header = "X-Original-To";
        List<String> w = l.words();
        int i = 2;
        while (i < w.size()) {
            String k = w.get(i);
            switch (k) {
                case "except" -> except = value(w, i, "option originalto except");
                case "header" -> header = value(w, i, "option originalto header");
                default -> throw new LineError("'option originalto' only supports optional values 'except' and "
                        + "'header', got '" + k + "'" + Suggestions.didYouMean(k, List.of("except", "header")));
            }
            i += 2;
        }
        try {
            dev.hapair.proxy.backend.ForwardFor.of(header, except);
        } catch (IllegalArgumentException e) {
            throw new LineError("'option originalto except': " + e.getMessage());
        }
        c.p().originalto = new ForwardForConfig(Optional.ofNullable(except), header, false, l.location());
    }

    private static void httpchk(Context c, ConfigLine l) {
        if (!c.enable()) {
            c.p().httpchkAt = null;
            return;
        }
        List<String> args = l.from(2);
        HttpCheckSend implicit =
                switch (args.size()) {
                    case 0 -> HttpCheckSend.NONE;
                    case 1 -> send(null, args.get(0), null, List.of());
                    case 2 -> send(args.get(0), args.get(1), null, List.of());
                    case 3 -> {
                        // the old idiom: header lines after the version, "HTTP/1.1\r\nHost:\ www"
                        String[] lines = args.get(2).split("\r\n", -1);
                        List<HttpCheckSend.Header> headers = new java.util.ArrayList<>();
                        for (int i = 1; i < lines.length; i++) {
                            if (lines[i].isEmpty()) continue;
                            int colon = lines[i].indexOf(':');
                            if (colon <= 0) {
                                throw new LineError("'option httpchk': invalid header line '" + lines[i]
                                        + "' after the version (expected 'name: value')");
                            }
                            headers.add(new HttpCheckSend.Header(
                                    lines[i].substring(0, colon),
                                    lines[i].substring(colon + 1).strip()));
                        }
                        yield send(args.get(0), args.get(1), lines[0], headers);
                    }
                    default -> throw new LineError(
                            "'option httpchk' expects [<method> <uri> [<version>]], got " + args.size() + " arguments");
                };
        c.p().addHttpCheckSend(implicit);
        c.p().httpchkAt = l.location();
        c.p().tcpCheck = false;
        c.p().protocolCheck = null;
    }

    /**
     * {@code option redis-check|ssl-hello-chk|smtpchk|pgsql-check|mysql-check|ldap-check}: the server check speaks the
     * protocol (the last check option of a section wins). Arguments HAProxy 2.6 would ignore (an smtpchk command
     * other than EHLO/HELO with a domain) are errors here: the operator meant something.
     */
    private static void protocolCheck(Context c, ConfigLine l, ProtocolCheck.Kind kind) {
        noNegation(c, l);
        List<String> args = l.from(2);
        String opt = "'option " + kind.option() + "'";
        switch (kind) {
            case REDIS, SSL_HELLO, LDAP -> {
                if (!args.isEmpty())
                    throw new LineError(opt + " cannot handle unexpected argument '" + args.get(0) + "'");
            }
            case SMTP -> {
                if (args.size() > 2)
                    throw new LineError(opt + " cannot handle unexpected argument '" + args.get(2) + "'");
                if (!args.isEmpty()
                        && (args.size() != 2
                                || !args.get(0).equals("EHLO") && !args.get(0).equals("HELO"))) {
                    throw new LineError(opt + " expects 'EHLO <domain>' or 'HELO <domain>' (HAProxy would silently"
                            + " send 'HELO localhost' instead), got '" + String.join(" ", args) + "'");
                }
            }
            case PGSQL -> {
                if (args.size() > 2)
                    throw new LineError(opt + " cannot handle unexpected argument '" + args.get(2) + "'");
                if (args.size() < 2) throw new LineError(opt + " expects 'user <username>' as argument");
                if (!args.get(0).equals("user")) throw new LineError(opt + " only supports optional values: 'user'");
                args = List.of(args.get(1));
            }
            case MYSQL -> {
                if (args.size() > 3)
                    throw new LineError(opt + " cannot handle unexpected argument '" + args.get(3) + "'");
                if (!args.isEmpty()) {
                    if (!args.get(0).equals("user")) {
                        throw new LineError(opt + " only supports optional values: 'user' (got '" + args.get(0) + "')");
                    }
                    if (args.size() < 2)
                        throw new LineError("'option mysql-check user' expects <username> as argument");
                    String variant = args.size() == 3 ? args.get(2) : "post-41";
                    if (!variant.equals("post-41") && !variant.equals("pre-41")) {
                        throw new LineError(
                                "keyword 'user' only supports 'post-41' and 'pre-41' (got '" + variant + "')");
                    }
                    args = List.of(args.get(1), variant);
                }
            }
        }
        c.p().protocolCheck = new ProtocolCheck(kind, args, l.location());
        c.p().httpchkAt = null;
        c.p().tcpCheck = false;
    }

    private static HttpCheckSend send(String method, String uri, String version, List<HttpCheckSend.Header> headers) {
        return new HttpCheckSend(
                Optional.ofNullable(method),
                Optional.ofNullable(uri),
                Optional.ofNullable(version),
                headers,
                Optional.empty(),
                false);
    }

    private static String value(List<String> w, int i, String what) {
        if (i + 1 >= w.size()) {
            throw new LineError("'" + what + "' expects a value");
        }
        return w.get(i + 1);
    }
}
