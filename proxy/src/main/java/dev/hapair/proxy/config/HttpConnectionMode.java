package dev.hapair.proxy.config;

/**
 * {@code option http-keep-alive | http-server-close | httpclose}: mutually exclusive, the last one set wins
 * (HAProxy clears the other mode when one is set). Default KEEP_ALIVE.
 */
public enum HttpConnectionMode {
    KEEP_ALIVE("http-keep-alive"),
    SERVER_CLOSE("http-server-close"),
    HTTPCLOSE("httpclose");

    private final String keyword;

    HttpConnectionMode(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }
}
