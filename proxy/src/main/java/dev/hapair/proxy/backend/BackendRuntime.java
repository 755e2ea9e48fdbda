package dev.hapair.proxy.backend;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Live state of one backend: its servers, the balancing picker, the queue of requests waiting for a
 * server slot, and counters. Thread-safe: selection and queueing run under this object's lock, which
 * is short (no I/O inside).
 */
public final class BackendRuntime implements ServerStateListener {
    private final String name;
    private final BackendSettings settings;
    private final List<ServerRuntime> servers;
    private final ServerPicker picker;
    private final ServerCounters counters = new ServerCounters();
    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    private final int maxQueue;
    private final List<? extends RequestRule> rules;

    private record Waiter(PendingRequest request, RequestInfo info) {}

    public BackendRuntime(String name, BackendSettings settings, List<ServerRuntime> servers, ServerPicker picker) {
        this(name, settings, servers, picker, List.of());
    }

    /** @param rules the backend's {@code http-request} rules, applied after the frontend's */
    public BackendRuntime(String name, BackendSettings settings, List<ServerRuntime> servers, ServerPicker picker,
                          List<? extends RequestRule> rules) {
        this.name = name;
        this.rules = List.copyOf(rules);
        this.settings = settings;
        this.servers = List.copyOf(servers);
        this.picker = picker;
        int mq = 0;
        for (ServerRuntime s : servers) {
            if (s.options().maxqueue() <= 0) { mq = 0; break; }
            mq += s.options().maxqueue();
        }
        this.maxQueue = mq;
        for (ServerRuntime s : servers) s.addListener(this);
    }

    public String name() { return name; }
    public BackendSettings settings() { return settings; }
    public List<ServerRuntime> servers() { return servers; }
    public ServerCounters counters() { return counters; }
    public ProxyMode mode() { return settings.mode(); }
    public List<? extends RequestRule> rules() { return rules; }

    public ServerRuntime server(String serverName) {
        for (ServerRuntime s : servers) if (s.name().equals(serverName)) return s;
        return null;
    }

    /** {@code nbsrv}: usable active servers, or usable backups when no active one is usable. */
    public int usableServers() {
        int act = 0, bck = 0;
        for (ServerRuntime s : servers) {
            if (!s.usable()) continue;
            if (s.backup()) bck++; else act++;
        }
        return act > 0 ? act : bck;
    }

    /** True if at least one server may take traffic. */
    public boolean hasUsableServer() {
        for (ServerRuntime s : servers) if (s.usable()) return true;
        return false;
    }

    /**
     * Takes a slot for a request. {@code sticky} (from a persistence cookie) wins while it may take
     * traffic; servers in {@code exclude} (failed attempts) are avoided. When every usable server is
     * full the request is queued (if {@code waiter} is given and the queue has room).
     */
    public Acquisition acquire(RequestInfo info, ServerRuntime sticky, Set<ServerRuntime> exclude, PendingRequest waiter) {
        ServerRuntime chosen;
        boolean anyUsable;
        synchronized (this) {
            if (sticky != null && sticky.usableForSticky() && sticky.hasFreeSlot()
                    && (exclude == null || !exclude.contains(sticky))) {
                chosen = sticky;
            } else {
                chosen = picker.pick(info, s -> s.usable() && s.hasFreeSlot() && (exclude == null || !exclude.contains(s)));
            }
            if (chosen != null) {
                take(chosen);
                return Acquisition.of(chosen);
            }
            anyUsable = false;
            for (ServerRuntime s : servers) {
                if (s.usable() && (exclude == null || !exclude.contains(s))) { anyUsable = true; break; }
            }
            if (anyUsable && waiter != null && (maxQueue == 0 || queue.size() < maxQueue)) {
                queue.addLast(new Waiter(waiter, info));
                counters.queued();
                return Acquisition.QUEUED;
            }
        }
        return Acquisition.NONE;
    }

    private void take(ServerRuntime s) {
        s.counters().sessionStarted();
        counters.sessionStarted();
        picker.sessionsChanged(s);
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

    public synchronized int queued() { return queue.size(); }

    /** Gives back the slot taken by {@link #acquire}; hands it to the oldest waiter if any. */
    public void release(ServerRuntime s) {
        s.counters().sessionEnded();
        counters.sessionEnded();
        dispatchQueue(s);
    }

    private void dispatchQueue(ServerRuntime freed) {
        while (true) {
            Waiter w;
            ServerRuntime granted;
            synchronized (this) {
                picker.sessionsChanged(freed);
                w = queue.peekFirst();
                if (w == null) return;
                granted = picker.pick(w.info(), s -> s.usable() && s.hasFreeSlot());
                if (granted == null) return;
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
        synchronized (this) {
            picker.serverUsableChanged(server, usable);
        }
        if (usable) dispatchQueue(server);
    }

    @Override
    public String toString() { return name; }
}
