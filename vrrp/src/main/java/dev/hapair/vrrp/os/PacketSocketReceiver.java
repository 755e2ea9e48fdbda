package dev.hapair.vrrp.os;

/**
 * {@link FrameReceiver} on an AF_PACKET/SOCK_RAW socket for ETH_P_ARP bound to one interface, through JNA. One
 * daemon thread ({@link SocketPoller}) reads it; frames this host sent (sll_pkttype PACKET_OUTGOING) are
 * skipped. ARP is a trickle on any sane segment, and the listener only looks at a few bytes of each frame, so no
 * socket filter is attached. Belongs to the network namespace of the thread that opened it.
 */
public final class PacketSocketReceiver implements FrameReceiver {
    private static final int BUFFER = 2048;
    /** Offset of sll_pkttype in struct sockaddr_ll. */
    private static final int SLL_PKTTYPE = 10;

    private final String interfaceName;
    private final int fd;
    private final SocketPoller poller;
    private boolean closed;

    private PacketSocketReceiver(String interfaceName, int fd, FrameListener listener) throws NativeException {
        this.interfaceName = interfaceName;
        this.fd = fd;
        this.poller = new SocketPoller(
                "vrrp-arp-" + interfaceName,
                "ARP receiver on " + interfaceName,
                fd,
                BUFFER,
                SockAddrs.SOCKADDR_LL_SIZE,
                (buf, n, from) -> {
                    if (Byte.toUnsignedInt(from[SLL_PKTTYPE]) != Linux.PACKET_OUTGOING) {
                        listener.onFrame(buf.getByteArray(0, n));
                    }
                },
                () -> {});
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
        try {
            Syscalls.bind(fd, SockAddrs.sockaddrLl(Linux.ETH_P_ARP, ifindex, new byte[0]), "ARP on " + interfaceName);
            PacketSocketReceiver r = new PacketSocketReceiver(interfaceName, fd, listener);
            r.poller.start();
            return r;
        } catch (NativeException | RuntimeException e) {
            Syscalls.close(fd);
            throw e;
        }
    }

    @Override
    public String interfaceName() {
        return interfaceName;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            poller.stop();
            Syscalls.close(fd);
        }
    }
}
