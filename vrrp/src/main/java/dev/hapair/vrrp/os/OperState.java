package dev.hapair.vrrp.os;

/** RFC 2863 operational states as the kernel reports them (IFLA_OPERSTATE, /sys/class/net/IF/operstate). */
public enum OperState {
    UNKNOWN,
    NOTPRESENT,
    DOWN,
    LOWERLAYERDOWN,
    TESTING,
    DORMANT,
    UP;

    public static OperState fromValue(int value) {
        OperState[] all = values();
        return value >= 0 && value < all.length ? all[value] : UNKNOWN;
    }
}
