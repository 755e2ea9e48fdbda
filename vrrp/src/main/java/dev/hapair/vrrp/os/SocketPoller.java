package dev.hapair.vrrp.os;

import com.sun.jna.Memory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receive side of the raw sockets ({@link RawAdvertChannel}, {@link PacketSocketReceiver}): one daemon thread
 * waits in poll(2) on the socket and a {@link Wakeup}, reads every queued datagram without blocking and hands each
 * to the owner's callback with buffers the thread owns. {@link #stop()} wakes the thread at once and waits for it,
 * so the owner can then close the socket knowing nobody reads it any more.
 */
final class SocketPoller {
    private static final Logger LOG = LoggerFactory.getLogger(SocketPoller.class);

    /** One datagram: {@code length} bytes in {@code buffer}, its sender's address in {@code from}. */
    interface Datagram {
        void received(Memory buffer, int length, byte[] from);
    }

    /** Reads one queued datagram and hands it on; false when nothing is queued. */
    interface Reader {
        boolean readOne() throws NativeException;
    }

    private final String description;
    private final int fd;
    private final int bufferSize;
    private final int fromSize;
    private final Datagram datagram;
    /** Non-null when the owner reads itself (recvmsg with ancillary data); then datagram is unused. */
    private final Reader reader;

    private final Runnable onError;
    private final Wakeup wakeup;
    private final Thread thread;
    private volatile boolean stopped;

    /**
     * @param description for logs, e.g. {@code VRRP receiver on eth0}
     * @param onError     called after a failed receive (already logged)
     */
    SocketPoller(
            String threadName,
            String description,
            int fd,
            int bufferSize,
            int fromSize,
            Datagram datagram,
            Runnable onError)
            throws NativeException {
        this.description = description;
        this.fd = fd;
        this.bufferSize = bufferSize;
        this.fromSize = fromSize;
        this.datagram = datagram;
        this.reader = null;
        this.onError = onError;
        this.wakeup = new Wakeup();
        this.thread = new Thread(this::loop, threadName);
        this.thread.setDaemon(true);
    }

    /** A poller whose owner reads each datagram itself ({@code reader} runs on the poller's thread). */
    SocketPoller(String threadName, String description, int fd, Reader reader, Runnable onError)
            throws NativeException {
        this.description = description;
        this.fd = fd;
        this.bufferSize = 0;
        this.fromSize = 0;
        this.datagram = null;
        this.reader = reader;
        this.onError = onError;
        this.wakeup = new Wakeup();
        this.thread = new Thread(this::loop, threadName);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Wakes the thread, waits for it (unless called from it) and releases the wakeup; idempotent. */
    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        wakeup.signal();
        if (Thread.currentThread() != thread && thread.isAlive()) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        wakeup.close();
    }

    private void drainWithReader() {
        while (!stopped) {
            try {
                if (!reader.readOne()) {
                    return;
                }
            } catch (NativeException e) {
                LOG.warn("{}: receive failed: {}", description, e.getMessage());
                onError.run();
                return;
            } catch (RuntimeException e) {
                LOG.warn("{}: listener failed", description, e);
            }
        }
    }

    private void loop() {
        Memory buf = reader != null ? new Memory(1) : new Memory(bufferSize);
        byte[] from = new byte[fromSize];
        try {
            while (!stopped) {
                short[] revents;
                try {
                    revents = Syscalls.pollIn(-1, fd, wakeup.fd());
                } catch (NativeException e) {
                    LOG.error("{} stops: {}", description, e.getMessage());
                    return;
                }
                if (stopped || revents[1] != 0) {
                    return;
                }
                if (revents[0] != 0) {
                    drain(buf, from);
                }
            }
        } finally {
            buf.close();
        }
    }

    private void drain(Memory buf, byte[] from) {
        if (reader != null) {
            drainWithReader();
            return;
        }
        while (!stopped) {
            long n;
            try {
                n = Syscalls.recvfromNonBlocking(fd, buf, bufferSize, from, description);
            } catch (NativeException e) {
                LOG.warn("{}: receive failed: {}", description, e.getMessage());
                onError.run();
                return;
            }
            if (n < 0) {
                return;
            }
            try {
                datagram.received(buf, (int) n, from);
            } catch (RuntimeException e) {
                LOG.warn("{}: listener failed", description, e);
            }
        }
    }
}
