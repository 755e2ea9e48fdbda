package dev.hapair.vrrp.os;

import dev.hapair.vrrp.packet.MacAddress;
import java.io.IOException;
import java.util.Arrays;

/**
 * {@link FrameSender} on an AF_PACKET/SOCK_RAW socket through JNA: the frame goes out exactly as given.
 *
 * <p>The socket is opened with protocol 0, so the kernel queues no received traffic on it (a socket
 * opened for ETH_P_ARP would receive a copy of every ARP packet on the host and never read them); the
 * EtherType for the outgoing frame is given per send in struct sockaddr_ll. Belongs to the network
 * namespace of the thread that opened it.
 */
public final class PacketSocketSender implements FrameSender {
    private final String interfaceName;
    private final int fd;
    private final byte[] destination;
    private volatile boolean closed;

    private PacketSocketSender(String interfaceName, int fd, byte[] destination) {
        this.interfaceName = interfaceName;
        this.fd = fd;
        this.destination = destination;
    }

    /** A sender for ARP frames (EtherType 0x0806) to the Ethernet broadcast address on the interface. */
    public static PacketSocketSender open(String interfaceName) throws NativeException {
        return open(interfaceName, Linux.ETH_P_ARP);
    }

    public static PacketSocketSender open(String interfaceName, int ethertype) throws NativeException {
        String what = "open packet socket on " + interfaceName;
        int ifindex = Syscalls.ifNameToIndex(interfaceName, what);
        int fd = Syscalls.socket(Linux.AF_PACKET, Linux.SOCK_RAW, 0, "socket(AF_PACKET, SOCK_RAW)", "need CAP_NET_RAW");
        return new PacketSocketSender(
                interfaceName, fd, SockAddrs.sockaddrLl(ethertype, ifindex, MacAddress.BROADCAST.bytes()));
    }

    @Override
    public synchronized void send(byte[] ethernetFrame) throws IOException {
        if (closed) {
            throw new IOException("packet socket on " + interfaceName + " is closed");
        }
        if (ethernetFrame.length < 14) {
            throw new IllegalArgumentException("Ethernet frame of " + ethernetFrame.length + " bytes: no header");
        }
        Syscalls.sendto(
                fd,
                ethernetFrame,
                Arrays.copyOf(destination, destination.length),
                "send frame on " + interfaceName,
                "need CAP_NET_RAW");
    }

    @Override
    public String interfaceName() {
        return interfaceName;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Syscalls.close(fd);
        }
    }
}
