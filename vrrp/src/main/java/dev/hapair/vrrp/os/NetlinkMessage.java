package dev.hapair.vrrp.os;

/**
 * One netlink message: the fields of struct nlmsghdr and the payload after it (without padding).
 * The payload array is not copied; treat it as read-only.
 */
public record NetlinkMessage(int type, int flags, int seq, int pid, byte[] payload) {
    // <linux/netlink.h>
    public static final int NLMSG_NOOP = 1;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLM_F_REQUEST = 0x1;
    public static final int NLM_F_MULTI = 0x2;
    public static final int NLM_F_ACK = 0x4;
    public static final int NLM_F_DUMP = 0x300;
    public static final int NLM_F_EXCL = 0x200;
    public static final int NLM_F_CREATE = 0x400;
    /** In an NLMSG_ERROR: the echoed request was cut to its header (NETLINK_CAP_ACK). */
    public static final int NLM_F_CAPPED = 0x100;
    /** In an NLMSG_ERROR: extended-ack attributes follow the echoed request. */
    public static final int NLM_F_ACK_TLVS = 0x200;
    // <linux/rtnetlink.h>
    public static final int RTM_NEWLINK = 16;
    public static final int RTM_DELLINK = 17;
    public static final int RTM_GETLINK = 18;
    public static final int RTM_NEWADDR = 20;
    public static final int RTM_DELADDR = 21;
    public static final int RTM_GETADDR = 22;
    /** Multicast group bit for link changes (RTNLGRP_LINK = 1). */
    public static final int RTMGRP_LINK = 0x1;
    /** sizeof(struct nlmsghdr). */
    public static final int HEADER_SIZE = 16;
}
