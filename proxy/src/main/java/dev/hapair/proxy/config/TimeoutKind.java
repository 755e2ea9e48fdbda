package dev.hapair.proxy.config;

/** The {@code timeout X} keywords; {@link #keyword()} is X as written in haproxy.cfg. */
public enum TimeoutKind {
    CONNECT("connect"),
    CLIENT("client"),
    SERVER("server"),
    HTTP_REQUEST("http-request"),
    HTTP_KEEP_ALIVE("http-keep-alive"),
    QUEUE("queue"),
    CHECK("check"),
    TUNNEL("tunnel"),
    CLIENT_FIN("client-fin"),
    SERVER_FIN("server-fin"),
    TARPIT("tarpit");

    private final String keyword;

    TimeoutKind(String keyword) {
        this.keyword = keyword;
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
