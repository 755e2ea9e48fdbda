package dev.hapair.vrrp.config;

import java.util.Locale;
import java.util.Optional;

/** {@code scope} of a virtual address, as {@code ip address add ... scope}; values are rtnetlink's RT_SCOPE_*. */
public enum AddressScope {
    GLOBAL(0), SITE(200), LINK(253), HOST(254), NOWHERE(255);

    private final int rtScope;

    AddressScope(int rtScope) {
        this.rtScope = rtScope;
    }

    /** The value for {@code ifa_scope} in RTM_NEWADDR. */
    public int rtScope() {
        return rtScope;
    }

    public static Optional<AddressScope> fromKeyword(String word) {
        for (AddressScope s : values()) {
            if (s.name().toLowerCase(Locale.ROOT).equals(word)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
