package dev.hapair.proxy.config;

/** {@code mode tcp|http}; HAProxy's default is tcp. */
public enum ProxyMode {
    TCP,
    HTTP;

    public String keyword() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
