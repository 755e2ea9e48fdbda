package dev.hapair.proxy.stats;

/** What a stats row describes; {@link #type} is HAProxy's CSV {@code type} column. */
public enum StatScope {
    FRONTEND(0, "Frontend"),
    BACKEND(1, "Backend"),
    SERVER(2, "Server");

    private final int type;
    private final String jsonName;

    StatScope(int type, String jsonName) {
        this.type = type;
        this.jsonName = jsonName;
    }

    public int type() {
        return type;
    }

    /** {@code objType} of HAProxy's typed JSON output. */
    public String jsonName() {
        return jsonName;
    }

    /** Word used in Prometheus metric names ({@code haproxy_server_...}). */
    public String metricWord() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
