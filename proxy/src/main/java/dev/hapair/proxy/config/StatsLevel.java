package dev.hapair.proxy.config;

/** {@code stats socket ... level user|operator|admin}; HAProxy's default is {@code operator}. */
public enum StatsLevel {
    USER,
    OPERATOR,
    ADMIN;

    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** True when this level may run commands that need {@code required}. */
    public boolean allows(StatsLevel required) {
        return compareTo(required) >= 0;
    }
}
