package dev.hapair.proxy.backend;

/**
 * HAProxy timeouts in milliseconds; 0 means none (wait forever), as HAProxy treats a missing timeout.
 *
 * @param httpKeepAlive idle time allowed between two requests; 0 falls back to {@code httpRequest}
 * @param tunnel        inactivity allowed in a tunnel (after a 101 or a CONNECT); 0 falls back to client/server
 */
public record Timeouts(
        long connect,
        long client,
        long server,
        long httpRequest,
        long httpKeepAlive,
        long queue,
        long check,
        long tunnel) {
    public static final Timeouts NONE = new Timeouts(0, 0, 0, 0, 0, 0, 0, 0);

    public Timeouts(
            long connect, long client, long server, long httpRequest, long httpKeepAlive, long queue, long check) {
        this(connect, client, server, httpRequest, httpKeepAlive, queue, check, 0);
    }

    /** Inactivity allowed in a tunnel: {@code timeout tunnel}, else the larger of client and server (HAProxy). */
    public long tunnelIdle() {
        return tunnel > 0 ? tunnel : Math.max(client, server);
    }

    /** Idle time allowed between keep-alive requests (HAProxy: http-keep-alive, else http-request, else client). */
    public long keepAliveIdle() {
        if (httpKeepAlive > 0) return httpKeepAlive;
        if (httpRequest > 0) return httpRequest;
        return client;
    }

    /** Time a request may wait in a queue (HAProxy: queue, else connect). */
    public long queueWait() {
        return queue > 0 ? queue : connect;
    }
}
