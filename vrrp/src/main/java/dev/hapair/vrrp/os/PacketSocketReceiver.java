package dev.hapair.vrrp.os;

/**
 * {@link FrameReceiver} on an AF_PACKET/SOCK_RAW socket bound to one interface, through JNA: ETH_P_ARP frames, or
 * the IPv6 neighbour advertisements among ETH_P_IPV6 frames. One daemon thread ({@link SocketPoller}) reads it;
 * frames this host sent (sll_pkttype PACKET_OUTGOING) are skipped. ARP is a trickle on any sane segment, and the
 * listener only looks at a few bytes of each frame, so no socket filter is attached there; IPv6 carries all the
 * traffic, so a classic BPF filter in the kernel passes only ICMPv6 type 136 without extension headers. Belongs to
 * the network namespace of the thread that opened it.
 */
public final class PacketSocketReceiver implements FrameReceiver {
    private static final int BUFFER = 2048;
    /** Offset of sll_pkttype in struct sockaddr_ll. */
    private static final int SLL_PKTTYPE = 10;

    private final String interfaceName;
    private final int fd;
    private final SocketPoller poller;
    private boolean closed;

    private PacketSocketReceiver(String interfaceName, String kind, int fd, FrameListener listener)
            throws NativeException {
        this.interfaceName = interfaceName;
        this.fd = fd;
        this.poller = new SocketPoller(
                "vrrp-" + kind + "-" + interfaceName,
                kind + " receiver on " + interfaceName,
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
        return open(interfaceName, "arp", Linux.ETH_P_ARP, null, listener);
    }

    /**
     * Opens the socket on {@code interfaceName} and delivers the IPv6 neighbour advertisements other hosts send
     * there (the filter keeps everything else in the kernel) to {@code listener}.
     */
    public static PacketSocketReceiver openNeighbourAdverts(String interfaceName, FrameListener listener)
            throws NativeException {
        return open(interfaceName, "na", Linux.ETH_P_IPV6, NEIGHBOUR_ADVERT_FILTER, listener);
    }

    /**
     * Classic BPF (struct sock_filter: u16 code, u8 jt, u8 jf, u32 k) over the Ethernet frame of an ETH_P_IPV6
     * socket: IPv6 next header (byte 20) ICMPv6 (58) and ICMPv6 type (byte 54) neighbour advertisement (136): keep
     * up to 2048 bytes, else drop.
     */
    static final int[][] NEIGHBOUR_ADVERT_FILTER = {
        {0x30, 0, 0, 20}, // ldb [20]
        {0x15, 0, 3, 58}, // jeq #58, next, drop
        {0x30, 0, 0, 54}, // ldb [54]
        {0x15, 0, 1, 136}, // jeq #136, next, drop
        {0x06, 0, 0, BUFFER}, // ret #2048
        {0x06, 0, 0, 0}, // ret #0
    };

    private static PacketSocketReceiver open(
            String interfaceName, String kind, int ethertype, int[][] filter, FrameListener listener)
            throws NativeException {
        int ifindex = Syscalls.ifNameToIndex(interfaceName, "open " + kind + " receiver on " + interfaceName);
        int protocol = Short.toUnsignedInt(Short.reverseBytes((short) ethertype)); // htons
        int fd = Syscalls.socket(
                Linux.AF_PACKET,
                Linux.SOCK_RAW | Linux.SOCK_NONBLOCK | Linux.SOCK_CLOEXEC,
                protocol,
                "socket(AF_PACKET, SOCK_RAW, 0x" + Integer.toHexString(ethertype) + ")",
                "need CAP_NET_RAW");
        try {
            if (filter != null) {
                attachFilter(fd, filter, kind + " filter on " + interfaceName);
            }
            Syscalls.bind(fd, SockAddrs.sockaddrLl(ethertype, ifindex, new byte[0]), kind + " on " + interfaceName);
            PacketSocketReceiver r = new PacketSocketReceiver(interfaceName, kind, fd, listener);
            r.poller.start();
            return r;
        } catch (NativeException | RuntimeException e) {
            Syscalls.close(fd);
            throw e;
        }
    }

    /** SO_ATTACH_FILTER: struct sock_fprog { unsigned short len; struct sock_filter *filter; } (LP64). */
    private static void attachFilter(int fd, int[][] program, String description) throws NativeException {
        try (com.sun.jna.Memory insns = new com.sun.jna.Memory(8L * program.length)) {
            for (int i = 0; i < program.length; i++) {
                insns.setShort(8L * i, (short) program[i][0]);
                insns.setByte(8L * i + 2, (byte) program[i][1]);
                insns.setByte(8L * i + 3, (byte) program[i][2]);
                insns.setInt(8L * i + 4, program[i][3]);
            }
            byte[] fprog = java.nio.ByteBuffer.allocate(16)
                    .order(java.nio.ByteOrder.nativeOrder())
                    .putShort((short) program.length)
                    .putShort((short) 0)
                    .putInt(0)
                    .putLong(com.sun.jna.Pointer.nativeValue(insns))
                    .array();
            Syscalls.setsockopt(fd, Linux.SOL_SOCKET, Linux.SO_ATTACH_FILTER, fprog, description);
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
