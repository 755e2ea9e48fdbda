package dev.hapair.vrrp.os;

import java.util.Locale;

/** rtnetlink address scopes (enum rt_scope_t), named as {@code ip addr} and keepalived's {@code scope} print them. */
public enum AddressScope {
    GLOBAL(0, "global"),
    SITE(200, "site"),
    LINK(253, "link"),
    HOST(254, "host"),
    NOWHERE(255, "nowhere");

    private final int value;
    private final String keyword;

    AddressScope(int value, String keyword) {
        this.value = value;
        this.keyword = keyword;
    }

    public int value() {
        return value;
    }

    public String keyword() {
        return keyword;
    }

    public static AddressScope fromValue(int value) {
        for (AddressScope s : values()) {
            if (s.value == value) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown address scope " + value);
    }

    /** Accepts the names {@code ip} and keepalived accept: global, site, link, host, nowhere. */
    public static AddressScope fromKeyword(String keyword) {
        for (AddressScope s : values()) {
            if (s.keyword.equals(keyword.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "unknown scope '" + keyword + "' (expected global, site, link, host or nowhere)");
    }
}
