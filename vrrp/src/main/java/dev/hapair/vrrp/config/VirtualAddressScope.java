package dev.hapair.vrrp.config;

import java.util.Locale;
import java.util.Optional;

/**
 * {@code scope} of a {@code virtual_ipaddress} line, as {@code ip address add ... scope}: the config side;
 * {@code dev.hapair.vrrp.os.AddressScope} is what goes to the kernel. Values are rtnetlink's RT_SCOPE_*.
 */
public enum VirtualAddressScope {
    GLOBAL(0),
    SITE(200),
    LINK(253),
    HOST(254),
    NOWHERE(255);

    private final int rtScope;

    VirtualAddressScope(int rtScope) {
        this.rtScope = rtScope;
    }

    /** The value for {@code ifa_scope} in RTM_NEWADDR. */
    public int rtScope() {
        return rtScope;
    }

    public static Optional<VirtualAddressScope> fromKeyword(String word) {
        for (VirtualAddressScope s : values()) {
            if (s.name().toLowerCase(Locale.ROOT).equals(word)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
