package dev.hapair.vrrp.os;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the raw VRRP sockets of both families share: the descriptor, the receiver thread, sending under a lock
 * that {@link #close()} also takes (so a send never races the close of its descriptor), and the counters.
 */
abstract class RawVrrpSocket implements AdvertChannel {
    private final String interfaceName;
    private final int fd;
    private final Object sendLock = new Object();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong receiveErrors = new AtomicLong();
    private SocketPoller poller;
    private boolean closed;

    RawVrrpSocket(String interfaceName, int fd) {
        this.interfaceName = interfaceName;
        this.fd = fd;
    }

    /** Called once from the subclass constructor: the thread that reads {@link #fd()}. */
    final void receiveWith(SocketPoller p) {
        this.poller = p;
    }

    final int fd() {
        return fd;
    }

    final void countReceived() {
        received.incrementAndGet();
    }

    final void countReceiveError() {
        receiveErrors.incrementAndGet();
    }

    final void startReceiving() {
        poller.start();
    }

    /** sendto(2) of one VRRP message to {@code sockaddr}; {@code to} names the destination in errors. */
    final void sendTo(byte[] vrrpPayload, byte[] sockaddr, String to) throws IOException {
        synchronized (sendLock) {
            if (closed) {
                throw new IOException("VRRP channel on " + interfaceName + " is closed");
            }
            Syscalls.sendto(
                    fd,
                    vrrpPayload,
                    sockaddr,
                    "send VRRP advert to " + to + " on " + interfaceName,
                    "need CAP_NET_RAW");
        }
    }

    @Override
    public final String interfaceName() {
        return interfaceName;
    }

    /** Packets delivered to the listener so far. */
    public final long receivedCount() {
        return received.get();
    }

    /** Failed receive calls so far (each one logged). */
    public final long receiveErrorCount() {
        return receiveErrors.get();
    }

    @Override
    public final void close() {
        synchronized (sendLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        poller.stop();
        synchronized (sendLock) {
            Syscalls.close(fd);
        }
    }
}
