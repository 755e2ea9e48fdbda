package dev.hapair.vrrp.os;

import com.sun.jna.Memory;
import dev.hapair.vrrp.packet.Ipv4Header;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VRRP advert channel on a raw IPv4 socket for protocol 112, bound to one interface (JNA on libc).
 *
 * <p>Sending: the kernel builds the IP header. TTL is 255 for multicast and unicast alike (RFC 3768
 * section 7.1 makes receivers drop anything else), TOS is 0xc0 (internetwork control, as keepalived
 * sets), multicast leaves through this interface, optionally with a fixed source address, and is not
 * looped back to ourselves.
 *
 * <p>Receiving: one daemon thread per channel polls the socket and an eventfd, so {@link #close()} wakes
 * it at once; packets include the IPv4 header. The socket belongs to the network namespace of the thread
 * that opened it.
 */
public final class RawAdvertChannel implements AdvertChannel {
    private static final Logger LOG = LoggerFactory.getLogger(RawAdvertChannel.class);
    /** keepalived's IPTOS_PREC_INTERNETCONTROL. */
    public static final int TOS = Ipv4Header.VRRP_TOS;

    public static final int TTL = Ipv4Header.VRRP_TTL;
    private static final int RECEIVE_BUFFER = 65536;

    private final String interfaceName;
    private final int ifindex;
    private final int fd;
    private final Wakeup wakeup;
    private final AdvertListener listener;
    private final Thread receiver;
    private final Object sendLock = new Object();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong receiveErrors = new AtomicLong();
    private volatile boolean closed;

    private RawAdvertChannel(String interfaceName, int ifindex, int fd, Wakeup wakeup, AdvertListener listener) {
        this.interfaceName = interfaceName;
        this.ifindex = ifindex;
        this.fd = fd;
        this.wakeup = wakeup;
        this.listener = listener;
        this.receiver = new Thread(this::receiveLoop, "vrrp-rx-" + interfaceName);
        this.receiver.setDaemon(true);
    }

    /**
     * A channel that joins 224.0.0.18 on the interface. {@code sourceAddress} (nullable) fixes the source
     * of outgoing adverts; without it the kernel uses the interface's primary address.
     */
    public static RawAdvertChannel multicast(String interfaceName, Inet4Address sourceAddress, AdvertListener listener)
            throws NativeException {
        return open(interfaceName, sourceAddress, true, listener);
    }

    /**
     * A channel for keepalived's unicast mode ({@code unicast_src_ip}, {@code unicast_peer}): no group
     * membership; with a source address the socket is bound to it, so it also only receives adverts sent
     * to that address.
     */
    public static RawAdvertChannel unicast(String interfaceName, Inet4Address sourceAddress, AdvertListener listener)
            throws NativeException {
        return open(interfaceName, sourceAddress, false, listener);
    }

    private static RawAdvertChannel open(
            String interfaceName, Inet4Address source, boolean joinGroup, AdvertListener listener)
            throws NativeException {
        String what = "open VRRP socket on " + interfaceName;
        int ifindex = Syscalls.ifNameToIndex(interfaceName, what);
        int fd = Syscalls.socket(
                Linux.AF_INET,
                Linux.SOCK_RAW | Linux.SOCK_NONBLOCK,
                Linux.IPPROTO_VRRP,
                "socket(AF_INET, SOCK_RAW, 112)",
                "need CAP_NET_RAW");
        Wakeup wakeup = null;
        try {
            Syscalls.setsockopt(
                    fd,
                    Linux.SOL_SOCKET,
                    Linux.SO_BINDTODEVICE,
                    cString(interfaceName),
                    "SO_BINDTODEVICE " + interfaceName);
            Syscalls.setsockoptInt(fd, Linux.IPPROTO_IP, Linux.IP_TOS, TOS, "IP_TOS");
            Syscalls.setsockoptInt(fd, Linux.IPPROTO_IP, Linux.IP_TTL, TTL, "IP_TTL");
            Syscalls.setsockoptInt(fd, Linux.IPPROTO_IP, Linux.IP_MULTICAST_TTL, TTL, "IP_MULTICAST_TTL");
            Syscalls.setsockoptInt(fd, Linux.IPPROTO_IP, Linux.IP_MULTICAST_LOOP, 0, "IP_MULTICAST_LOOP");
            // Only groups this socket joined: a unicast channel must not hear multicast adverts that
            // reach the interface because another socket joined 224.0.0.18 there.
            Syscalls.setsockoptInt(fd, Linux.IPPROTO_IP, Linux.IP_MULTICAST_ALL, 0, "IP_MULTICAST_ALL");
            Syscalls.setsockopt(
                    fd,
                    Linux.IPPROTO_IP,
                    Linux.IP_MULTICAST_IF,
                    SockAddrs.ipMreqn(null, source, ifindex),
                    "IP_MULTICAST_IF " + interfaceName);
            if (joinGroup) {
                Syscalls.setsockopt(
                        fd,
                        Linux.IPPROTO_IP,
                        Linux.IP_ADD_MEMBERSHIP,
                        SockAddrs.ipMreqn(VRRP_GROUP, null, ifindex),
                        "IP_ADD_MEMBERSHIP 224.0.0.18 on " + interfaceName);
            } else if (source != null) {
                try {
                    Syscalls.bind(fd, SockAddrs.sockaddrIn(source, 0), source.getHostAddress());
                } catch (NativeException e) {
                    throw new NativeException(
                            "bind VRRP socket on " + interfaceName + " to " + source.getHostAddress(),
                            e.errno(),
                            e.errno() == Errno.EADDRNOTAVAIL
                                    ? "the unicast source address is not configured on this host"
                                    : null);
                }
            }
            wakeup = new Wakeup();
            RawAdvertChannel ch = new RawAdvertChannel(interfaceName, ifindex, fd, wakeup, listener);
            ch.receiver.start();
            LOG.debug(
                    "VRRP socket open on {} (ifindex {}, {}, source {})",
                    interfaceName,
                    ifindex,
                    joinGroup ? "multicast" : "unicast",
                    source == null ? "auto" : source.getHostAddress());
            return ch;
        } catch (NativeException | RuntimeException e) {
            if (wakeup != null) {
                wakeup.close();
            }
            Syscalls.close(fd);
            throw e;
        }
    }

    @Override
    public void send(byte[] vrrpPayload, Inet4Address destination) throws IOException {
        synchronized (sendLock) {
            if (closed) {
                throw new IOException("VRRP channel on " + interfaceName + " is closed");
            }
            Syscalls.sendto(
                    fd,
                    vrrpPayload,
                    SockAddrs.sockaddrIn(destination, 0),
                    "send VRRP advert to " + destination.getHostAddress() + " on " + interfaceName,
                    "need CAP_NET_RAW");
        }
    }

    @Override
    public String interfaceName() {
        return interfaceName;
    }

    public int interfaceIndex() {
        return ifindex;
    }

    /** Packets delivered to the listener so far. */
    public long receivedCount() {
        return received.get();
    }

    /** Failed receive calls so far (each one logged). */
    public long receiveErrorCount() {
        return receiveErrors.get();
    }

    private void receiveLoop() {
        Memory buf = new Memory(RECEIVE_BUFFER);
        byte[] from = new byte[SockAddrs.SOCKADDR_IN_SIZE];
        try {
            while (!closed) {
                short[] revents;
                try {
                    revents = Syscalls.pollIn(-1, fd, wakeup.fd());
                } catch (NativeException e) {
                    LOG.error("VRRP receiver on {} stops: {}", interfaceName, e.getMessage());
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
                n = Syscalls.recvfromNonBlocking(fd, buf, RECEIVE_BUFFER, from, "receive on " + interfaceName);
            } catch (NativeException e) {
                receiveErrors.incrementAndGet();
                LOG.warn("VRRP receive on {} failed: {}", interfaceName, e.getMessage());
                return;
            }
            if (n < 0) {
                return;
            }
            received.incrementAndGet();
            ReceivedPacket packet =
                    new ReceivedPacket(buf.getByteArray(0, (int) n), SockAddrs.sockaddrInAddress(from), interfaceName);
            try {
                listener.onPacket(packet);
            } catch (RuntimeException e) {
                LOG.warn("VRRP packet listener on {} failed", interfaceName, e);
            }
        }
    }

    @Override
    public void close() {
        synchronized (sendLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        wakeup.signal();
        if (Thread.currentThread() != receiver) {
            try {
                receiver.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (sendLock) {
            Syscalls.close(fd);
        }
        wakeup.close();
    }

    static byte[] cString(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        byte[] z = new byte[b.length + 1];
        System.arraycopy(b, 0, z, 0, b.length);
        return z;
    }
}
