package dev.hapair.vrrp.os;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link Interfaces} from rtnetlink dumps (links, then IPv4 addresses). Netlink rather than /sys: sysfs
 * shows the namespace it was mounted in, which is not the one a setns()'d thread lives in.
 * Thread-safe.
 */
public final class NetlinkInterfaces implements Interfaces, AutoCloseable {
    private final NetlinkSocket socket;

    private NetlinkInterfaces(NetlinkSocket socket) {
        this.socket = socket;
    }

    public static NetlinkInterfaces open() throws NativeException {
        return new NetlinkInterfaces(NetlinkSocket.open(0));
    }

    @Override
    public synchronized InterfaceInfo lookup(String name) throws NativeException {
        LinkState link = socket.link(name, "look up interface " + name);
        int seq = socket.nextSeq();
        List<IfAddress> addrs = new ArrayList<>();
        for (NetlinkMessage m : socket.dump(AddressMessages.dumpAddresses(seq), seq, "list addresses of " + name)) {
            if (AddressMessages.isIpv4Address(m) && AddressMessages.ifindex(m) == link.index()) {
                addrs.add(AddressMessages.decode(m, name));
            }
        }
        return new InterfaceInfo(name, link.index(), link.mac(), link, addrs);
    }

    @Override
    public synchronized List<java.net.Inet6Address> linkLocalAddresses(String name) throws NativeException {
        LinkState link = socket.link(name, "look up interface " + name);
        int seq = socket.nextSeq();
        List<java.net.Inet6Address> out = new ArrayList<>();
        for (NetlinkMessage m :
                socket.dump(AddressMessages.dumpAddresses6(seq), seq, "list IPv6 addresses of " + name)) {
            if (AddressMessages.ifindex(m) == link.index()) {
                AddressMessages.usableLinkLocal6(m).ifPresent(out::add);
            }
        }
        return out;
    }

    /** Every link in the namespace. */
    public synchronized List<LinkState> links() throws NativeException {
        int seq = socket.nextSeq();
        List<LinkState> out = new ArrayList<>();
        for (NetlinkMessage m : socket.dump(LinkMessages.dumpLinks(seq), seq, "list links")) {
            if (LinkMessages.isLink(m)) {
                out.add(LinkMessages.decode(m));
            }
        }
        return out;
    }

    @Override
    public void close() {
        socket.close();
    }
}
