package dev.hapair.proxy.backend;

/**
 * Per-server settings the data path needs (taken from the parsed {@code server} line).
 *
 * @param weight       balancing weight (default 1)
 * @param maxconn      max concurrent sessions, 0 = unlimited; more are queued
 * @param maxqueue     max queued requests for this backend while servers are full, 0 = unlimited
 * @param backup       backup server: used only when no active server is usable
 * @param cookie       value of the sticky cookie that designates this server, or null
 * @param check        health checks enabled
 * @param disabled     starts in maintenance
 * @param idlePoolPerLoop max idle keep-alive connections kept per event loop
 * @param id           HAProxy's numeric server id (1-based position unless set): orders backups and {@code first}
 * @param sendProxy    the PROXY protocol header each new connection to the server starts with
 *                     ({@code send-proxy}, {@code send-proxy-v2}); such connections are never shared between
 *                     clients, since the header names one client
 */
public record ServerOptions(
        int weight,
        int maxconn,
        int maxqueue,
        boolean backup,
        String cookie,
        boolean check,
        boolean disabled,
        int idlePoolPerLoop,
        int id,
        dev.hapair.proxy.proxyprotocol.ProxyHeaderEncoder.Version sendProxy) {
    /**
     * Idle connections kept per server and event loop. HAProxy keeps every idle connection by default
     * ({@code pool-max-conn -1}); a pool can only hold what was open at once, and a connection the server closes
     * leaves it. 64 made many requests in flight (HTTP/2: 64 clients x 10 streams on two servers) close and
     * reopen a sixth of their server connections; HAProxy reopened 2 %.
     */
    public static final int IDLE_POOL_PER_LOOP = 1024;

    public static final ServerOptions DEFAULT =
            new ServerOptions(1, 0, 0, false, null, false, false, IDLE_POOL_PER_LOOP, 1);

    /** Options of a server without {@code send-proxy}. */
    public ServerOptions(
            int weight,
            int maxconn,
            int maxqueue,
            boolean backup,
            String cookie,
            boolean check,
            boolean disabled,
            int idlePoolPerLoop,
            int id) {
        this(
                weight,
                maxconn,
                maxqueue,
                backup,
                cookie,
                check,
                disabled,
                idlePoolPerLoop,
                id,
                dev.hapair.proxy.proxyprotocol.ProxyHeaderEncoder.Version.NONE);
    }

    public ServerOptions withSendProxy(dev.hapair.proxy.proxyprotocol.ProxyHeaderEncoder.Version v) {
        return new ServerOptions(weight, maxconn, maxqueue, backup, cookie, check, disabled, idlePoolPerLoop, id, v);
    }

    /** Whether an idle connection to the server may serve another client. */
    public boolean sharesConnections() {
        return sendProxy == dev.hapair.proxy.proxyprotocol.ProxyHeaderEncoder.Version.NONE;
    }

    public ServerOptions withId(int i) {
        return new ServerOptions(
                weight, maxconn, maxqueue, backup, cookie, check, disabled, idlePoolPerLoop, i, sendProxy);
    }

    public ServerOptions withBackup(boolean b) {
        return new ServerOptions(weight, maxconn, maxqueue, b, cookie, check, disabled, idlePoolPerLoop, id, sendProxy);
    }

    public ServerOptions withMaxconn(int m) {
        return new ServerOptions(weight, m, maxqueue, backup, cookie, check, disabled, idlePoolPerLoop, id, sendProxy);
    }

    public ServerOptions withCookie(String c) {
        return new ServerOptions(weight, maxconn, maxqueue, backup, c, check, disabled, idlePoolPerLoop, id, sendProxy);
    }

    public ServerOptions withWeight(int w) {
        return new ServerOptions(w, maxconn, maxqueue, backup, cookie, check, disabled, idlePoolPerLoop, id, sendProxy);
    }
}
