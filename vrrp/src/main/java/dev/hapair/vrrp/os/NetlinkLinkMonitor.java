package dev.hapair.vrrp.os;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LinkMonitor} subscribed to rtnetlink link notifications (RTMGRP_LINK): the kernel pushes every
 * flag change, so a cable pull is seen within milliseconds, without polling /sys. The subscription is
 * opened before the initial dump, so no change can fall between them; when the kernel reports an
 * overrun (ENOBUFS) the state is dumped again. Listeners run on the monitor's thread.
 */
public final class NetlinkLinkMonitor implements LinkMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(NetlinkLinkMonitor.class);

    private final NetlinkSocket events;
    private final NetlinkInterfaces dumper;
    private final Wakeup wakeup;
    private final Map<String, LinkState> byName = new ConcurrentHashMap<>();
    private final Map<String, List<LinkListener>> listeners = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    private NetlinkLinkMonitor(NetlinkSocket events, NetlinkInterfaces dumper, Wakeup wakeup) {
        this.events = events;
        this.dumper = dumper;
        this.wakeup = wakeup;
        this.thread = new Thread(this::loop, "vrrp-link-monitor");
        this.thread.setDaemon(true);
    }

    /** Starts monitoring every link of the calling thread's network namespace. */
    public static NetlinkLinkMonitor open() throws NativeException {
        NetlinkSocket events = NetlinkSocket.open(NetlinkMessage.RTMGRP_LINK);
        NetlinkInterfaces dumper = null;
        Wakeup wakeup = null;
        try {
            dumper = NetlinkInterfaces.open();
            wakeup = new Wakeup();
            NetlinkLinkMonitor m = new NetlinkLinkMonitor(events, dumper, wakeup);
            m.resync();
            m.thread.start();
            return m;
        } catch (NativeException | RuntimeException e) {
            events.close();
            if (dumper != null) {
                dumper.close();
            }
            if (wakeup != null) {
                wakeup.close();
            }
            throw e;
        }
    }

    @Override
    public LinkState current(String interfaceName) {
        return byName.getOrDefault(interfaceName, LinkState.absent(interfaceName));
    }

    @Override
    public void watch(String interfaceName, LinkListener listener) {
        listeners
                .computeIfAbsent(interfaceName, k -> new CopyOnWriteArrayList<>())
                .add(listener);
    }

    private void loop() {
        while (!closed) {
            short[] revents;
            try {
                revents = Syscalls.pollIn(-1, events.fd(), wakeup.fd());
            } catch (NativeException e) {
                LOG.error("link monitor stops: {}", e.getMessage());
                return;
            }
            if (closed || revents[1] != 0) {
                return;
            }
            try {
                List<NetlinkMessage> got;
                while (!(got = events.receiveAvailable("link notifications")).isEmpty()) {
                    for (NetlinkMessage m : got) {
                        if (LinkMessages.isLink(m)) {
                            apply(LinkMessages.decode(m));
                        }
                    }
                }
            } catch (NativeException e) {
                if (e.errno() == Errno.ENOBUFS) {
                    LOG.warn("link notifications overran; re-reading all links");
                } else {
                    LOG.warn("link notifications: {}", e.getMessage());
                }
                resyncQuietly();
            } catch (RuntimeException e) {
                LOG.warn("bad link notification", e);
            }
        }
    }

    private void resyncQuietly() {
        try {
            resync();
        } catch (NativeException e) {
            LOG.warn("link resync failed: {}", e.getMessage());
        }
    }

    private synchronized void resync() throws NativeException {
        Map<String, LinkState> fresh = new HashMap<>();
        for (LinkState l : dumper.links()) {
            fresh.put(l.name(), l);
        }
        for (String name : List.copyOf(byName.keySet())) {
            if (!fresh.containsKey(name)) {
                apply(LinkState.absent(name));
            }
        }
        fresh.values().forEach(this::apply);
    }

    private synchronized void apply(LinkState now) {
        if (now.deleted()) {
            LinkState before = byName.get(now.name());
            if (before != null && !before.deleted() && watched(now.name())) {
                LOG.info("Interface {} deleted", now.name()); // keepalived's words, before its "down" if any
            }
        } else {
            // A rename leaves the old name pointing at this index: that name is gone.
            for (LinkState old : List.copyOf(byName.values())) {
                if (old.index() == now.index() && !old.name().equals(now.name()) && !old.deleted()) {
                    update(LinkState.absent(old.name()));
                }
            }
        }
        update(now.deleted() ? LinkState.absent(now.name()) : now);
    }

    private void update(LinkState now) {
        LinkState before = byName.put(now.name(), now);
        boolean wasUsable = before != null && before.usable();
        if (wasUsable != now.usable()) {
            if (watched(now.name())) {
                // keepalived logs this for each interface a vrrp_instance uses (log-based alerting expects it)
                LOG.info("Netlink reports {} {}", now.name(), now.usable() ? "up" : "down");
            }
            LinkState previous = before != null ? before : LinkState.absent(now.name());
            LOG.debug("link {} is now {} ({})", now.name(), now.usable() ? "usable" : "unusable", now.operState());
            for (LinkListener l : listeners.getOrDefault(now.name(), List.of())) {
                try {
                    l.onLinkChange(previous, now);
                } catch (RuntimeException e) {
                    LOG.warn("link listener for {} failed", now.name(), e);
                }
            }
        }
    }

    private boolean watched(String name) {
        return !listeners.getOrDefault(name, List.of()).isEmpty();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        wakeup.signal();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        events.close();
        dumper.close();
        wakeup.close();
    }
}
