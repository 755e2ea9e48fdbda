package dev.hapair.proxy.config;

/** The {@code timeout X} keywords; {@link #keyword()} is X as written in haproxy.cfg. */
public enum TimeoutKind {
    CONNECT("connect", true),
    CLIENT("client", true),
    SERVER("server", true),
    HTTP_REQUEST("http-request", true),
    HTTP_KEEP_ALIVE("http-keep-alive", true),
    QUEUE("queue", true),
    CHECK("check", true),
    TUNNEL("tunnel", true),
    CLIENT_FIN("client-fin", false),
    SERVER_FIN("server-fin", false),
    TARPIT("tarpit", true);

    private final String keyword;
    private final boolean implemented;

    TimeoutKind(String keyword, boolean implemented) {
        this.keyword = keyword;
        this.implemented = implemented;
    }

    /** False for timeouts the runtime does not enforce: configuring one is an error (fail closed). */
    public boolean implemented() {
        return implemented;
    }

    public String keyword() {
        return keyword;
    }

    public static java.util.Optional<TimeoutKind> byKeyword(String word) {
        for (TimeoutKind k : values()) {
            if (k.keyword.equals(word)) {
                return java.util.Optional.of(k);
            }
        }
        return java.util.Optional.empty();
    }
}
