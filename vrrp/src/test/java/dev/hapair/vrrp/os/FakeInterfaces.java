package dev.hapair.vrrp.os;

import dev.hapair.vrrp.packet.MacAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link Interfaces} for daemon tests. */
public final class FakeInterfaces implements Interfaces {
    private final Map<String, InterfaceInfo> byName = new ConcurrentHashMap<>();
    private final Map<String, List<java.net.Inet6Address>> linkLocal = new ConcurrentHashMap<>();

    /** Gives the (already added) interface a usable IPv6 link-local address, e.g. "fe80::2". */
    public FakeInterfaces linkLocal(String name, String address) {
        linkLocal.merge(
                name,
                List.of(dev.hapair.vrrp.packet.Ipv6Header.parse(address)),
                (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList());
        return this;
    }

    @Override
    public List<java.net.Inet6Address> linkLocalAddresses(String name) throws NativeException {
        lookup(name);
        return linkLocal.getOrDefault(name, List.of());
    }

    /** Adds an up interface with one IPv4 address (e.g. "10.213.0.2/24") and a MAC. */
    public FakeInterfaces add(String name, int index, String mac, String cidr) {
        LinkState link = new LinkState(
                index,
                name,
                Optional.of(MacAddress.parse(mac)),
                LinkState.IFF_UP | LinkState.IFF_RUNNING,
                OperState.UP,
                false);
        return add(new InterfaceInfo(name, index, link.mac(), link, List.of(IfAddress.parse(name, cidr))));
    }

    public FakeInterfaces add(InterfaceInfo info) {
        byName.put(info.name(), info);
        return this;
    }

    @Override
    public InterfaceInfo lookup(String name) throws NativeException {
        InterfaceInfo info = byName.get(name);
        if (info == null) {
            throw new NativeException("look up interface " + name, Errno.ENODEV, "no interface '" + name + "'");
        }
        return info;
    }
}
