package dev.hapair.vrrp.os;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link AdvertChannel} for daemon tests: records what was sent, and {@link #inject} delivers a packet
 * to the listener synchronously on the caller's thread (no receiver thread, deterministic).
 */
public final class FakeAdvertChannel implements AdvertChannel {
    /** One recorded send. */
    public record Sent(byte[] vrrpPayload, java.net.InetAddress destination) {}

    private final String interfaceName;
    private final AdvertListener listener;
    private final List<Sent> sent = new ArrayList<>();
    private boolean closed;
    private int failNextErrno;

    public FakeAdvertChannel(String interfaceName, AdvertListener listener) {
        this.interfaceName = interfaceName;
        this.listener = listener;
    }

    @Override
    public synchronized void send(byte[] vrrpPayload, java.net.InetAddress destination) throws IOException {
        if (closed) {
            throw new IOException("VRRP channel on " + interfaceName + " is closed");
        }
        if (failNextErrno != 0) {
            int errno = failNextErrno;
            failNextErrno = 0;
            throw new NativeException("send VRRP advert to " + destination.getHostAddress(), errno, null);
        }
        sent.add(new Sent(vrrpPayload.clone(), destination));
    }

    /** The next send fails with this errno (e.g. ENETDOWN). */
    public synchronized void failNextSend(int errno) {
        failNextErrno = errno;
    }

    /** Delivers a received packet (full IPv4 datagram) to the listener, now, on this thread. */
    public void inject(ReceivedPacket packet) {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        listener.onPacket(packet);
    }

    public synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    public synchronized void clearSent() {
        sent.clear();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    @Override
    public String interfaceName() {
        return interfaceName;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
