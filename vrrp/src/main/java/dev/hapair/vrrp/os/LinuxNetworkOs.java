package dev.hapair.vrrp.os;

import java.net.Inet4Address;

/**
 * {@link NetworkOs} on Linux through JNA: raw IPv4 and packet sockets, rtnetlink. Everything is opened in
 * the network namespace of the thread that called {@link #open()} (the daemon's main thread, normally the
 * host's namespace); channels opened later from other threads use those threads' namespace, which for a
 * daemon is the same one.
 */
public final class LinuxNetworkOs implements NetworkOs {
    private final NetlinkAddressManager addresses;
    private final NetlinkInterfaces interfaces;
    private final NetlinkLinkMonitor links;

    private LinuxNetworkOs(NetlinkAddressManager addresses, NetlinkInterfaces interfaces, NetlinkLinkMonitor links) {
        this.addresses = addresses;
        this.interfaces = interfaces;
        this.links = links;
    }

    public static LinuxNetworkOs open() throws NativeException {
        NetlinkAddressManager addresses = NetlinkAddressManager.open();
        NetlinkInterfaces interfaces = null;
        try {
            interfaces = NetlinkInterfaces.open();
            return new LinuxNetworkOs(addresses, interfaces, NetlinkLinkMonitor.open());
        } catch (NativeException | RuntimeException e) {
            addresses.close();
            if (interfaces != null) {
                interfaces.close();
            }
            throw e;
        }
    }

    @Override
    public AdvertChannel openMulticastChannel(String interfaceName, Inet4Address sourceAddress, AdvertListener listener)
            throws NativeException {
        return RawAdvertChannel.multicast(interfaceName, sourceAddress, listener);
    }

    @Override
    public AdvertChannel openUnicastChannel(String interfaceName, Inet4Address sourceAddress, AdvertListener listener)
            throws NativeException {
        return RawAdvertChannel.unicast(interfaceName, sourceAddress, listener);
    }

    @Override
    public AdvertChannel openMulticastChannel6(String interfaceName, AdvertListener listener) throws NativeException {
        return RawAdvert6Channel.multicast(interfaceName, listener);
    }

    @Override
    public FrameSender openFrameSender(String interfaceName) throws NativeException {
        return PacketSocketSender.open(interfaceName);
    }

    @Override
    public FrameReceiver openArpReceiver(String interfaceName, FrameListener listener) throws NativeException {
        return PacketSocketReceiver.openArp(interfaceName, listener);
    }

    @Override
    public FrameReceiver openNeighbourAdvertReceiver(String interfaceName, FrameListener listener)
            throws NativeException {
        return PacketSocketReceiver.openNeighbourAdverts(interfaceName, listener);
    }

    @Override
    public AddressManager addresses() {
        return addresses;
    }

    @Override
    public Interfaces interfaces() {
        return interfaces;
    }

    @Override
    public LinkMonitor links() {
        return links;
    }

    @Override
    public void close() {
        links.close();
        interfaces.close();
        addresses.close();
    }
}
