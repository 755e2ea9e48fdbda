package dev.hapair.proxy.config;

import java.util.Set;

/** {@code timeout X} in proxies: where each one applies, as in HAProxy's matrix. */
final class TimeoutKeywords {
    static final KeywordTable<ProxySection> TABLE = timeouts();

    private static KeywordTable<ProxySection> timeouts() {
        KeywordTable<ProxySection> t = new KeywordTable<>("timeout");
        for (TimeoutKind k : TimeoutKind.values()) {
            Set<Capability> caps =
                    switch (k) {
                        case CLIENT, CLIENT_FIN -> Capability.DF;
                        case CONNECT, SERVER, SERVER_FIN, QUEUE, CHECK, TUNNEL -> Capability.DB;
                        default -> Capability.ALL;
                    };
            if (!k.implemented()) {
                t.unsupported(k.keyword(), caps, 0);
                continue;
            }
            t.register(k.keyword(), caps, (s, l) -> {
                if (l.size() != 3) {
                    throw new LineError("'timeout " + k.keyword() + "' expects exactly one time value");
                }
                s.proxy.timeouts.put(k, ProxyKeywords.time(l.arg(2)));
            });
        }
        return t;
    }

    private TimeoutKeywords() {}
}
