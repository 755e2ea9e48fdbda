package dev.hapair.proxy.config;

import java.util.Optional;

/** {@code balance} algorithms; {@link #keyword()} as written in haproxy.cfg. */
public enum BalanceAlgorithm {
    ROUNDROBIN("roundrobin"),
    STATIC_RR("static-rr"),
    LEASTCONN("leastconn"),
    FIRST("first"),
    SOURCE("source"),
    URI("uri"),
    URL_PARAM("url_param"),
    HDR("hdr"),
    RANDOM("random"),
    RDP_COOKIE("rdp-cookie");

    private final String keyword;

    BalanceAlgorithm(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    /** True for the algorithms that hash a request property (and so honour {@code hash-type}). */
    public boolean isHashBased() {
        return this == SOURCE || this == URI || this == URL_PARAM || this == HDR || this == RDP_COOKIE;
    }

    public static Optional<BalanceAlgorithm> byKeyword(String word) {
        for (BalanceAlgorithm a : values()) {
            if (a.keyword.equals(word)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
