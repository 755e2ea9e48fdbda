package dev.hapair.vrrp.os;

import dev.hapair.vrrp.packet.Ipv4Header;
import java.io.IOException;
import java.net.Inet4Address;
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
 * <p>Receiving: one daemon thread per channel ({@link SocketPoller}) polls the socket and an eventfd, so
 * {@link #close()} wakes it at once; packets include the IPv4 header. The socket belongs to the network namespace of the thread
 * that opened it.
 */
public final class RawAdvertChannel extends RawVrrpSocket {
    private static final Logger LOG = LoggerFactory.getLogger(RawAdvertChannel.class);
    /** keepalived's IPTOS_PREC_INTERNETCONTROL. */
    public static final int TOS = Ipv4Header.VRRP_TOS;

    public static final int TTL = Ipv4Header.VRRP_TTL;
    private static final int RECEIVE_BUFFER = 65536;

    private final int ifindex;

    private RawAdvertChannel(String interfaceName, int ifindex, int fd, AdvertListener listener)
            throws NativeException {
        super(interfaceName, fd);
        this.ifindex = ifindex;
        receiveWith(new SocketPoller(
                "vrrp-rx-" + interfaceName,
                "VRRP receiver on " + interfaceName,
                fd,
                RECEIVE_BUFFER,
                SockAddrs.SOCKADDR_IN_SIZE,
                (buf, n, from) -> {
                    countReceived();
                    listener.onPacket(new ReceivedPacket(
                            buf.getByteArray(0, n), SockAddrs.sockaddrInAddress(from), interfaceName));
                },
                this::countReceiveError));
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
        int fd = Syscalls.rawVrrpSocket(Linux.AF_INET, interfaceName);
        try {
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
            RawAdvertChannel ch = new RawAdvertChannel(interfaceName, ifindex, fd, listener);
            ch.startReceiving();
            LOG.debug(
                    "VRRP socket open on {} (ifindex {}, {}, source {})",
                    interfaceName,
                    ifindex,
                    joinGroup ? "multicast" : "unicast",
                    source == null ? "auto" : source.getHostAddress());
            return ch;
        } catch (NativeException | RuntimeException e) {
            Syscalls.close(fd);
            throw e;
        }
    }

    @Override
    public void send(byte[] vrrpPayload, java.net.InetAddress destination) throws IOException {
        if (!(destination instanceof Inet4Address to)) {
            throw new IOException("IPv4 VRRP channel on " + interfaceName() + " cannot send to " + destination);
        }
        sendTo(vrrpPayload, SockAddrs.sockaddrIn(to, 0), to.getHostAddress());
    }

    public int interfaceIndex() {
        return ifindex;
    }
}
