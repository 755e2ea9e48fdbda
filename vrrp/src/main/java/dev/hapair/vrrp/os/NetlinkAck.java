package dev.hapair.vrrp.os;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * The kernel's answer to a request (NLMSG_ERROR): errno 0 is success. With NETLINK_EXT_ACK the kernel
 * appends attributes after the echoed request, among them a human-readable reason (NLMSGERR_ATTR_MSG),
 * e.g. "Invalid prefix length" — we show it to operators verbatim.
 *
 * <p>struct nlmsgerr { int error; struct nlmsghdr msg; } followed by the request's payload unless the
 * NLM_F_CAPPED flag says it was cut, then the extended-ack TLVs (NLM_F_ACK_TLVS).
 */
public record NetlinkAck(int errno, int requestSeq, Optional<String> message) {
    static final int NLMSGERR_ATTR_MSG = 1;

    public boolean ok() {
        return errno == 0;
    }

    public static NetlinkAck decode(NetlinkMessage msg) {
        if (msg.type() != NetlinkMessage.NLMSG_ERROR) {
            throw new IllegalArgumentException("not an NLMSG_ERROR message: type " + msg.type());
        }
        byte[] p = msg.payload();
        if (p.length < 4 + NetlinkMessage.HEADER_SIZE) {
            throw new IllegalArgumentException("truncated NLMSG_ERROR: " + p.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(p).order(ByteOrder.nativeOrder());
        int error = b.getInt(0);
        int echoedLen = b.getInt(4);
        int echoedSeq = b.getInt(12);
        String text = null;
        if ((msg.flags() & NetlinkMessage.NLM_F_ACK_TLVS) != 0) {
            int tlvStart = 4
                    + ((msg.flags() & NetlinkMessage.NLM_F_CAPPED) != 0
                            ? NetlinkMessage.HEADER_SIZE
                            : NetlinkCodec.align(echoedLen));
            if (tlvStart <= p.length) {
                byte[][] attrs = NetlinkCodec.parseAttributes(p, tlvStart, p.length, NLMSGERR_ATTR_MSG);
                if (attrs[NLMSGERR_ATTR_MSG] != null) {
                    text = NetlinkCodec.cString(attrs[NLMSGERR_ATTR_MSG]);
                }
            }
        }
        return new NetlinkAck(-error, echoedSeq, Optional.ofNullable(text).filter(s -> !s.isEmpty()));
    }
}
