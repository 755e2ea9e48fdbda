package dev.hapair.proxy.stats;

import dev.hapair.proxy.backend.AdminFlag;
import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.backend.LastCheck;
import dev.hapair.proxy.backend.ServerCounters;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.config.ProxyMode;

/**
 * One line of the stats (a frontend, a backend or one server) with the live objects it reads. Values
 * are read when a renderer asks, so one snapshot is "as of now" within a few microseconds.
 *
 * @param iid proxy id (1-based, config order), {@code sid} server id (0 for frontend/backend rows)
 */
public record StatRow(
        StatScope scope,
        String proxy,
        String service,
        int iid,
        int sid,
        ServerCounters counters,
        FrontendRuntime frontend,
        BackendRuntime backend,
        ServerRuntime server,
        ProcessInfo process,
        SessionRates rates) {

    public static StatRow frontend(FrontendRuntime f, int iid, ProcessInfo p, SessionRates r) {
        return new StatRow(StatScope.FRONTEND, f.name(), "FRONTEND", iid, 0, f.counters(), f, null, null, p, r);
    }

    public static StatRow backend(BackendRuntime b, int iid, ProcessInfo p, SessionRates r) {
        return new StatRow(StatScope.BACKEND, b.name(), "BACKEND", iid, 0, b.counters(), null, b, null, p, r);
    }

    public static StatRow server(BackendRuntime b, ServerRuntime s, int iid, ProcessInfo p, SessionRates r) {
        return new StatRow(StatScope.SERVER, b.name(), s.name(), iid, s.id(), s.counters(), null, b, s, p, r);
    }

    public boolean isServer() {
        return scope == StatScope.SERVER;
    }

    public boolean isBackend() {
        return scope == StatScope.BACKEND;
    }

    public boolean isFrontend() {
        return scope == StatScope.FRONTEND;
    }

    public ProxyMode mode() {
        return frontend != null ? frontend.settings().mode() : backend.mode();
    }

    public boolean http() {
        return mode() == ProxyMode.HTTP;
    }

    /** CSV {@code status}: OPEN for a frontend, UP/DOWN for a backend, the server's state otherwise. */
    public String status() {
        return switch (scope) {
            case FRONTEND -> "OPEN";
            case BACKEND -> backendUp() ? "UP" : "DOWN";
            case SERVER -> server.statusText();
        };
    }

    /** A backend is UP while a server can take traffic; one without servers (a stats-only listen) too, as in HAProxy. */
    public boolean backendUp() {
        return backend.servers().isEmpty() || backend.usableServers() > 0;
    }

    /** Machine-friendly state for metrics and colours: UP, DOWN, MAINT, DRAIN or NOCHECK. */
    public String state() {
        if (!isServer()) return status();
        String s = server.statusText();
        return s.equals("no check") ? "NOCHECK" : s;
    }

    public boolean checked() {
        return isServer() && server.checked();
    }

    public int activeUp() {
        if (isServer()) return server.backup() ? 0 : 1;
        if (!isBackend()) return 0;
        int n = 0;
        for (ServerRuntime s : backend.servers()) if (!s.backup() && s.usable()) n++;
        return n;
    }

    public int backupUp() {
        if (isServer()) return server.backup() ? 1 : 0;
        if (!isBackend()) return 0;
        int n = 0;
        for (ServerRuntime s : backend.servers()) if (s.backup() && s.usable()) n++;
        return n;
    }

    /** Effective weight; for a backend the sum over its usable servers of the tier in use. */
    public int weight() {
        if (isServer()) return server.usable() ? server.weight() : 0;
        int active = 0, backup = 0;
        for (ServerRuntime s : backend.servers()) {
            if (!s.usable()) continue;
            if (s.backup()) backup += s.weight();
            else active += s.weight();
        }
        return active > 0 ? active : backup;
    }

    public int userWeight() {
        if (isServer()) return server.userWeight();
        int sum = 0;
        for (ServerRuntime s : backend.servers()) sum += s.userWeight();
        return sum;
    }

    public boolean drain() {
        return isServer() && server.adminFlags().contains(AdminFlag.DRAIN);
    }

    public boolean maint() {
        return isServer() && server.adminFlags().contains(AdminFlag.MAINT);
    }

    public long lastChangeSeconds() {
        return isServer() ? server.millisInState() / 1000 : isBackend() ? backend.millisInState() / 1000 : 0;
    }

    /**
     * The state the exporter labels: DOWN, UP, MAINT, DRAIN or NOLB for a server (one without check is UP, one
     * going down or up counts as its current state), DOWN or UP for a frontend (open) or a backend.
     */
    public String exporterState() {
        if (isFrontend()) return "UP";
        if (isBackend()) return backendUp() ? "UP" : "DOWN";
        return serverState(server);
    }

    private static String serverState(ServerRuntime s) {
        String t = s.statusText();
        if (t.equals("no check")) return "UP";
        int sp = t.indexOf(' ');
        return sp > 0 ? t.substring(0, sp) : t;
    }

    /** For a backend: how many of its servers are in exporter state {@code state} (HAProxy's agg_server_status). */
    public int serversIn(String state) {
        int n = 0;
        for (ServerRuntime s : backend.servers()) if (serverState(s).equals(state)) n++;
        return n;
    }

    /** For a backend: how many of its checked servers' last check gave {@code status} (agg_check_status). */
    public int serversWithCheckStatus(String status) {
        int n = 0;
        for (ServerRuntime s : backend.servers()) {
            if (s.checked() && s.lastCheck().status().equals(status)) n++;
        }
        return n;
    }

    /**
     * Idle keep-alive connections the server may keep: the pool of each event loop times the loops (0 for a
     * server whose connections are never shared, {@code send-proxy}).
     */
    public int idleConnectionLimit() {
        return server.options().sharesConnections() ? server.options().idlePoolPerLoop() * process.nbthread() : 0;
    }

    /** Backends and servers of http mode report qtime/ctime/rtime/ttime (the engine measures them there). */
    public boolean timed() {
        return !isFrontend() && http();
    }

    /** Seconds since a session was last assigned here, -1 when none ever was (HAProxy's lastsess). */
    public long lastSessionSeconds() {
        long t = counters().lastSessionMillis();
        return t < 0 ? -1 : Math.max(0, (process().nowMillis() - t) / 1000);
    }

    public long downtimeSeconds() {
        if (isServer()) return server.downtimeMillis() / 1000;
        return backend.downtimeMillis() / 1000; // only while the backend had no usable server
    }

    public long downTransitions() {
        if (isServer()) return server.downTransitions();
        long n = 0;
        for (ServerRuntime s : backend.servers()) n += s.downTransitions();
        return n;
    }

    public int queueCurrent() {
        return isBackend() ? backend.queued() : isServer() ? 0 : 0;
    }

    public int queueMax() {
        return isBackend() ? counters.maxQueue() : 0;
    }

    /** Configured session limit, 0 when none. */
    public int sessionLimit() {
        if (isFrontend())
            return frontend.settings().maxconn() > 0 ? frontend.settings().maxconn() : process.maxconn();
        if (isServer()) return server.maxconn();
        return 0;
    }

    public LastCheck lastCheck() {
        return isServer() ? server.lastCheck() : LastCheck.NONE;
    }

    /** Human text of the last check as HAProxy's page shows it: {@code L7OK/200 in 1ms}. */
    public String checkText() {
        LastCheck c = lastCheck();
        if (!checked() || c.status().isEmpty()) return "";
        return c.status() + (c.code() > 0 ? "/" + c.code() : "") + " in " + c.durationMillis() + "ms";
    }

    public long rate() {
        return rates.rate(counters);
    }

    public long rateMax() {
        return rates.max(counters);
    }

    public String address() {
        if (!isServer()) return "";
        return server.port() == 0 ? server.host() : server.host() + ":" + server.port();
    }
}
