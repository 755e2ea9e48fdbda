package dev.hapair.vrrp.os;

import com.sun.jna.Memory;
import dev.hapair.vrrp.packet.Ipv6Header;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VRRPv3 advert channel over IPv6 (RFC 5798 section 5.1.2): a raw AF_INET6 socket for protocol 112 bound to one
 * interface, member of ff02::12 there (JNA on libc, like {@link RawAdvertChannel}).
 *
 * <p>Sending: hop limit 255 (IPV6_MULTICAST_HOPS, and IPV6_UNICAST_HOPS), traffic class 0xc0 as keepalived
 * sends, out of this interface (IPV6_MULTICAST_IF), not looped back. The kernel picks the interface's link-local
 * address as the source for the link-scope group and computes the checksum over the pseudo-header
 * (IPV6_CHECKSUM at offset 6), so the checksum is right for whichever link-local it picks; it also verifies the
 * checksum of what it delivers.
 *
 * <p>Receiving: raw IPv6 sockets deliver the payload without the IPv6 header, so the hop limit (which must be
 * 255) and the destination come as recvmsg ancillary data (IPV6_RECVHOPLIMIT, IPV6_RECVPKTINFO). The channel
 * rebuilds a 40-byte IPv6 header from them in front of the payload, so the decoder and the receive filter see
 * an IPv6 packet and check the hop limit as they check an IPv4 TTL. A packet whose hop limit the kernel did not
 * report gets hop limit 0, which the filter drops.
 */
public final class RawAdvert6Channel extends RawVrrpSocket {
    private static final Logger LOG = LoggerFactory.getLogger(RawAdvert6Channel.class);
    private static final int RECEIVE_BUFFER = 65536;
    private static final int CONTROL_BUFFER = 256;
    /** sizeof(struct msghdr) and sizeof(struct iovec) on LP64 Linux. */
    private static final int MSGHDR_SIZE = 56;

    private static final int IOVEC_SIZE = 16;
    /** Offset of the checksum in the VRRP header, for IPV6_CHECKSUM. */
    private static final int CHECKSUM_OFFSET = 6;

    private final int ifindex;

    private RawAdvert6Channel(String interfaceName, int ifindex, int fd, AdvertListener listener)
            throws NativeException {
        super(interfaceName, fd);
        this.ifindex = ifindex;
        MessageReader reader = new MessageReader(listener);
        receiveWith(new SocketPoller(
                "vrrp6-rx-" + interfaceName,
                "VRRP (IPv6) receiver on " + interfaceName,
                fd,
                reader::readOne,
                this::countReceiveError));
    }

    /** A channel that joins ff02::12 on the interface. */
    public static RawAdvert6Channel multicast(String interfaceName, AdvertListener listener) throws NativeException {
        String what = "open VRRP (IPv6) socket on " + interfaceName;
        int ifindex = Syscalls.ifNameToIndex(interfaceName, what);
        int fd = Syscalls.rawVrrpSocket(Linux.AF_INET6, interfaceName);
        try {
            int v6 = Linux.IPPROTO_IPV6;
            Syscalls.setsockoptInt(fd, v6, Linux.IPV6_CHECKSUM, CHECKSUM_OFFSET, "IPV6_CHECKSUM");
            Syscalls.setsockoptInt(fd, v6, Linux.IPV6_TCLASS, Ipv6Header.VRRP_TRAFFIC_CLASS, "IPV6_TCLASS");
            Syscalls.setsockoptInt(fd, v6, Linux.IPV6_UNICAST_HOPS, Ipv6Header.VRRP_HOP_LIMIT, "IPV6_UNICAST_HOPS");
            Syscalls.setsockoptInt(fd, v6, Linux.IPV6_MULTICAST_HOPS, Ipv6Header.VRRP_HOP_LIMIT, "IPV6_MULTICAST_HOPS");
            Syscalls.setsockoptInt(fd, v6, Linux.IPV6_MULTICAST_LOOP, 0, "IPV6_MULTICAST_LOOP");
            Syscalls.setsockoptInt(fd, v6, Linux.IPV6_MULTICAST_ALL, 0, "IPV6_MULTICAST_ALL");
            Syscalls.setsockoptInt(fd, v6, Linux.IPV6_MULTICAST_IF, ifindex, "IPV6_MULTICAST_IF " + interfaceName);
            Syscalls.setsockoptInt(fd, v6, Linux.IPV6_RECVHOPLIMIT, 1, "IPV6_RECVHOPLIMIT");
            Syscalls.setsockoptInt(fd, v6, Linux.IPV6_RECVPKTINFO, 1, "IPV6_RECVPKTINFO");
            Syscalls.setsockopt(
                    fd,
                    v6,
                    Linux.IPV6_ADD_MEMBERSHIP,
                    SockAddrs.ipv6Mreq(Ipv6Header.VRRP_MULTICAST, ifindex),
                    "IPV6_ADD_MEMBERSHIP ff02::12 on " + interfaceName);
            RawAdvert6Channel ch = new RawAdvert6Channel(interfaceName, ifindex, fd, listener);
            ch.startReceiving();
            LOG.debug("VRRP (IPv6) socket open on {} (ifindex {})", interfaceName, ifindex);
            return ch;
        } catch (NativeException | RuntimeException e) {
            Syscalls.close(fd);
            throw e;
        }
    }

    @Override
    public void send(byte[] vrrpPayload, InetAddress destination) throws IOException {
        if (!(destination instanceof Inet6Address to)) {
            throw new IOException("IPv6 VRRP channel on " + interfaceName() + " cannot send to " + destination);
        }
        sendTo(vrrpPayload, SockAddrs.sockaddrIn6(to, 0, ifindex), to.getHostAddress());
    }

    /** recvmsg with a prepared struct msghdr; owned by the poller thread. */
    private final class MessageReader {
        private final AdvertListener listener;
        private final Memory buffer = new Memory(RECEIVE_BUFFER);
        private final Memory name = new Memory(SockAddrs.SOCKADDR_IN6_SIZE);
        private final Memory iov = new Memory(IOVEC_SIZE);
        private final Memory control = new Memory(CONTROL_BUFFER);
        private final Memory msg = new Memory(MSGHDR_SIZE);

        MessageReader(AdvertListener listener) {
            this.listener = listener;
            iov.setPointer(0, buffer);
            iov.setLong(8, RECEIVE_BUFFER);
            msg.clear();
            msg.setPointer(0, name);
            msg.setPointer(16, iov);
            msg.setLong(24, 1);
            msg.setPointer(32, control);
        }

        boolean readOne() throws NativeException {
            msg.setInt(8, SockAddrs.SOCKADDR_IN6_SIZE); // msg_namelen, msg_controllen: rewritten by each call
            msg.setLong(40, CONTROL_BUFFER);
            msg.setInt(48, 0);
            long n = Syscalls.recvmsgNonBlocking(fd(), msg, "receive on VRRP (IPv6) socket on " + interfaceName());
            if (n < 0) {
                return false;
            }
            countReceived();
            Ancillary a = Ancillary.parse(control.getByteArray(0, (int) Math.min(CONTROL_BUFFER, msg.getLong(40))));
            Inet6Address source = SockAddrs.sockaddrIn6Address(name.getByteArray(0, SockAddrs.SOCKADDR_IN6_SIZE));
            byte[] payload = buffer.getByteArray(0, (int) n);
            listener.onPacket(new ReceivedPacket(
                    withHeader(payload, source, a.destination(), a.hopLimit()), source, interfaceName()));
            return true;
        }
    }

    /**
     * The IPv6 packet as it was on the wire, as far as the receive checks need it: a fixed header (traffic class
     * and flow label 0, next header 112) with the reported source, destination and hop limit, then the payload.
     * A destination the kernel did not report is written as {@code ::}.
     */
    static byte[] withHeader(byte[] payload, Inet6Address source, Inet6Address destination, int hopLimit) {
        Inet6Address dst = destination != null ? destination : SockAddrs.inet6(new byte[16]);
        byte[] ip = new Ipv6Header(
                        0, 0, payload.length, dev.hapair.vrrp.packet.Checksums.IPPROTO_VRRP, hopLimit, source, dst)
                .encode();
        byte[] out = new byte[ip.length + payload.length];
        System.arraycopy(ip, 0, out, 0, ip.length);
        System.arraycopy(payload, 0, out, ip.length, payload.length);
        return out;
    }

    /**
     * The IPV6_HOPLIMIT and IPV6_PKTINFO control messages of one recvmsg (struct cmsghdr { size_t cmsg_len;
     * int cmsg_level; int cmsg_type; } then data, each aligned to 8 bytes); hop limit 0 and a null destination
     * when absent.
     */
    record Ancillary(int hopLimit, Inet6Address destination) {
        static Ancillary parse(byte[] c) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(c).order(java.nio.ByteOrder.nativeOrder());
            int hopLimit = 0;
            Inet6Address destination = null;
            int off = 0;
            while (off + 16 <= c.length) {
                long len = b.getLong(off);
                if (len < 16 || off + len > c.length) {
                    break;
                }
                int level = b.getInt(off + 8);
                int type = b.getInt(off + 12);
                if (level == Linux.IPPROTO_IPV6 && type == Linux.IPV6_HOPLIMIT && len >= 20) {
                    hopLimit = b.getInt(off + 16);
                } else if (level == Linux.IPPROTO_IPV6 && type == Linux.IPV6_PKTINFO && len >= 36) {
                    byte[] a = new byte[16];
                    System.arraycopy(c, off + 16, a, 0, 16);
                    destination = SockAddrs.inet6(a);
                }
                off += (int) ((len + 7) & ~7L);
            }
            return new Ancillary(hopLimit, destination);
        }
    }
}
