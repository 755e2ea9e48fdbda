package dev.hapair.vrrp.config;

import dev.hapair.common.config.SourceLocation;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of {@code virtual_ipaddress}: {@code ADDR[/PREFIX] [brd ADDR] [dev IF] [scope S] [label L]}.
 * Without a prefix the address is a host route (/32 or /128), as keepalived does. {@code device} empty means
 * the instance's interface.
 */
public record VirtualAddress(
        InetAddress address,
        int prefixLength,
        Optional<InetAddress> broadcast,
        Optional<String> device,
        VirtualAddressScope scope,
        Optional<String> label,
        SourceLocation location) {
    public VirtualAddress {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(broadcast, "broadcast");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(location, "location");
        int max = address instanceof Inet4Address ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range 0.." + max);
        }
    }

    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    /** The interface the address goes on: its own {@code dev}, else the instance's. */
    public String deviceOr(String instanceInterface) {
        return device.orElse(instanceInterface);
    }

    /** {@code 10.0.0.10/32} — the form operators compare with {@code ip addr}. */
    public String cidr() {
        return address.getHostAddress() + "/" + prefixLength;
    }

    /** Equal ignoring where it was written: what a reload compares. */
    public boolean sameAddressAs(VirtualAddress o) {
        return address.equals(o.address)
                && prefixLength == o.prefixLength
                && broadcast.equals(o.broadcast)
                && device.equals(o.device)
                && scope == o.scope
                && label.equals(o.label);
    }
}
