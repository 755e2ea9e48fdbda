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
        int id) {
    public static final ServerOptions DEFAULT = new ServerOptions(1, 0, 0, false, null, false, false, 64, 1);

    public ServerOptions withId(int i) {
        return new ServerOptions(weight, maxconn, maxqueue, backup, cookie, check, disabled, idlePoolPerLoop, i);
    }

    public ServerOptions withBackup(boolean b) {
        return new ServerOptions(weight, maxconn, maxqueue, b, cookie, check, disabled, idlePoolPerLoop, id);
    }

    public ServerOptions withMaxconn(int m) {
        return new ServerOptions(weight, m, maxqueue, backup, cookie, check, disabled, idlePoolPerLoop, id);
    }

    public ServerOptions withCookie(String c) {
        return new ServerOptions(weight, maxconn, maxqueue, backup, c, check, disabled, idlePoolPerLoop, id);
    }

    public ServerOptions withWeight(int w) {
        return new ServerOptions(w, maxconn, maxqueue, backup, cookie, check, disabled, idlePoolPerLoop, id);
    }
}
