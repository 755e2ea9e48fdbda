package dev.hapair.proxy.backend;

import dev.hapair.proxy.lb.LbServer;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * Live state of one server: health (UP/DOWN from checks), admin flags (MAINT/DRAIN), counters, and the
 * idle keep-alive connections kept per event loop. Shared by every event loop; state changes are
 * pushed to listeners (the backend, which tells its selector).
 */
public final class ServerRuntime implements LbServer, dev.hapair.proxy.tls.ClientTlsHolder {
    /** The acquisition of this server ({@link Acquisition#of}), made once since it never changes. */
    final Acquisition granted = new Acquisition(this, false);

    private final String name;
    private final String host;
    private volatile int port;
    private final ServerOptions options;
    private final LongSupplier clockMillis;
    private final ServerCounters counters = new ServerCounters();
    private final ConcurrentHashMap<EventLoop, IdleConnections> idleByLoop = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<ServerStateListener> listeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<ServerEventListener> eventListeners = new CopyOnWriteArrayList<>();

    private volatile InetAddress resolved;
    private volatile boolean healthUp;
    private final Set<AdminFlag> adminFlags = EnumSet.noneOf(AdminFlag.class);
    private volatile boolean usable;
    private volatile boolean draining;
    private volatile long lastChangeMillis;
    private volatile long downtimeMillis;
    private volatile long downSinceMillis = -1;
    private volatile int downTransitions;
    private volatile LastCheck lastCheck = LastCheck.NONE;
    private volatile int userWeight;
    private volatile String checkStatusText = "";
    private volatile long checkFailures;
    /** {@code set maxconn server}: the limit in force (0 = none), the configured one until changed. */
    private volatile int maxconn;
    /** {@code set server ... health stopping}: up, but no new load-balanced traffic (HAProxy's NOLB). */
    private volatile boolean stopping;
    /** {@code disable health}: the configured check no longer runs and its verdicts are ignored. */
    private volatile boolean checksPaused;

    /**
     * @param host    address or name as written in the config (resolved by {@link #resolve} at start)
     * @param port    0 when the server line has no port: the client's destination port is used
     */
    public ServerRuntime(String name, String host, int port, ServerOptions options, LongSupplier clockMillis) {
        this.name = name;
        this.host = host;
        this.port = port;
        this.options = options;
        this.clockMillis = clockMillis;
        this.healthUp = true;
        this.userWeight = options.weight();
        this.maxconn = options.maxconn();
        if (options.disabled()) adminFlags.add(AdminFlag.MAINT);
        this.usable = computeUsable();
        this.lastChangeMillis = clockMillis.getAsLong();
        if (!usable) downSinceMillis = lastChangeMillis;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int id() {
        return options.id();
    }

    @Override
    public int currentConnections() {
        return counters.currentSessions();
    }

    @Override
    public int maxconn() {
        return maxconn;
    }

    /**
     * Runtime API {@code set maxconn server}: the new limit applies to the next connection; a raised limit
     * lets queued requests through at once (the backend is told).
     */
    public void setMaxconn(int max) {
        if (max < 0) throw new IllegalArgumentException("maxconn must not be negative");
        maxconn = max;
        for (ServerStateListener l : listeners) l.serverLimitChanged(this);
    }

    /** Whether health checks run and count: configured with {@code check} and not paused by {@code disable health}. */
    public boolean checked() {
        return options.check() && !checksPaused;
    }

    /** Runtime API {@code disable|enable health}: the caller stops or restarts the check itself. */
    public void pauseChecks(boolean paused) {
        checksPaused = paused;
    }

    /** In HAProxy's "stopping" state (NOLB): up, reachable by persistence, chosen by no balancing. */
    public boolean stopping() {
        return stopping;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public ServerOptions options() {
        return options;
    }
    /** Effective weight: 0 while draining (never chosen by balancing, still reachable by cookie). */
    @Override
    public int weight() {
        return draining || stopping ? 0 : userWeight;
    }

    /** Weight set by the operator ({@code set weight}), the configured one until then (HAProxy's uweight). */
    public int userWeight() {
        return userWeight;
    }

    /** Runtime API / stats page {@code set weight}: 0..256; the balancing is told at once. */
    public void setWeight(int w) {
        if (w < 0 || w > 256) throw new IllegalArgumentException("weight must be between 0 and 256");
        synchronized (this) {
            if (userWeight == w) return;
            userWeight = w;
        }
        for (ServerStateListener l : listeners) l.serverWeightChanged(this);
    }

    @Override
    public boolean backup() {
        return options.backup();
    }

    public String cookie() {
        return options.cookie();
    }

    public ServerCounters counters() {
        return counters;
    }

    public LastCheck lastCheck() {
        return lastCheck;
    }

    public boolean healthUp() {
        return healthUp;
    }

    public synchronized Set<AdminFlag> adminFlags() {
        return EnumSet.copyOf(adminFlags);
    }

    /** Health UP and not in maintenance (a draining server is usable with weight 0). */
    @Override
    public boolean usable() {
        return usable;
    }

    /** Stats status text: UP, DOWN, MAINT, DRAIN, NOLB-free subset of HAProxy's. */
    public synchronized String statusText() {
        if (adminFlags.contains(AdminFlag.MAINT)) return "MAINT";
        if (!healthUp) return "DOWN";
        if (stopping) return "NOLB";
        if (adminFlags.contains(AdminFlag.DRAIN)) return "DRAIN";
        return checked() ? "UP" : "no check";
    }

    /** Milliseconds since the last UP/DOWN change (lastchg). */
    public long millisInState() {
        return clockMillis.getAsLong() - lastChangeMillis;
    }

    /** Total time spent unusable, including the current down period (downtime). */
    /** The clock this server's state times are read on (its backend's downtime uses the same). */
    public long nowMillis() {
        return clockMillis.getAsLong();
    }

    public long downtimeMillis() {
        long since = downSinceMillis;
        return downtimeMillis + (since >= 0 ? clockMillis.getAsLong() - since : 0);
    }

    /** Failed individual checks (chkfail), whatever rise/fall made of them. */
    public long checkFailures() {
        return checkFailures;
    }

    /** Number of UP to DOWN transitions (chkdown). */
    public int downTransitions() {
        return downTransitions;
    }

    public void addListener(ServerStateListener l) {
        listeners.add(l);
    }

    public void removeListener(ServerStateListener l) {
        listeners.remove(l);
    }

    /** Told of each state change HAProxy logs, after the usable-state listeners ran. */
    public void addEventListener(ServerEventListener l) {
        eventListeners.add(l);
    }

    public void removeEventListener(ServerEventListener l) {
        eventListeners.remove(l);
    }

    /** How many event listeners are registered (diagnostics: a stopped check must not leave its own behind). */
    public int eventListenerCount() {
        return eventListeners.size();
    }

    private void emit(ServerEvent.Kind kind, LastCheck check) {
        if (kind == null) return;
        emit(new ServerEvent(kind, check));
    }

    private void emit(ServerEvent e) {
        for (ServerEventListener l : eventListeners) l.serverEvent(this, e);
    }

    /**
     * {@code option log-health-checks} of the server's backend: each check run that moves the rise/fall counter
     * or changes the check's status is reported, and the state changes then carry no reason (HAProxy's wording:
     * the reason was in the check's own line).
     */
    public void logHealthChecks(boolean on) {
        logHealthChecks = on;
    }

    private volatile boolean logHealthChecks;

    /**
     * As {@link #checkResult(boolean, LastCheck, String)}, with the run's outcome: {@code option log-health-checks}
     * logs it, when reportable, before any state change it causes.
     */
    public void checkResult(boolean up, LastCheck check, String statusText, HealthCheckReport report) {
        if (checksPaused) return;
        checkHealth = report.health();
        // HAProxy pauses a server's checks while it is in maintenance: nothing of theirs is reported then
        if (report.reportable() && logHealthChecks && !adminFlags().contains(AdminFlag.MAINT)) {
            emit(new ServerEvent(ServerEvent.Kind.CHECK_RESULT, check, report));
        }
        checkResult(up, check, statusText);
    }

    /** HAProxy starts the counter at {@code rise} (2 unless configured), also for a server without checks. */
    private volatile int checkHealth = 2;

    /** The check's {@code rise}: where HAProxy starts the counter, and restarts it when maintenance ends. */
    private volatile int checkRise = 2;

    /** Before any check ran: the server's {@code rise}, where HAProxy starts the counter. */
    public void checkHealthBeforeRuns(int rise) {
        checkRise = rise;
        checkHealth = rise;
    }

    /**
     * The check's rise/fall counter (HAProxy's {@code srv_check_health} of {@code show servers state}): after the
     * last run, {@code rise} before any, 0 in maintenance (HAProxy zeroes it there and pauses the checks).
     */
    public int checkHealth() {
        return adminFlags().contains(AdminFlag.MAINT) ? 0 : checkHealth;
    }

    /**
     * Called by health checking after rise/fall decided; also records the check outcome. Ignored while
     * {@code disable health} paused the checks (a verdict still in flight then changes nothing).
     */
    public void checkResult(boolean up, LastCheck check) {
        if (checksPaused) return;
        lastCheck = check;
        boolean passed = check.status().isEmpty()
                || check.status().endsWith("OK")
                || check.status().equals("L7OKC");
        if (!passed) checkFailures++;
        // a conditional pass (disable-on-404) puts an up server into the stopping state, a full pass takes it out;
        // a stopping server stays so until a check passes, as HAProxy's does
        boolean conditional = check.status().equals("L7OKC");
        changeHealth(up, up && (conditional || stopping && !passed), logHealthChecks ? LastCheck.NONE : check);
    }

    /** As {@link #checkResult(boolean, LastCheck)}, with the stats status text ({@code UP 2/3}, {@code DOWN 1/2}). */
    public void checkResult(boolean up, LastCheck check, String statusText) {
        if (checksPaused) return;
        checkStatusText = statusText;
        checkResult(up, check);
    }

    /** Health-check status as the stats page shows it ({@code UP}, {@code UP 1/3}, {@code DOWN 1/2}); "" without checks. */
    public String checkStatusText() {
        return checkStatusText;
    }

    /** Health as the last verdict had it, logged with the last check as the reason. */
    public void setHealth(boolean up) {
        changeHealth(up, false, lastCheck);
    }

    /** Runtime API {@code set server ... health up|stopping|down}: logged "changed from CLI", as HAProxy does. */
    public void forceHealth(HealthForce force) {
        switch (force) {
            case UP -> changeHealth(true, false, LastCheck.FROM_CLI);
            case STOPPING -> changeHealth(true, true, LastCheck.FROM_CLI);
            case DOWN -> changeHealth(false, false, LastCheck.FROM_CLI);
        }
    }

    /** What {@code set server ... health} can force. */
    public enum HealthForce {
        UP,
        STOPPING,
        DOWN
    }

    private void changeHealth(boolean up, boolean stop, LastCheck reason) {
        boolean before, after, inMaint, weightChanged;
        synchronized (this) {
            if (healthUp == up && stopping == stop) return;
            before = usable;
            weightChanged = stopping != stop;
            if (!up && healthUp) downTransitions++;
            healthUp = up;
            stopping = stop;
            after = recompute();
            inMaint = adminFlags.contains(AdminFlag.MAINT);
        }
        if (weightChanged) {
            for (ServerStateListener l : listeners) l.serverWeightChanged(this);
        }
        notifyIfChanged(before, after);
        // In maintenance a check verdict changes nothing anyone sees; HAProxy logs it when maintenance ends.
        if (!inMaint) {
            emit(
                    stop ? ServerEvent.Kind.STOPPING : up ? ServerEvent.Kind.CHECK_UP : ServerEvent.Kind.CHECK_DOWN,
                    reason);
        }
    }

    public void setAdmin(AdminFlag flag, boolean on) {
        boolean before, after, drainBefore, drainAfter, maintBefore, maintAfter, health;
        synchronized (this) {
            before = usable;
            drainBefore = draining;
            maintBefore = adminFlags.contains(AdminFlag.MAINT);
            if (on) adminFlags.add(flag);
            else adminFlags.remove(flag);
            draining = adminFlags.contains(AdminFlag.DRAIN);
            drainAfter = draining;
            maintAfter = adminFlags.contains(AdminFlag.MAINT);
            health = healthUp;
            after = recompute();
        }
        if (drainBefore != drainAfter) {
            for (ServerStateListener l : listeners) l.serverWeightChanged(this);
        }
        notifyIfChanged(before, after);
        // HAProxy restarts the check's counter at rise when maintenance ends (unless 'disable health' holds it)
        if (maintBefore && !maintAfter && checked()) checkHealth = checkRise;
        emit(adminEvent(maintBefore, maintAfter, drainBefore, drainAfter, before, health), LastCheck.NONE);
    }

    /** Which admin change HAProxy would report, or null when it reports none. */
    static ServerEvent.Kind adminEvent(
            boolean maintBefore,
            boolean maintAfter,
            boolean drainBefore,
            boolean drainAfter,
            boolean usableBefore,
            boolean healthUp) {
        if (!maintBefore && maintAfter) {
            return usableBefore ? ServerEvent.Kind.MAINT_FROM_UP : ServerEvent.Kind.MAINT_FROM_DOWN;
        }
        if (maintBefore && !maintAfter) {
            if (!healthUp) return ServerEvent.Kind.MAINT_LEAVE_DOWN;
            return drainAfter ? ServerEvent.Kind.MAINT_LEAVE_DRAIN : ServerEvent.Kind.MAINT_LEAVE_READY;
        }
        if (maintAfter) return null; // drain changes under maintenance are reported when it ends
        if (!drainBefore && drainAfter) return healthUp ? ServerEvent.Kind.DRAIN_ENTER : null;
        if (drainBefore && !drainAfter) return healthUp ? ServerEvent.Kind.DRAIN_LEAVE : null;
        return null;
    }

    private boolean computeUsable() {
        return healthUp && !adminFlags.contains(AdminFlag.MAINT);
    }

    private boolean recompute() {
        boolean now = computeUsable();
        if (now != usable) {
            long t = clockMillis.getAsLong();
            lastChangeMillis = t;
            if (now) {
                if (downSinceMillis >= 0) downtimeMillis += t - downSinceMillis;
                downSinceMillis = -1;
            } else {
                downSinceMillis = t;
            }
            usable = now;
        }
        return now;
    }

    private void notifyIfChanged(boolean before, boolean after) {
        if (before == after) return;
        for (ServerStateListener l : listeners) l.serverUsableChanged(this, after);
    }

    /** Resolves the configured host once (at start, or again after a failure as init-addr allows). */
    public InetAddress resolve() throws java.net.UnknownHostException {
        InetAddress a = InetAddress.getByName(host);
        resolved = a;
        return a;
    }

    public void setResolved(InetAddress address) {
        this.resolved = address;
    }

    /** Runtime API {@code set server ... addr <ip> [port <p>]}: where new connections go (0 = the client's port). */
    public synchronized void setAddress(InetAddress address, int newPort) {
        this.resolved = address;
        this.port = newPort;
    }

    /**
     * Where a connection goes: the unix socket of a {@code unix@}/{@code abns@} server (epoll transport only),
     * else {@link #connectAddress}.
     */
    public java.net.SocketAddress connectTarget(int clientPort) {
        var unix = dev.hapair.proxy.config.ServerConfig.UnixSocket.of(host);
        if (unix.isPresent())
            return dev.hapair.proxy.netty.UnixListener.kernelAddress(
                    unix.get().name(), unix.get().isAbstract());
        return connectAddress(clientPort);
    }

    /** Whether this server listens on a unix stream socket. */
    public boolean isUnix() {
        return dev.hapair.proxy.config.ServerConfig.UnixSocket.of(host).isPresent();
    }

    /** Address to connect to; {@code clientPort} fills in a missing port. */
    public InetSocketAddress connectAddress(int clientPort) {
        InetAddress a = resolved;
        int p = port == 0 ? clientPort : port;
        return a != null ? new InetSocketAddress(a, p) : InetSocketAddress.createUnresolved(host, p);
    }

    private volatile dev.hapair.proxy.tls.ClientTls tls;
    private volatile dev.hapair.proxy.tls.ClientTls checkTls;

    /**
     * TLS to this server ({@code ssl}), and for its health checks ({@code check-ssl}, or {@code ssl} with the
     * checks going to the same address); null = plaintext. Set once when the configuration is built (or by
     * {@code add server}).
     */
    public void tls(dev.hapair.proxy.tls.ClientTls traffic, dev.hapair.proxy.tls.ClientTls checks) {
        this.tls = traffic;
        this.checkTls = checks;
    }

    @Override
    public dev.hapair.proxy.tls.ClientTls tls() {
        return tls;
    }

    @Override
    public dev.hapair.proxy.tls.ClientTls checkTls() {
        return checkTls;
    }

    /**
     * Whether an idle connection may serve another request: not when its SNI may have been another's, and never
     * for a server spoken to in HTTP/2 only (its streams end with their exchange; the connections are shared
     * through {@link #h2Connections}; an HTTP/1.1 connection made for a websocket is not kept).
     */
    public boolean poolable() {
        if (mux.plan(false).mux() == dev.hapair.proxy.h2.ServerMux.Mux.H2) return false;
        dev.hapair.proxy.tls.ClientTls t = tls;
        return t == null || !t.sniVaries();
    }

    private volatile dev.hapair.proxy.h2.ServerMux mux = dev.hapair.proxy.h2.ServerMux.H1_ONLY;
    private final ConcurrentHashMap<EventLoop, java.util.List<Channel>> h2ByLoop = new ConcurrentHashMap<>();

    /** How requests are spoken to this server ({@code proto}, {@code ssl alpn}, {@code ws}). Set once. */
    public void mux(dev.hapair.proxy.h2.ServerMux m) {
        this.mux = m;
    }

    public dev.hapair.proxy.h2.ServerMux mux() {
        return mux;
    }

    /** The HTTP/2 connections to this server owned by {@code loop} (call from that loop). */
    public java.util.List<Channel> h2Connections(EventLoop loop) {
        return h2ByLoop.computeIfAbsent(loop, l -> new java.util.ArrayList<>(2));
    }

    /** Idle keep-alive connections of this server owned by {@code loop} (call from that loop). */
    public IdleConnections idle(EventLoop loop) {
        IdleConnections ic = idleByLoop.get(loop);
        if (ic == null) {
            ic = idleByLoop.computeIfAbsent(loop, l -> {
                IdleConnections made = new IdleConnections(options.idlePoolPerLoop());
                synchronized (idleByLoop) { // two loops may add theirs at once (different keys)
                    IdleConnections[] all = java.util.Arrays.copyOf(pools, pools.length + 1);
                    all[all.length - 1] = made;
                    pools = all;
                }
                return made;
            });
        }
        return ic;
    }

    /**
     * The values of {@link #idleByLoop} (one per event loop, never removed), as an array: counted at every park
     * without an iterator object per request.
     */
    private volatile IdleConnections[] pools = new IdleConnections[0];

    /** Idle keep-alive connections of this server, all loops together (a moment's count, for the stats). */
    public int idleConnections() {
        int n = 0;
        for (IdleConnections ic : pools) n += ic.size();
        return n;
    }

    /** The most exchanges in progress at once in the period before the current one ({@link IdleNeed}). */
    private volatile int previousPeak;

    /**
     * When the current need period began ({@code System.nanoTime()} in ms). The purges of every event loop of the
     * server read it; the one whose compareAndSet moves it on, and only that one, rotates the peaks.
     */
    private final java.util.concurrent.atomic.AtomicLong periodStartMillis =
            new java.util.concurrent.atomic.AtomicLong(System.nanoTime() / 1_000_000);

    /**
     * Parks a connection whose exchange ended (call from {@code loop}, before the exchange's slot is released), if
     * this loop's idle connections stay within the server's recent need ({@link IdleNeed}) and its pool has room;
     * false: the caller closes it. {@code proven}: it carried more than one request.
     *
     * <p>Each loop's pool is held to the need on its own: a loop can only take its own idle connections (HAProxy's
     * threads also take each other's), so counting the other loops' idle connections against the need closed this
     * loop's connection while the others' idle ones could not serve it, and it connected again for its next request
     * (h2load -c64 -m10, 2 loops: 2-3x the connections HAProxy or one loop made per run).
     */
    public boolean park(EventLoop loop, Channel ch, boolean proven) {
        int need = Math.max(previousPeak, counters.recentMaxSessions());
        IdleConnections ic = idle(loop);
        if (!IdleNeed.mayPark(counters.currentSessions(), ic.size(), need)) return false;
        if (!ic.offer(ch, proven)) return false;
        if (!ic.purgeScheduled) {
            ic.purgeScheduled = true;
            loop.schedule(() -> purge(loop, ic), IdleNeed.PURGE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        return true;
    }

    /** Every period while the pool has connections: half of this loop's beyond the recent need are closed. */
    private void purge(EventLoop loop, IdleConnections ic) {
        long now = System.nanoTime() / 1_000_000;
        long start = periodStartMillis.get();
        if (now - start >= IdleNeed.PURGE_MILLIS && periodStartMillis.compareAndSet(start, now)) {
            previousPeak = counters.takeRecentMaxSessions(); // once per period for the whole server
        }
        int need = Math.max(previousPeak, counters.recentMaxSessions());
        ic.closeOldest(IdleNeed.toClose(counters.currentSessions(), ic.size(), need)); // this loop's, as park counts
        if (ic.size() > 0) {
            loop.schedule(() -> purge(loop, ic), IdleNeed.PURGE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        } else {
            ic.purgeScheduled = false;
        }
    }

    /** Takes an idle connection of this loop that {@code order} allows, or null. */
    public Channel pollIdle(EventLoop loop, ReuseOrder order) {
        return idle(loop).poll(order);
    }

    @Override
    public String toString() {
        return name;
    }
}
