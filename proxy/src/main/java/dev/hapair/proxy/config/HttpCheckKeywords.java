package dev.hapair.proxy.config;

import java.util.List;

/** {@code http-check X}: the one status rule and the one body rule hapair runs. */
final class HttpCheckKeywords {
    static final KeywordTable<ProxySection> TABLE = httpCheck();

    private static KeywordTable<ProxySection> httpCheck() {
        KeywordTable<ProxySection> t = new KeywordTable<>("http-check");
        t.register("expect", Capability.DB, (s, l) -> {
            List<String> w = l.from(2);
            int i = 0;
            boolean negate = false;
            if (i < w.size() && w.get(i).equals("!")) {
                negate = true;
                i++;
            }
            if (w.size() - i != 2) {
                throw new LineError("'http-check expect' expects [!] status|rstatus|string|rstring <pattern>");
            }
            HttpCheckExpect.Kind kind =
                    switch (w.get(i)) {
                        case "status" -> HttpCheckExpect.Kind.STATUS;
                        case "rstatus" -> HttpCheckExpect.Kind.RSTATUS;
                        case "string" -> HttpCheckExpect.Kind.STRING;
                        case "rstring" -> HttpCheckExpect.Kind.RSTRING;
                        default -> throw new LineError("'http-check expect' only supports 'status', 'rstatus', 'string'"
                                + " and 'rstring', got '" + w.get(i) + "'");
                    };
            String pattern = w.get(i + 1);
            if (kind == HttpCheckExpect.Kind.STATUS
                    && !pattern.matches("[0-9]{3}(-[0-9]{3})?(,[0-9]{3}(-[0-9]{3})?)*")) {
                throw new LineError(
                        "'http-check expect status' expects a status code, range or list, got '" + pattern + "'");
            }
            boolean onStatus = kind == HttpCheckExpect.Kind.STATUS || kind == HttpCheckExpect.Kind.RSTATUS;
            if (negate && onStatus) {
                throw NotSupported.error("http-check expect ! " + w.get(i));
            }
            s.proxy.startOwnHttpCheckRules();
            if (s.proxy.httpCheckRulesAt == null) s.proxy.httpCheckRulesAt = l.location();
            for (HttpCheckExpect prev : s.proxy.httpCheckExpects) {
                boolean prevOnStatus =
                        prev.kind() == HttpCheckExpect.Kind.STATUS || prev.kind() == HttpCheckExpect.Kind.RSTATUS;
                if (prevOnStatus == onStatus) {
                    throw NotSupported.error(
                            "http-check expect",
                            s.describe(),
                            "a second rule on the response " + (onStatus ? "status" : "body")
                                    + " (hapair runs one status and one body rule)");
                }
            }
            s.proxy.httpCheckExpects.add(new HttpCheckExpect(negate, kind, pattern, l.location()));
        });
        t.register("send", Capability.DB, (s, l) -> {
            s.proxy.addHttpCheckSend(send(l.from(2)));
            if (s.proxy.httpCheckRulesAt == null) s.proxy.httpCheckRulesAt = l.location();
        });
        t.unsupported("send-state", Capability.DB, 0);
        t.register("disable-on-404", Capability.DB, (s, l) -> {
            if (!l.arg(2).isEmpty()) {
                throw new LineError("'http-check disable-on-404' takes no argument, got '" + l.arg(2) + "'");
            }
            s.proxy.disableOn404 = true;
            if (s.proxy.httpCheckRulesAt == null) s.proxy.httpCheckRulesAt = l.location();
        });
        t.unsupported("connect", Capability.DB, 0);
        t.unsupported("comment", Capability.DB, 0);
        t.unsupported("set-var", Capability.DB, 0);
        t.unsupported("unset-var", Capability.DB, 0);
        return t;
    }

    /**
     * {@code http-check send [meth <m>] [uri <u>] [ver <v>] [hdr <name> <value>]* [body <string>]}, HAProxy 2.6's
     * words; header values are log-format strings there, so a '%' other than the literal '%%' (a sample, a
     * variable) is refused, as are uri-lf, body-lf and comment.
     */
    static HttpCheckSend send(List<String> w) {
        String method = null, uri = null, version = null, body = null;
        List<HttpCheckSend.Header> headers = new java.util.ArrayList<>();
        boolean host = false;
        for (int i = 0; i < w.size(); i++) {
            String k = w.get(i);
            switch (k) {
                case "meth", "uri", "ver", "body" -> {
                    if (i + 1 >= w.size() || w.get(i + 1).isEmpty()) {
                        throw new LineError("'http-check send': '" + k + "' expects a string as argument");
                    }
                    String v = w.get(++i);
                    switch (k) {
                        case "meth" -> method = v;
                        case "uri" -> uri = v;
                        case "ver" -> version = v;
                        default -> body = v;
                    }
                }
                case "hdr" -> {
                    if (i + 2 >= w.size()
                            || w.get(i + 1).isEmpty()
                            || w.get(i + 2).isEmpty()) {
                        throw new LineError("'http-check send': 'hdr' expects <name> and <value> as arguments");
                    }
                    String name = w.get(i + 1), value = literal(w.get(i + 2));
                    i += 2;
                    if (name.equalsIgnoreCase("host")) {
                        if (host) throw new LineError("'http-check send': 'host' header already defined");
                        host = true;
                    }
                    // HAProxy computes the framing itself and drops these two
                    if (name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("transfer-encoding")) {
                        continue;
                    }
                    headers.add(new HttpCheckSend.Header(name, value));
                }
                case "uri-lf", "body-lf", "comment" -> throw NotSupported.error("http-check send " + k);
                default -> throw new LineError("'http-check send' expects 'comment', 'meth', 'uri', 'uri-lf', 'ver',"
                        + " 'hdr', 'body' or 'body-lf' but got '" + k + "' as argument");
            }
        }
        return new HttpCheckSend(
                java.util.Optional.ofNullable(method),
                java.util.Optional.ofNullable(uri),
                java.util.Optional.ofNullable(version),
                headers,
                java.util.Optional.ofNullable(body),
                true);
    }

    /** A log-format string without expressions: its text, '%%' read as '%'; anything else with '%' refused. */
    private static String literal(String fmt) {
        if (fmt.indexOf('%') < 0) return fmt;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < fmt.length(); i++) {
            char c = fmt.charAt(i);
            if (c == '%') {
                if (i + 1 < fmt.length() && fmt.charAt(i + 1) == '%') {
                    sb.append('%');
                    i++;
                    continue;
                }
                throw NotSupported.error("http-check send hdr", "", "log-format expressions ('%') in '" + fmt + "'");
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private HttpCheckKeywords() {}
}
