package dev.hapair.vrrp.os;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** {@link LinkMonitor} for daemon tests: {@link #setUp} flips a link and notifies listeners on the caller's thread. */
public final class FakeLinkMonitor implements LinkMonitor {
    private final Map<String, LinkState> states = new ConcurrentHashMap<>();
    private final Map<String, List<LinkListener>> listeners = new ConcurrentHashMap<>();

    @Override
    public LinkState current(String interfaceName) {
        return states.getOrDefault(interfaceName, LinkState.absent(interfaceName));
    }

    @Override
    public void watch(String interfaceName, LinkListener listener) {
        listeners
                .computeIfAbsent(interfaceName, k -> new CopyOnWriteArrayList<>())
                .add(listener);
    }

    /** Sets the link usable (up and running) or not, firing listeners if that changed. */
    public void setUp(String interfaceName, boolean up) {
        LinkState now = new LinkState(
                1,
                interfaceName,
                Optional.empty(),
                up ? LinkState.IFF_UP | LinkState.IFF_RUNNING : LinkState.IFF_UP,
                up ? OperState.UP : OperState.DOWN,
                false);
        LinkState before = states.put(interfaceName, now);
        LinkState previous = before != null ? before : LinkState.absent(interfaceName);
        if (previous.usable() != now.usable()) {
            listeners.getOrDefault(interfaceName, List.of()).forEach(l -> l.onLinkChange(previous, now));
        }
    }

    @Override
    public void close() {
        listeners.clear();
    }
}
