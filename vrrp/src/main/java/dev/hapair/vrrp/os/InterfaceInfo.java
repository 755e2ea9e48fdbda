package dev.hapair.vrrp.os;

import dev.hapair.vrrp.packet.MacAddress;
import java.net.Inet4Address;
import java.util.List;
import java.util.Optional;

/**
 * An interface as the VRRP daemon needs it: index (for sockets), MAC (gratuitous ARP sender), IPv4
 * addresses (advert source, VIP reconciliation) and link state (track_interface).
 */
public record InterfaceInfo(
        String name, int index, Optional<MacAddress> mac, LinkState link, List<IfAddress> ipv4Addresses) {
    public InterfaceInfo {
        ipv4Addresses = List.copyOf(ipv4Addresses);
    }

    /**
     * The interface's primary IPv4 address: the first in the kernel's list. The kernel keeps primaries
     * before secondaries and appends new primaries after older ones, so a VIP added later never takes
     * this place.
     */
    public Optional<Inet4Address> primaryIpv4() {
        return ipv4Addresses.isEmpty()
                ? Optional.empty()
                : Optional.of(ipv4Addresses.get(0).address());
    }
}
