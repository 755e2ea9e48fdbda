package dev.hapair.vrrp.track;

import dev.hapair.vrrp.os.LinkMonitor;
import dev.hapair.vrrp.os.LinkState;
import java.util.concurrent.Executor;

/** {@code track_interface}: up while the link is administratively up and has carrier (pushed by netlink). */
public final class InterfaceTracker implements Tracker {
    private final String interfaceName;
    private final LinkMonitor links;
    private final Executor loop;
    private final TrackListener listener;
    private volatile boolean up;
    private volatile boolean closed;

    public InterfaceTracker(String interfaceName, LinkMonitor links, Executor loop, TrackListener listener) {
        this.interfaceName = interfaceName;
        this.links = links;
        this.loop = loop;
        this.listener = listener;
        this.up = links.current(interfaceName).usable();
    }

    @Override
    public String key() {
        return Tracker.interfaceKey(interfaceName);
    }

    @Override
    public boolean up() {
        return up;
    }

    @Override
    public void start() {
        links.watch(interfaceName, (previous, current) -> loop.execute(() -> changed(current)));
        // a change between construction and watch() would be lost otherwise
        loop.execute(() -> changed(links.current(interfaceName)));
    }

    private void changed(LinkState current) {
        boolean now = current.usable();
        if (closed || now == up) {
            return;
        }
        up = now;
        listener.onTrackChange(
                this,
                now,
                interfaceName
                        + (now
                                ? " is up"
                                : " is down ("
                                        + (current.deleted() ? "gone" : current.adminUp() ? "no carrier" : "admin down")
                                        + ")"));
    }

    @Override
    public String describe() {
        return "interface " + interfaceName;
    }

    @Override
    public void close() {
        closed = true; // the link monitor has no unwatch: the listener just stops reacting
    }
}
