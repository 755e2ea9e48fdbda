package dev.hapair.vrrp.os;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link AddressManager} over rtnetlink: what {@code ip addr add/del/show} does, without forking it.
 * Interface names are resolved through the same netlink socket, so everything happens in the network
 * namespace of the thread that called {@link #open()}, whichever thread calls later. Thread-safe.
 */
public final class NetlinkAddressManager implements AddressManager, AutoCloseable {
    private final NetlinkSocket socket;

    private NetlinkAddressManager(NetlinkSocket socket) {
        this.socket = socket;
    }

    public static NetlinkAddressManager open() throws NativeException {
        return new NetlinkAddressManager(NetlinkSocket.open(0));
    }

    /** Builds a request from (seq, ifindex). */
    private interface Request {
        byte[] build(int seq, int ifindex);
    }

    private synchronized void send(String what, String interfaceName, Request request) throws NativeException {
        int ifindex = socket.link(interfaceName, what).index();
        int seq = socket.nextSeq();
        check(socket.request(request.build(seq, ifindex), seq, what), what);
    }

    @Override
    public void add(IfAddress address) throws NativeException {
        send("add " + address, address.interfaceName(), (seq, ix) -> AddressMessages.newAddress(seq, ix, address));
    }

    @Override
    public void delete(IfAddress address) throws NativeException {
        send(
                "delete " + address,
                address.interfaceName(),
                (seq, ix) -> AddressMessages.deleteAddress(seq, ix, address));
    }

    @Override
    public void add6(Ip6Address address) throws NativeException {
        send("add " + address, address.interfaceName(), (seq, ix) -> AddressMessages.newAddress6(seq, ix, address));
    }

    @Override
    public void delete6(Ip6Address address) throws NativeException {
        send(
                "delete " + address,
                address.interfaceName(),
                (seq, ix) -> AddressMessages.deleteAddress6(seq, ix, address));
    }

    @Override
    public synchronized List<IfAddress> list(String interfaceName) throws NativeException {
        int ifindex =
                socket.link(interfaceName, "list addresses of " + interfaceName).index();
        int seq = socket.nextSeq();
        List<IfAddress> out = new ArrayList<>();
        for (NetlinkMessage m :
                socket.dump(AddressMessages.dumpAddresses(seq), seq, "list addresses of " + interfaceName)) {
            if (AddressMessages.isIpv4Address(m) && AddressMessages.ifindex(m) == ifindex) {
                out.add(AddressMessages.decode(m, interfaceName));
            }
        }
        return out;
    }

    /** Sends an address request for an explicit ifindex; lets tests provoke kernel-side errors. */
    synchronized NetlinkAck rawRequest(int type, int ifindex, IfAddress address) throws NativeException {
        int seq = socket.nextSeq();
        byte[] msg = type == NetlinkMessage.RTM_NEWADDR
                ? AddressMessages.newAddress(seq, ifindex, address)
                : AddressMessages.deleteAddress(seq, ifindex, address);
        return socket.request(msg, seq, "raw request");
    }

    static void check(NetlinkAck ack, String what) throws NativeException {
        if (!ack.ok()) {
            throw new NativeException(
                    what, ack.errno(), hint(ack.errno()), ack.message().orElse(null));
        }
    }

    static String hint(int errno) {
        return switch (errno) {
            case Errno.EEXIST -> "address already assigned";
            case Errno.EADDRNOTAVAIL -> "address not assigned";
            case Errno.EPERM, Errno.EACCES -> "need CAP_NET_ADMIN";
            case Errno.ENODEV -> "no such interface";
            default -> null;
        };
    }

    @Override
    public void close() {
        socket.close();
    }
}
