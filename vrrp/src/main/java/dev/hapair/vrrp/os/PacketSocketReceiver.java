package dev.hapair.vrrp.os;

import com.sun.jna.Memory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FrameReceiver} on an AF_PACKET/SOCK_RAW socket for ETH_P_ARP bound to one interface, through JNA. One
 * daemon thread polls it and an eventfd (so {@link #close()} wakes it at once); frames this host sent
 * (sll_pkttype PACKET_OUTGOING) are skipped. ARP is a trickle on any sane segment, and the listener only looks at
 * a few bytes of each frame, so no socket filter is attached. Belongs to the network namespace of the thread that
 * opened it.
 */
public final class PacketSocketReceiver implements FrameReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(PacketSocketReceiver.class);
    private static final int BUFFER = 2048;
    /** Offset of sll_pkttype in struct sockaddr_ll. */
    private static final int SLL_PKTTYPE = 10;

    private final String interfaceName;
    private final int fd;
    private final Wakeup wakeup;
    private final FrameListener listener;
    private final Thread thread;
    private volatile boolean closed;

    private PacketSocketReceiver(String interfaceName, int fd, Wakeup wakeup, FrameListener listener) {
        this.interfaceName = interfaceName;
        this.fd = fd;
        this.wakeup = wakeup;
        this.listener = listener;
        this.thread = new Thread(this::loop, "vrrp-arp-" + interfaceName);
        this.thread.setDaemon(true);
    }

    /** Opens the socket on {@code interfaceName} and starts delivering ARP frames to {@code listener}. */
    public static PacketSocketReceiver openArp(String interfaceName, FrameListener listener) throws NativeException {
        int ifindex = Syscalls.ifNameToIndex(interfaceName, "open ARP receiver on " + interfaceName);
        int protocol = Short.toUnsignedInt(Short.reverseBytes((short) Linux.ETH_P_ARP)); // htons
        int fd = Syscalls.socket(
                Linux.AF_PACKET,
                Linux.SOCK_RAW | Linux.SOCK_NONBLOCK | Linux.SOCK_CLOEXEC,
                protocol,
                "socket(AF_PACKET, SOCK_RAW, ETH_P_ARP)",
                "need CAP_NET_RAW");
        Wakeup wakeup = null;
        try {
            Syscalls.bind(fd, SockAddrs.sockaddrLl(Linux.ETH_P_ARP, ifindex, new byte[0]), "ARP on " + interfaceName);
            wakeup = new Wakeup();
            PacketSocketReceiver r = new PacketSocketReceiver(interfaceName, fd, wakeup, listener);
            r.thread.start();
            return r;
        } catch (NativeException | RuntimeException e) {
            if (wakeup != null) {
                wakeup.close();
            }
            Syscalls.close(fd);
            throw e;
        }
    }

    @Override
    public String interfaceName() {
        return interfaceName;
    }

    private void loop() {
        Memory buf = new Memory(BUFFER);
        byte[] from = new byte[SockAddrs.SOCKADDR_LL_SIZE];
        try {
            while (!closed) {
                short[] revents;
                try {
                    revents = Syscalls.pollIn(-1, fd, wakeup.fd());
                } catch (NativeException e) {
                    LOG.error("ARP receiver on {} stops: {}", interfaceName, e.getMessage());
                    return;
                }
                if (closed || revents[1] != 0) {
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
        while (!closed) {
            long n;
            try {
                n = Syscalls.recvfromNonBlocking(fd, buf, BUFFER, from, "receive ARP on " + interfaceName);
            } catch (NativeException e) {
                LOG.warn("ARP receive on {} failed: {}", interfaceName, e.getMessage());
                return;
            }
            if (n < 0) {
                return;
            }
            if (Byte.toUnsignedInt(from[SLL_PKTTYPE]) == Linux.PACKET_OUTGOING) {
                continue;
            }
            try {
                listener.onFrame(buf.getByteArray(0, (int) n));
            } catch (RuntimeException e) {
                LOG.warn("ARP listener on {} failed", interfaceName, e);
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        wakeup.signal();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Syscalls.close(fd);
        wakeup.close();
    }
}
