package dev.hapair.proxy.backend;

import dev.hapair.proxy.config.ProxyMode;
import dev.hapair.proxy.http.cookie.CookieServerIndex;
import dev.hapair.proxy.http.cookie.StickyCookies;
import dev.hapair.proxy.lb.LbAlgorithm;
import dev.hapair.proxy.lb.Selection;
import dev.hapair.proxy.lb.ServerSelector;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Live state of one backend: its servers, the balancing selector (from {@code dev.hapair.proxy.lb}), the
 * queue of requests waiting for a server slot, and counters. Thread-safe; the queue lock is short and
 * never held across I/O.
 */
public final class BackendRuntime implements ServerStateListener, ServerEventListener {
    /** How many extra picks a redispatch makes to get a server other than the failed ones. */
    private static final int REDISPATCH_PICKS = 8;

    private final String name;
    private final BackendSettings settings;
    private volatile List<ServerRuntime> servers;
    private volatile ServerSelector<ServerRuntime> selector;
    private final LbAlgorithm algorithm;
    private final boolean allBackups;
    private final ServerCounters counters = new ServerCounters();
    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    private final int maxQueue;
    private final List<? extends RequestRule> rules;
    private final StickyCookies cookies;
    private volatile CookieServerIndex<ServerRuntime> cookieIndex;

    private record Waiter(PendingRequest request, RequestInfo info) {}

    public BackendRuntime(
            String name,
            BackendSettings settings,
            List<ServerRuntime> servers,
            LbAlgorithm algorithm,
            boolean allBackups) {
        this(name, settings, servers, algorithm, allBackups, List.of());
    }

    /** @param rules the backend's {@code http-request} rules, applied after the frontend's */
    public BackendRuntime(
            String name,
            BackendSettings settings,
            List<ServerRuntime> servers,
            LbAlgorithm algorithm,
            boolean allBackups,
            List<? extends RequestRule> rules) {
        this.name = name;
        this.settings = settings;
        this.servers = List.copyOf(servers);
        this.algorithm = algorithm;
        this.allBackups = allBackups;
        this.selector = algorithm.newSelector(this.servers, allBackups);
        this.rules = List.copyOf(rules);
        this.cookies = settings.cookie() == null ? null : new StickyCookies(settings.cookie());
        this.cookieIndex =
                settings.cookie() == null ? null : new CookieServerIndex<>(this.servers, ServerRuntime::cookie);
        int mq = 0;
        for (ServerRuntime s : servers) {
            if (s.options().maxqueue() <= 0) {
                mq = 0;
                break;
            }
            mq += s.options().maxqueue();
        }
        this.maxQueue = mq;
        for (ServerRuntime s : servers) {
            s.addListener(this);
            s.addEventListener(this);
        }
        this.available = onlineCount(this.servers) > 0;
        if (!available) downSinceMillis = now();
        this.lastChangeMillis = now();
    }

    /** When the backend last went down or up (or was built): HAProxy's backend {@code lastchg}. */
    private long lastChangeMillis;

    /** Milliseconds since the backend last went down or came up (or since it was built). */
    public synchronized long millisInState() {
        return now() - lastChangeMillis;
    }

    // The backend's own downtime, as HAProxy counts it: only while no server can take traffic (a server in
    // maintenance or down while others serve does not make the backend down).
    private long downSinceMillis = -1;
    private long downtimeMillis;

    private long now() {
        return servers.isEmpty() ? System.currentTimeMillis() : servers.get(0).nowMillis();
    }

    /** Milliseconds this backend has had no usable server, since it was built. */
    public synchronized long downtimeMillis() {
        return downtimeMillis + (downSinceMillis >= 0 ? now() - downSinceMillis : 0);
    }

    /** Where HAProxy-worded server events go (the backend's log targets and stderr); none until set. */
    private volatile java.util.function.Consumer<ServerEventText.Line> events = line -> {};

    private boolean available;

    /** Installs the destination of this backend's server-state log lines. */
    public void setEventSink(java.util.function.Consumer<ServerEventText.Line> sink) {
        this.events = sink == null ? line -> {} : sink;
    }

    private static int onlineCount(List<ServerRuntime> list) {
        int n = 0;
        for (ServerRuntime s : list) if (s.usable() && s.weight() > 0) n++;
        return n;
    }

    @Override
    public void serverEvent(ServerRuntime server, ServerEvent event) {
        java.util.function.Consumer<ServerEventText.Line> sink = events;
        if (event.kind() == ServerEvent.Kind.CHECK_RESULT) {
            // a check's own line changes no state
            sink.accept(ServerEventText.healthCheck(name, server.name(), server.backup(), event));
            return;
        }
        int active = 0, backup = 0;
        for (ServerRuntime s : servers) {
            if (!s.usable() || s.weight() <= 0) continue;
            if (s.backup()) backup++;
            else active++;
        }
        var counts = new ServerEventText.Counts(active, backup, server.currentConnections(), queued());
        sink.accept(ServerEventText.of(name, server.name(), server.backup(), event, counts));
        boolean nowAvailable;
        synchronized (this) {
            nowAvailable = active + backup > 0;
            boolean lost = available && !nowAvailable;
            if (!available && nowAvailable && downSinceMillis >= 0) {
                downtimeMillis += now() - downSinceMillis;
                downSinceMillis = -1;
            }
            if (lost) downSinceMillis = now();
            if (available != nowAvailable) lastChangeMillis = now();
            available = nowAvailable;
            if (!lost) return;
        }
        sink.accept(ServerEventText.noServer(name));
    }

    private volatile dev.hapair.proxy.http.HttpLocalService localService;

    /** Installs (or with null removes) a locally answered service such as the stats page. */
    public void setLocalService(dev.hapair.proxy.http.HttpLocalService service) {
        this.localService = service;
    }

    /** The locally answered service, or null. */
    private volatile dev.hapair.proxy.h1.InvalidMessage lastInvalidResponse;

    /** The last server response this backend refused as invalid (for {@code show errors}), or null. */
    public dev.hapair.proxy.h1.InvalidMessage lastInvalidResponse() {
        return lastInvalidResponse;
    }

    public void invalidResponse(dev.hapair.proxy.h1.InvalidMessage m) {
        lastInvalidResponse = m;
    }

    public dev.hapair.proxy.http.HttpLocalService localService() {
        return localService;
    }

    public String name() {
        return name;
    }

    private volatile dev.hapair.proxy.splice.SpliceSettings splice = dev.hapair.proxy.splice.SpliceSettings.NONE;

    /** Before the backend serves: its {@code option splice-*}. */
    public BackendRuntime withSplice(dev.hapair.proxy.splice.SpliceSettings s) {
        this.splice = s;
        return this;
    }

    public dev.hapair.proxy.splice.SpliceSettings splice() {
        return splice;
    }

    public BackendSettings settings() {
        return settings;
    }

    public List<ServerRuntime> servers() {
        return servers;
    }

    public ServerCounters counters() {
        return counters;
    }

    public ProxyMode mode() {
        return settings.mode();
    }

    public List<? extends RequestRule> rules() {
        return rules;
    }

    public ServerSelector<ServerRuntime> selector() {
        return selector;
    }

    /** The {@code balance} algorithm (stats {@code algo}). */
    public LbAlgorithm algorithm() {
        return algorithm;
    }

    /** Cookie persistence of this backend, or null without a {@code cookie} line. */
    public StickyCookies cookies() {
        return cookies;
    }

    /** Servers by cookie value (null without a {@code cookie} line). */
    public CookieServerIndex<ServerRuntime> cookieIndex() {
        return cookieIndex;
    }

    /**
     * Runtime API {@code add server}: appends {@code s} and rebuilds the balancing structures (the
     * selector reads each server's state and weight when built). False when the name is taken.
     */
    public synchronized boolean addServer(ServerRuntime s) {
        if (server(s.name()) != null) return false;
        List<ServerRuntime> next = new java.util.ArrayList<>(servers);
        next.add(s);
        replaceServers(next);
        s.addListener(this);
        s.addEventListener(this);
        return true;
    }

    /**
     * Runtime API {@code del server}: removes a server that carries no session and no queued request
     * (the caller checks MAINT as HAProxy does). False when it is unknown or still busy.
     */
    public synchronized boolean removeServer(ServerRuntime s) {
        if (!servers.contains(s) || s.counters().currentSessions() > 0) return false;
        s.removeListener(this);
        s.removeEventListener(this);
        List<ServerRuntime> next = new java.util.ArrayList<>(servers);
        next.remove(s);
        replaceServers(next);
        return true;
    }

    private void replaceServers(List<ServerRuntime> next) {
        servers = List.copyOf(next);
        selector = algorithm.newSelector(servers, allBackups);
        if (cookies != null) cookieIndex = new CookieServerIndex<>(servers, ServerRuntime::cookie);
    }

    public ServerRuntime server(String serverName) {
        for (ServerRuntime s : servers) if (s.name().equals(serverName)) return s;
        return null;
    }

    /** {@code nbsrv}: usable active servers, or the backups in use when no active one is usable. */
    public int usableServers() {
        return selector.usableServers();
    }

    /**
     * Takes a slot for a request. {@code sticky} (from a persistence cookie) wins while it is up;
     * servers in {@code exclude} (failed attempts, redispatch) are avoided when another exists. When the
     * chosen servers are full the request is queued (if {@code waiter} is given and the queue has room).
     */
    public Acquisition acquire(
            RequestInfo info, ServerRuntime sticky, Set<ServerRuntime> exclude, PendingRequest waiter) {
        return acquire(info, sticky, false, exclude, waiter);
    }

    /**
     * As {@link #acquire(RequestInfo, ServerRuntime, Set, PendingRequest)}; with {@code force}
     * ({@code force-persist}) {@code sticky} is used whatever its state, down or in maintenance included.
     */
    public Acquisition acquire(
            RequestInfo info, ServerRuntime sticky, boolean force, Set<ServerRuntime> exclude, PendingRequest waiter) {
        synchronized (this) {
            boolean avoiding = exclude != null && !exclude.isEmpty();
            Selection<ServerRuntime> sel = force && sticky != null
                    ? Selection.of(sticky)
                    : sticky != null
                            ? selector.selectPersistent(sticky, info)
                            : avoiding ? selector.selectAvoiding(info, exclude) : selector.select(info);
            if (avoiding) {
                for (int i = 0; i < REDISPATCH_PICKS && sel.hasServer() && exclude.contains(sel.server()); i++) {
                    sel = selector.select(info);
                }
            }
            switch (sel.outcome()) {
                case SERVER -> {
                    ServerRuntime s = sel.server();
                    if (!s.full() && queue.isEmpty()) {
                        take(s);
                        return Acquisition.of(s);
                    }
                    return enqueue(waiter, info);
                }
                case QUEUE -> {
                    return enqueue(waiter, info);
                }
                default -> {
                    return Acquisition.NONE;
                }
            }
        }
    }

    private Acquisition enqueue(PendingRequest waiter, RequestInfo info) {
        if (waiter == null || (maxQueue > 0 && queue.size() >= maxQueue)) return Acquisition.NONE;
        queue.addLast(new Waiter(waiter, info));
        counters.queued();
        return Acquisition.QUEUED;
    }

    private void take(ServerRuntime s) {
        s.counters().sessionStarted();
        counters.sessionStarted();
        selector.onConnectionStart(s);
    }

    /** Removes a waiter that gave up (queue timeout, client gone); false if it was already granted. */
    public synchronized boolean cancel(PendingRequest waiter) {
        for (Iterator<Waiter> it = queue.iterator(); it.hasNext(); ) {
            if (it.next().request() == waiter) {
                it.remove();
                counters.dequeued();
                return true;
            }
        }
        return false;
    }

    public synchronized int queued() {
        return queue.size();
    }

    /** Gives back the slot taken by {@link #acquire}; hands it to the oldest waiter if any. */
    public void release(ServerRuntime s) {
        s.counters().sessionEnded();
        counters.sessionEnded();
        selector.onConnectionEnd(s);
        dispatchQueue();
    }

    private void dispatchQueue() {
        while (true) {
            Waiter w;
            ServerRuntime granted;
            synchronized (this) {
                w = queue.peekFirst();
                if (w == null) return;
                Selection<ServerRuntime> sel = selector.select(w.info());
                if (!sel.hasServer() || sel.server().full()) return;
                granted = sel.server();
                queue.pollFirst();
                counters.dequeued();
                take(granted);
            }
            final Waiter fw = w;
            final ServerRuntime fs = granted;
            fw.request().eventLoop().execute(() -> fw.request().granted(fs));
        }
    }

    @Override
    public void serverUsableChanged(ServerRuntime server, boolean usable) {
        if (usable) {
            selector.onServerUp(server);
            dispatchQueue();
        } else {
            selector.onServerDown(server);
        }
    }

    @Override
    public void serverWeightChanged(ServerRuntime server) {
        selector.onWeightChange(server);
        if (server.weight() > 0) dispatchQueue();
    }

    @Override
    public void serverLimitChanged(ServerRuntime server) {
        dispatchQueue(); // a raised maxconn takes queued requests at once
    }

    @Override
    public String toString() {
        return name;
    }
}
