package dev.hapair.proxy.netty;

import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code maxconn} on accepted connections (global or per frontend). Over the limit, listeners stop
 * accepting (connections wait in the kernel backlog, as with HAProxy) and connections already
 * accepted in the same batch wait here until a slot frees: they are delayed, never refused.
 */
final class ConnectionGate {
    private volatile int max;
    /** Listeners an operator paused ({@code disable frontend}): the gate never resumes them. */
    static final io.netty.util.AttributeKey<Boolean> ADMIN_PAUSED =
            io.netty.util.AttributeKey.valueOf("hapair.adminPaused");

    private final List<Channel> listeners = new CopyOnWriteArrayList<>();
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private int current;

    /** @param max 0 = unlimited */
    ConnectionGate(int max) {
        this.max = max;
    }

    void addListener(Channel serverChannel) {
        listeners.add(serverChannel);
    }

    /** The listener now belongs to another gate (reload); this one keeps counting its connections only. */
    void removeListener(Channel serverChannel) {
        listeners.remove(serverChannel);
    }

    synchronized int current() {
        return current;
    }

    /** Runtime API {@code set maxconn}: a new limit, applied to the next connection (0 = unlimited). */
    void setMax(int max) {
        synchronized (this) {
            this.max = max;
            reapply();
        }
    }

    /** Re-applies this gate's accept state to its listeners (after an operator paused or resumed one). */
    synchronized void refresh() {
        reapply();
    }

    /** Runs {@code admitted} now (on the caller) or later (on whichever thread frees a slot). */
    void enter(Runnable admitted) {
        boolean now;
        synchronized (this) {
            now = max <= 0 || current < max;
            if (now) {
                current++;
                if (max > 0 && current >= max) reapply();
            } else {
                waiting.addLast(admitted);
            }
        }
        if (now) admitted.run();
    }

    void exit() {
        Runnable next;
        synchronized (this) {
            next = waiting.pollFirst();
            if (next == null) {
                current--;
                if (max > 0 && current < max) reapply();
            }
        }
        if (next != null) next.run();
    }

    /** A waiting connection went away before being admitted. */
    synchronized void forget(Runnable admitted) {
        waiting.remove(admitted);
    }

    /**
     * Applies the accept state on each listener's own event loop: off that loop, Netty's epoll channel skips
     * clearing EPOLLIN while a read is pending, so a listener paused from another thread (the runtime API's,
     * another connection's loop) could go on accepting. The state is read when the task runs, so tasks queued
     * from several threads cannot leave a stale one behind.
     */
    private void reapply() {
        for (Channel l : listeners) {
            if (l.eventLoop().inEventLoop()) apply(l);
            else l.eventLoop().execute(() -> apply(l));
        }
    }

    private void apply(Channel l) {
        boolean full;
        synchronized (this) {
            full = max > 0 && current >= max;
        }
        l.config()
                .setAutoRead(!full && !Boolean.TRUE.equals(l.attr(ADMIN_PAUSED).get()));
    }
}
