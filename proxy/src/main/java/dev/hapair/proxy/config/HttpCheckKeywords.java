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
        t.unsupported("send", Capability.DB, 0);
        t.unsupported("send-state", Capability.DB, 0);
        t.unsupported("disable-on-404", Capability.DB, 0);
        t.unsupported("connect", Capability.DB, 0);
        t.unsupported("comment", Capability.DB, 0);
        t.unsupported("set-var", Capability.DB, 0);
        t.unsupported("unset-var", Capability.DB, 0);
        return t;
    }

    private HttpCheckKeywords() {}
}
