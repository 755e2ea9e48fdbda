package dev.hapair.vrrp.os;

import com.sun.jna.Memory;
import java.util.ArrayList;
import java.util.List;

/**
 * A NETLINK_ROUTE socket through JNA. Requests are answered synchronously (send, then read until the
 * matching ACK or NLMSG_DONE, bounded by a timeout so a lost answer cannot hang the daemon). The socket
 * belongs to the network namespace of the thread that opened it, for its whole life.
 * Not thread-safe: callers serialise requests.
 */
final class NetlinkSocket implements AutoCloseable {
    static final int RESPONSE_TIMEOUT_MILLIS = 3000;
    private static final int BUFFER_SIZE = 64 * 1024;

    private final int fd;
    private final Memory buffer = new Memory(BUFFER_SIZE);
    private int seq = (int) (System.currentTimeMillis() & 0x3fffffff);
    private volatile boolean closed;

    private NetlinkSocket(int fd) {
        this.fd = fd;
    }

    /** Opens a route socket; {@code groups} are RTMGRP_* bits to subscribe to notifications (0 for none). */
    static NetlinkSocket open(int groups) throws NativeException {
        int fd = Syscalls.socket(
                Linux.AF_NETLINK,
                Linux.SOCK_RAW,
                Linux.NETLINK_ROUTE,
                "socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE)",
                null);
        try {
            // Extended ack gives the kernel's reason text; capped acks keep errors small. Both are
            // best effort: kernels before 4.12 lack them and still answer with errno.
            try {
                Syscalls.setsockoptInt(fd, Linux.SOL_NETLINK, Linux.NETLINK_EXT_ACK, 1, "NETLINK_EXT_ACK");
                Syscalls.setsockoptInt(fd, Linux.SOL_NETLINK, Linux.NETLINK_CAP_ACK, 1, "NETLINK_CAP_ACK");
            } catch (NativeException ignored) {
                // older kernel: plain errno acks
            }
            if (groups != 0) {
                Syscalls.setsockoptInt(fd, Linux.SOL_SOCKET, Linux.SO_RCVBUF, 1 << 20, "SO_RCVBUF");
            }
            Syscalls.bind(fd, SockAddrs.sockaddrNl(0, groups), "AF_NETLINK groups " + groups);
            return new NetlinkSocket(fd);
        } catch (NativeException e) {
            Syscalls.close(fd);
            throw e;
        }
    }

    int fd() {
        return fd;
    }

    int nextSeq() {
        seq = (seq + 1) & 0x7fffffff;
        return seq;
    }

    void send(byte[] message, String description) throws NativeException {
        Syscalls.sendto(fd, message, SockAddrs.sockaddrNl(0, 0), description, "need CAP_NET_ADMIN");
    }

    /** Sends a request carrying NLM_F_ACK and returns the kernel's acknowledgement for it. */
    NetlinkAck request(byte[] message, int requestSeq, String description) throws NativeException {
        send(message, description);
        long deadline = System.nanoTime() + RESPONSE_TIMEOUT_MILLIS * 1_000_000L;
        while (true) {
            for (NetlinkMessage m : receive(deadline, description)) {
                if (m.type() == NetlinkMessage.NLMSG_ERROR && m.seq() == requestSeq) {
                    return NetlinkAck.decode(m);
                }
            }
        }
    }

    /**
     * Sends a request answered by one message (e.g. RTM_GETLINK by name) and returns that message;
     * an NLMSG_ERROR answer becomes a {@link NativeException}.
     */
    NetlinkMessage query(byte[] message, int requestSeq, String description, String hint) throws NativeException {
        send(message, description);
        long deadline = System.nanoTime() + RESPONSE_TIMEOUT_MILLIS * 1_000_000L;
        while (true) {
            for (NetlinkMessage m : receive(deadline, description)) {
                if (m.seq() != requestSeq) {
                    continue;
                }
                if (m.type() == NetlinkMessage.NLMSG_ERROR) {
                    NetlinkAck ack = NetlinkAck.decode(m);
                    if (ack.ok()) {
                        continue;
                    }
                    throw new NativeException(
                            description, ack.errno(), hint, ack.message().orElse(null));
                }
                return m;
            }
        }
    }

    /** The link of that name in this socket's namespace; ENODEV when there is none. */
    LinkState link(String name, String description) throws NativeException {
        int s = nextSeq();
        NetlinkMessage m = query(
                LinkMessages.getLink(s, name), s, description, "no interface '" + name + "' in this network namespace");
        if (!LinkMessages.isLink(m)) {
            throw new NativeException(description, Errno.EINVAL, "unexpected answer type " + m.type());
        }
        return LinkMessages.decode(m);
    }

    /** Sends a dump request and collects every answer up to NLMSG_DONE. */
    List<NetlinkMessage> dump(byte[] message, int requestSeq, String description) throws NativeException {
        send(message, description);
        long deadline = System.nanoTime() + RESPONSE_TIMEOUT_MILLIS * 1_000_000L;
        List<NetlinkMessage> out = new ArrayList<>();
        while (true) {
            for (NetlinkMessage m : receive(deadline, description)) {
                if (m.seq() != requestSeq) {
                    continue;
                }
                if (m.type() == NetlinkMessage.NLMSG_DONE) {
                    return out;
                }
                if (m.type() == NetlinkMessage.NLMSG_ERROR) {
                    NetlinkAck ack = NetlinkAck.decode(m);
                    throw new NativeException(
                            description, ack.errno(), null, ack.message().orElse(null));
                }
                out.add(m);
            }
        }
    }

    /** Whatever is queued now, without blocking (empty when nothing is). */
    List<NetlinkMessage> receiveAvailable(String description) throws NativeException {
        long n = Syscalls.recvfromNonBlocking(fd, buffer, BUFFER_SIZE, null, description);
        if (n < 0) {
            return List.of();
        }
        return NetlinkCodec.split(buffer.getByteArray(0, (int) n), (int) n);
    }

    private List<NetlinkMessage> receive(long deadlineNanos, String description) throws NativeException {
        while (true) {
            List<NetlinkMessage> got = receiveAvailable(description);
            if (!got.isEmpty()) {
                return got;
            }
            long left = (deadlineNanos - System.nanoTime()) / 1_000_000L;
            if (left <= 0 || closed) {
                throw new NativeException(
                        description,
                        Errno.ETIMEDOUT,
                        "no answer from the kernel within " + RESPONSE_TIMEOUT_MILLIS + " ms");
            }
            Syscalls.pollIn((int) Math.min(left, Integer.MAX_VALUE), fd);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Syscalls.close(fd);
        }
    }
}
