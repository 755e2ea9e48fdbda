package dev.hapair.vrrp.os;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Byte layouts of the C structures passed to socket calls. Family and index fields are in host order,
 * ports, protocols and IPv4 addresses in network order, exactly as the kernel headers declare them.
 */
public final class SockAddrs {
    /** sizeof(struct sockaddr_in). */
    public static final int SOCKADDR_IN_SIZE = 16;
    /** sizeof(struct ip_mreqn). */
    public static final int IP_MREQN_SIZE = 12;
    /** sizeof(struct sockaddr_ll). */
    public static final int SOCKADDR_LL_SIZE = 20;
    /** sizeof(struct sockaddr_in6). */
    public static final int SOCKADDR_IN6_SIZE = 28;
    /** sizeof(struct ipv6_mreq). */
    public static final int IPV6_MREQ_SIZE = 20;
    /** sizeof(struct sockaddr_nl). */
    public static final int SOCKADDR_NL_SIZE = 12;

    private SockAddrs() {}

    /** struct sockaddr_in { sa_family_t sin_family; in_port_t sin_port; struct in_addr sin_addr; char zero[8]; }. */
    public static byte[] sockaddrIn(Inet4Address address, int port) {
        ByteBuffer b = ByteBuffer.allocate(SOCKADDR_IN_SIZE);
        b.order(ByteOrder.nativeOrder()).putShort((short) Linux.AF_INET);
        b.order(ByteOrder.BIG_ENDIAN).putShort((short) port);
        b.put(address.getAddress());
        return b.array();
    }

    /** The address inside a struct sockaddr_in filled by recvfrom. */
    public static Inet4Address sockaddrInAddress(byte[] sockaddr) {
        byte[] a = new byte[4];
        System.arraycopy(sockaddr, 4, a, 0, 4);
        return inet4(a);
    }

    /**
     * struct sockaddr_in6 { sa_family_t sin6_family; in_port_t sin6_port; uint32_t sin6_flowinfo;
     * struct in6_addr sin6_addr; uint32_t sin6_scope_id; }. {@code scopeId} is the interface index for
     * link-local and link-scope multicast destinations.
     */
    public static byte[] sockaddrIn6(Inet6Address address, int port, int scopeId) {
        ByteBuffer b = ByteBuffer.allocate(SOCKADDR_IN6_SIZE);
        b.order(ByteOrder.nativeOrder()).putShort((short) Linux.AF_INET6);
        b.order(ByteOrder.BIG_ENDIAN).putShort((short) port).putInt(0);
        b.put(address.getAddress());
        b.order(ByteOrder.nativeOrder()).putInt(scopeId);
        return b.array();
    }

    /** The address inside a struct sockaddr_in6 (without scope: as addresses appear in packets). */
    public static Inet6Address sockaddrIn6Address(byte[] sockaddr) {
        byte[] a = new byte[16];
        System.arraycopy(sockaddr, 8, a, 0, 16);
        return inet6(a);
    }

    /** struct ipv6_mreq { struct in6_addr ipv6mr_multiaddr; int ipv6mr_interface; }. */
    public static byte[] ipv6Mreq(Inet6Address group, int ifindex) {
        ByteBuffer b = ByteBuffer.allocate(IPV6_MREQ_SIZE);
        b.put(group.getAddress());
        b.order(ByteOrder.nativeOrder()).putInt(ifindex);
        return b.array();
    }

    /**
     * struct ip_mreqn { struct in_addr imr_multiaddr; struct in_addr imr_address; int imr_ifindex; }.
     * A null address is INADDR_ANY (let the kernel choose).
     */
    public static byte[] ipMreqn(Inet4Address multiaddr, Inet4Address address, int ifindex) {
        ByteBuffer b = ByteBuffer.allocate(IP_MREQN_SIZE);
        b.put(multiaddr == null ? new byte[4] : multiaddr.getAddress());
        b.put(address == null ? new byte[4] : address.getAddress());
        b.order(ByteOrder.nativeOrder()).putInt(ifindex);
        return b.array();
    }

    /**
     * struct sockaddr_ll { unsigned short sll_family; __be16 sll_protocol; int sll_ifindex;
     * unsigned short sll_hatype; unsigned char sll_pkttype; unsigned char sll_halen; unsigned char sll_addr[8]; }.
     */
    public static byte[] sockaddrLl(int ethertype, int ifindex, byte[] hwAddress) {
        if (hwAddress.length > 8) {
            throw new IllegalArgumentException("hardware address longer than 8 bytes");
        }
        ByteBuffer b = ByteBuffer.allocate(SOCKADDR_LL_SIZE);
        b.order(ByteOrder.nativeOrder()).putShort((short) Linux.AF_PACKET);
        b.order(ByteOrder.BIG_ENDIAN).putShort((short) ethertype);
        b.order(ByteOrder.nativeOrder()).putInt(ifindex);
        b.putShort((short) 0); // sll_hatype: ignored on send
        b.put((byte) 0); // sll_pkttype: ignored on send
        b.put((byte) hwAddress.length);
        b.put(hwAddress);
        return b.array();
    }

    /** struct sockaddr_nl { sa_family_t nl_family; unsigned short nl_pad; __u32 nl_pid; __u32 nl_groups; }. */
    public static byte[] sockaddrNl(int pid, int groups) {
        ByteBuffer b = ByteBuffer.allocate(SOCKADDR_NL_SIZE).order(ByteOrder.nativeOrder());
        b.putShort((short) Linux.AF_NETLINK).putShort((short) 0).putInt(pid).putInt(groups);
        return b.array();
    }

    static Inet6Address inet6(byte[] sixteenBytes) {
        if (sixteenBytes.length != 16) {
            throw new IllegalArgumentException("not an IPv6 address: " + sixteenBytes.length + " bytes");
        }
        try {
            // getByAddress would turn an IPv4-mapped address into an Inet4Address
            return Inet6Address.getByAddress(null, sixteenBytes, null);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 address", e);
        }
    }

    static Inet4Address inet4(byte[] fourBytes) {
        try {
            return (Inet4Address) InetAddress.getByAddress(fourBytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv4 address: " + fourBytes.length + " bytes", e);
        }
    }
}
