package dev.hapair.vrrp.os;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Framing of netlink messages (nlmsghdr in host byte order, each message padded to 4 bytes) and of route
 * attributes (struct rtattr: 16-bit length, 16-bit type, value padded to 4 bytes).
 */
public final class NetlinkCodec {
    private NetlinkCodec() {}

    static int align(int n) {
        return (n + 3) & ~3;
    }

    /** A complete request: header with pid 0 (the kernel fills in the sender) plus payload. */
    public static byte[] encode(int type, int flags, int seq, byte[] payload) {
        int len = NetlinkMessage.HEADER_SIZE + payload.length;
        ByteBuffer b = ByteBuffer.allocate(align(len)).order(ByteOrder.nativeOrder());
        b.putInt(len).putShort((short) type).putShort((short) flags).putInt(seq).putInt(0);
        b.put(payload);
        return b.array();
    }

    /** Splits a datagram read from a netlink socket into messages; a malformed tail is an error. */
    public static List<NetlinkMessage> split(byte[] buf, int len) {
        List<NetlinkMessage> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(buf, 0, len).order(ByteOrder.nativeOrder());
        int pos = 0;
        while (pos + NetlinkMessage.HEADER_SIZE <= len) {
            int msgLen = b.getInt(pos);
            if (msgLen < NetlinkMessage.HEADER_SIZE || pos + msgLen > len) {
                throw new IllegalArgumentException(
                        "malformed netlink message: length " + msgLen + " at offset " + pos + " of " + len);
            }
            int type = Short.toUnsignedInt(b.getShort(pos + 4));
            int flags = Short.toUnsignedInt(b.getShort(pos + 6));
            int seq = b.getInt(pos + 8);
            int pid = b.getInt(pos + 12);
            byte[] payload = new byte[msgLen - NetlinkMessage.HEADER_SIZE];
            System.arraycopy(buf, pos + NetlinkMessage.HEADER_SIZE, payload, 0, payload.length);
            out.add(new NetlinkMessage(type, flags, seq, pid, payload));
            pos += align(msgLen);
        }
        return out;
    }

    /** Builds a sequence of route attributes. */
    public static final class AttributeWriter {
        private final ByteBuffer b = ByteBuffer.allocate(1024).order(ByteOrder.nativeOrder());

        public AttributeWriter put(int type, byte[] value) {
            int len = 4 + value.length;
            b.putShort((short) len).putShort((short) type).put(value);
            for (int i = len; i < align(len); i++) {
                b.put((byte) 0);
            }
            return this;
        }

        /** A NUL-terminated C string, as the kernel expects for names and labels. */
        public AttributeWriter putString(int type, String value) {
            byte[] s = value.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] z = new byte[s.length + 1];
            System.arraycopy(s, 0, z, 0, s.length);
            return put(type, z);
        }

        public byte[] toBytes() {
            byte[] out = new byte[b.position()];
            System.arraycopy(b.array(), 0, out, 0, out.length);
            return out;
        }
    }

    /**
     * Parses route attributes in {@code buf[offset, end)} into an array indexed by type (types above
     * {@code maxType} are ignored, as newer kernels add attributes).
     */
    public static byte[][] parseAttributes(byte[] buf, int offset, int end, int maxType) {
        byte[][] attrs = new byte[maxType + 1][];
        ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
        int pos = offset;
        while (pos + 4 <= end) {
            int len = Short.toUnsignedInt(b.getShort(pos));
            int type = Short.toUnsignedInt(b.getShort(pos + 2)) & 0x3fff; // strip NLA_F_NESTED / NET_BYTEORDER
            if (len < 4 || pos + len > end) {
                break;
            }
            if (type <= maxType) {
                byte[] v = new byte[len - 4];
                System.arraycopy(buf, pos + 4, v, 0, v.length);
                attrs[type] = v;
            }
            pos += align(len);
        }
        return attrs;
    }

    /** A C string attribute value without its NUL terminator. */
    public static String cString(byte[] value) {
        int n = 0;
        while (n < value.length && value[n] != 0) {
            n++;
        }
        return new String(value, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
    }

    static int u32(byte[] value) {
        return ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()).getInt(0);
    }
}
