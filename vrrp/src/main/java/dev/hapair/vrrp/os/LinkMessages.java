package dev.hapair.vrrp.os;

import dev.hapair.vrrp.packet.MacAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * rtnetlink link messages: struct ifinfomsg { u8 ifi_family; u8 pad; u16 ifi_type; s32 ifi_index;
 * u32 ifi_flags; u32 ifi_change; } followed by IFLA_* attributes (<linux/if_link.h>).
 */
public final class LinkMessages {
    static final int IFLA_ADDRESS = 1;
    static final int IFLA_IFNAME = 3;
    static final int IFLA_OPERSTATE = 16;
    static final int IFLA_EXT_MASK = 29;
    /** RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS, as iproute2 asks: keeps the answer small. */
    static final int EXT_MASK_VALUE = 0x9;

    static final int IFLA_MAX_USED = IFLA_OPERSTATE;
    static final int IFINFOMSG_SIZE = 16;

    private LinkMessages() {}

    /** RTM_GETLINK dump of every link in the namespace. */
    public static byte[] dumpLinks(int seq) {
        byte[] ifinfomsg = new byte[IFINFOMSG_SIZE]; // AF_UNSPEC: all links
        return NetlinkCodec.encode(
                NetlinkMessage.RTM_GETLINK, NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_DUMP, seq, ifinfomsg);
    }

    /**
     * RTM_GETLINK for one interface by name (IFLA_IFNAME): the kernel answers with its RTM_NEWLINK or
     * with ENODEV. Byte-identical to what {@code ip link show dev NAME} sends.
     */
    public static byte[] getLink(int seq, String name) {
        byte[] attrs = new NetlinkCodec.AttributeWriter()
                .put(IFLA_EXT_MASK, Syscalls.nativeInt(EXT_MASK_VALUE))
                .putString(IFLA_IFNAME, name)
                .toBytes();
        byte[] payload = new byte[IFINFOMSG_SIZE + attrs.length];
        System.arraycopy(attrs, 0, payload, IFINFOMSG_SIZE, attrs.length);
        return NetlinkCodec.encode(NetlinkMessage.RTM_GETLINK, NetlinkMessage.NLM_F_REQUEST, seq, payload);
    }

    public static boolean isLink(NetlinkMessage msg) {
        return (msg.type() == NetlinkMessage.RTM_NEWLINK || msg.type() == NetlinkMessage.RTM_DELLINK)
                && msg.payload().length >= IFINFOMSG_SIZE;
    }

    public static LinkState decode(NetlinkMessage msg) {
        if (!isLink(msg)) {
            throw new IllegalArgumentException("not an RTM_NEWLINK/RTM_DELLINK message: type " + msg.type());
        }
        byte[] p = msg.payload();
        ByteBuffer b = ByteBuffer.wrap(p).order(ByteOrder.nativeOrder());
        int index = b.getInt(4);
        int flags = b.getInt(8);
        byte[][] attrs = NetlinkCodec.parseAttributes(p, IFINFOMSG_SIZE, p.length, IFLA_MAX_USED);
        String name = attrs[IFLA_IFNAME] != null ? NetlinkCodec.cString(attrs[IFLA_IFNAME]) : "";
        Optional<MacAddress> mac = Optional.ofNullable(attrs[IFLA_ADDRESS])
                .filter(a -> a.length == 6)
                .map(a -> MacAddress.fromBytes(a, 0));
        OperState oper = attrs[IFLA_OPERSTATE] != null && attrs[IFLA_OPERSTATE].length >= 1
                ? OperState.fromValue(Byte.toUnsignedInt(attrs[IFLA_OPERSTATE][0]))
                : OperState.UNKNOWN;
        return new LinkState(index, name, mac, flags, oper, msg.type() == NetlinkMessage.RTM_DELLINK);
    }
}
