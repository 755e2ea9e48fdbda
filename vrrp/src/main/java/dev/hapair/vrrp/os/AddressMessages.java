package dev.hapair.vrrp.os;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * rtnetlink address messages: struct ifaddrmsg { u8 ifa_family; u8 ifa_prefixlen; u8 ifa_flags;
 * u8 ifa_scope; u32 ifa_index; } followed by IFA_* attributes (<linux/if_addr.h>).
 */
public final class AddressMessages {
    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;
    static final int IFA_LABEL = 3;
    static final int IFA_BROADCAST = 4;
    static final int IFA_FLAGS = 8;
    static final int IFA_MAX_USED = IFA_FLAGS;
    static final int IFA_F_SECONDARY = 0x01;
    static final int IFA_F_NODAD = 0x02;
    static final int IFA_F_DADFAILED = 0x08;
    static final int IFA_F_TENTATIVE = 0x40;
    static final int IFADDRMSG_SIZE = 8;

    private AddressMessages() {}

    /**
     * RTM_NEWADDR with NLM_F_CREATE|NLM_F_EXCL (fail with EEXIST rather than silently touch an existing
     * address) and NLM_F_ACK. IFA_LOCAL and IFA_ADDRESS are both the address: on a broadcast link they
     * are equal, and this is what {@code ip addr add} sends.
     */
    public static byte[] newAddress(int seq, int ifindex, IfAddress a) {
        return NetlinkCodec.encode(
                NetlinkMessage.RTM_NEWADDR,
                NetlinkMessage.NLM_F_REQUEST
                        | NetlinkMessage.NLM_F_ACK
                        | NetlinkMessage.NLM_F_CREATE
                        | NetlinkMessage.NLM_F_EXCL,
                seq,
                body(ifindex, a));
    }

    /** RTM_DELADDR with NLM_F_ACK; the kernel matches local address, prefix length and label. */
    public static byte[] deleteAddress(int seq, int ifindex, IfAddress a) {
        return NetlinkCodec.encode(
                NetlinkMessage.RTM_DELADDR,
                NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_ACK,
                seq,
                body(ifindex, a));
    }

    /** RTM_GETADDR dump of every IPv4 address (filtering by interface is done on the answers). */
    public static byte[] dumpAddresses(int seq) {
        byte[] ifaddrmsg = new byte[IFADDRMSG_SIZE];
        ifaddrmsg[0] = (byte) Linux.AF_INET;
        return NetlinkCodec.encode(
                NetlinkMessage.RTM_GETADDR, NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_DUMP, seq, ifaddrmsg);
    }

    /** RTM_GETADDR dump of every IPv6 address. */
    public static byte[] dumpAddresses6(int seq) {
        byte[] ifaddrmsg = new byte[IFADDRMSG_SIZE];
        ifaddrmsg[0] = (byte) Linux.AF_INET6;
        return NetlinkCodec.encode(
                NetlinkMessage.RTM_GETADDR, NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_DUMP, seq, ifaddrmsg);
    }

    /**
     * The usable IPv6 link-local address (fe80::/10) of an RTM_NEWADDR message, or empty: another family or
     * scope, or an address still in duplicate address detection (tentative) or that failed it, which the kernel
     * would not send from.
     */
    public static Optional<java.net.Inet6Address> usableLinkLocal6(NetlinkMessage msg) {
        byte[] p = msg.payload();
        if (msg.type() != NetlinkMessage.RTM_NEWADDR || p.length < IFADDRMSG_SIZE || p[0] != Linux.AF_INET6) {
            return Optional.empty();
        }
        if ((flags(msg) & (IFA_F_TENTATIVE | IFA_F_DADFAILED)) != 0) {
            return Optional.empty();
        }
        byte[][] attrs = attributes(msg);
        byte[] a = attrs[IFA_ADDRESS] != null ? attrs[IFA_ADDRESS] : attrs[IFA_LOCAL];
        if (a == null || a.length != 16 || (a[0] & 0xff) != 0xfe || (a[1] & 0xc0) != 0x80) {
            return Optional.empty();
        }
        return Optional.of(SockAddrs.inet6(a));
    }

    /** RTM_NEWADDR for an IPv6 address with IFA_F_NODAD (usable at once), CREATE|EXCL and ACK. */
    public static byte[] newAddress6(int seq, int ifindex, Ip6Address a) {
        return NetlinkCodec.encode(
                NetlinkMessage.RTM_NEWADDR,
                NetlinkMessage.NLM_F_REQUEST
                        | NetlinkMessage.NLM_F_ACK
                        | NetlinkMessage.NLM_F_CREATE
                        | NetlinkMessage.NLM_F_EXCL,
                seq,
                body6(ifindex, a, IFA_F_NODAD));
    }

    /** RTM_DELADDR for an IPv6 address, with ACK. */
    public static byte[] deleteAddress6(int seq, int ifindex, Ip6Address a) {
        return NetlinkCodec.encode(
                NetlinkMessage.RTM_DELADDR,
                NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_ACK,
                seq,
                body6(ifindex, a, 0));
    }

    private static byte[] body6(int ifindex, Ip6Address a, int flags) {
        byte[] attrBytes = new NetlinkCodec.AttributeWriter()
                .put(IFA_LOCAL, a.address().getAddress())
                .put(IFA_ADDRESS, a.address().getAddress())
                .toBytes();
        ByteBuffer b = ByteBuffer.allocate(IFADDRMSG_SIZE + attrBytes.length).order(ByteOrder.nativeOrder());
        int scope = a.address().isLinkLocalAddress() ? AddressScope.LINK.value() : AddressScope.GLOBAL.value();
        b.put((byte) Linux.AF_INET6)
                .put((byte) a.prefixLength())
                .put((byte) flags)
                .put((byte) scope);
        b.putInt(ifindex);
        b.put(attrBytes);
        return b.array();
    }

    private static byte[] body(int ifindex, IfAddress a) {
        // Attribute order as iproute2 sends them, so our requests are byte-identical to `ip addr add`.
        NetlinkCodec.AttributeWriter attrs =
                new NetlinkCodec.AttributeWriter().put(IFA_LOCAL, a.address().getAddress());
        a.label().ifPresent(l -> attrs.putString(IFA_LABEL, l));
        attrs.put(IFA_ADDRESS, a.address().getAddress());
        a.broadcast().ifPresent(b -> attrs.put(IFA_BROADCAST, b.getAddress()));
        byte[] attrBytes = attrs.toBytes();
        ByteBuffer b = ByteBuffer.allocate(IFADDRMSG_SIZE + attrBytes.length).order(ByteOrder.nativeOrder());
        b.put((byte) Linux.AF_INET).put((byte) a.prefixLength()).put((byte) 0).put((byte)
                a.scope().value());
        b.putInt(ifindex);
        b.put(attrBytes);
        return b.array();
    }

    /** True for an IPv4 RTM_NEWADDR message (dumps and notifications). */
    public static boolean isIpv4Address(NetlinkMessage msg) {
        return msg.type() == NetlinkMessage.RTM_NEWADDR
                && msg.payload().length >= IFADDRMSG_SIZE
                && msg.payload()[0] == Linux.AF_INET;
    }

    public static int ifindex(NetlinkMessage msg) {
        return ByteBuffer.wrap(msg.payload()).order(ByteOrder.nativeOrder()).getInt(4);
    }

    /** ifa_flags, widened by the IFA_FLAGS attribute when present. */
    public static int flags(NetlinkMessage msg) {
        byte[][] attrs = attributes(msg);
        return attrs[IFA_FLAGS] != null ? NetlinkCodec.u32(attrs[IFA_FLAGS]) : Byte.toUnsignedInt(msg.payload()[2]);
    }

    public static boolean isSecondary(NetlinkMessage msg) {
        return (flags(msg) & IFA_F_SECONDARY) != 0;
    }

    /** The address in an IPv4 RTM_NEWADDR message, named after {@code interfaceName}. */
    public static IfAddress decode(NetlinkMessage msg, String interfaceName) {
        if (!isIpv4Address(msg)) {
            throw new IllegalArgumentException("not an IPv4 RTM_NEWADDR message");
        }
        byte[] p = msg.payload();
        byte[][] attrs = attributes(msg);
        byte[] local = attrs[IFA_LOCAL] != null ? attrs[IFA_LOCAL] : attrs[IFA_ADDRESS];
        if (local == null || local.length != 4) {
            throw new IllegalArgumentException("RTM_NEWADDR without an IPv4 IFA_LOCAL/IFA_ADDRESS");
        }
        // Labels not starting with the interface name can only come from tools that bypass iproute2's
        // check; keep the address visible rather than fail the whole listing.
        Optional<String> label = Optional.ofNullable(attrs[IFA_LABEL])
                .map(NetlinkCodec::cString)
                .filter(l -> l.startsWith(interfaceName) && l.length() <= IfAddress.MAX_LABEL_LENGTH);
        Optional<java.net.Inet4Address> brd = Optional.ofNullable(attrs[IFA_BROADCAST])
                .filter(v -> v.length == 4)
                .map(SockAddrs::inet4);
        return new IfAddress(
                interfaceName,
                SockAddrs.inet4(local),
                Byte.toUnsignedInt(p[1]),
                AddressScope.fromValue(Byte.toUnsignedInt(p[3])),
                label,
                brd);
    }

    private static byte[][] attributes(NetlinkMessage msg) {
        byte[] p = msg.payload();
        return NetlinkCodec.parseAttributes(p, IFADDRMSG_SIZE, p.length, IFA_MAX_USED);
    }
}
