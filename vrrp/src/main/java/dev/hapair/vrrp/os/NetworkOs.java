package dev.hapair.vrrp.os;

import java.net.Inet4Address;

/**
 * Everything the VRRP daemon asks of the operating system, in one injectable place: {@link LinuxNetworkOs}
 * for real, {@code FakeNetworkOs} (test tree) for tests of the daemon without root.
 */
public interface NetworkOs extends AutoCloseable {
    /** Multicast advert channel on the interface; {@code sourceAddress} may be null (kernel chooses). */
    AdvertChannel openMulticastChannel(String interfaceName, Inet4Address sourceAddress, AdvertListener listener)
            throws NativeException;

    /** Unicast advert channel (keepalived's {@code unicast_src_ip} / {@code unicast_peer}). */
    AdvertChannel openUnicastChannel(String interfaceName, Inet4Address sourceAddress, AdvertListener listener)
            throws NativeException;

    /** VRRPv3-over-IPv6 advert channel on the interface: ff02::12, sent from its link-local address. */
    AdvertChannel openMulticastChannel6(String interfaceName, AdvertListener listener) throws NativeException;

    /** Sender of gratuitous ARP frames on the interface. */
    FrameSender openFrameSender(String interfaceName) throws NativeException;

    /** Receiver of the ARP frames other hosts send on the interface (to notice them announcing our addresses). */
    FrameReceiver openArpReceiver(String interfaceName, FrameListener listener) throws NativeException;

    /**
     * Receiver of the IPv6 neighbour advertisements other hosts send on the interface (to notice them announcing our
     * IPv6 addresses).
     */
    FrameReceiver openNeighbourAdvertReceiver(String interfaceName, FrameListener listener) throws NativeException;

    AddressManager addresses();

    Interfaces interfaces();

    LinkMonitor links();

    /** Closes the shared services (address manager, interfaces, link monitor); channels are closed by their owners. */
    @Override
    void close();
}
