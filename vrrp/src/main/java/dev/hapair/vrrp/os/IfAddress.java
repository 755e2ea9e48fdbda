package dev.hapair.vrrp.os;

import dev.hapair.vrrp.packet.Ipv4Addresses;
import java.net.Inet4Address;
import java.util.Objects;
import java.util.Optional;

/**
 * An IPv4 address on an interface, as {@code ip addr add ADDRESS/PREFIX dev IFACE [label L] [scope S]
 * [brd B]} states it. A label equal to the interface name is the kernel's default and is stored as absent,
 * so an address read back from the kernel equals the one we added.
 */
public record IfAddress(
        String interfaceName,
        Inet4Address address,
        int prefixLength,
        AddressScope scope,
        Optional<String> label,
        Optional<Inet4Address> broadcast)
        implements VipAssignment {
    /** IFNAMSIZ - 1: labels share the kernel's interface-name buffer. */
    public static final int MAX_LABEL_LENGTH = 15;

    public IfAddress {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(broadcast, "broadcast");
        if (interfaceName.isEmpty() || interfaceName.length() > MAX_LABEL_LENGTH) {
            throw new IllegalArgumentException("bad interface name '" + interfaceName + "'");
        }
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range 0-32");
        }
        label = label.filter(l -> !l.equals(interfaceName));
        if (label.isPresent()) {
            String l = label.get();
            // iproute2 refuses the same; the kernel would otherwise show the address under another device name.
            if (!l.startsWith(interfaceName)) {
                throw new IllegalArgumentException(
                        "label '" + l + "' must start with the interface name '" + interfaceName + "'");
            }
            if (l.length() > MAX_LABEL_LENGTH) {
                throw new IllegalArgumentException(
                        "label '" + l + "' is longer than " + MAX_LABEL_LENGTH + " characters");
            }
        }
    }

    /** A global-scope address without label or broadcast: what a plain VIP line produces. */
    public static IfAddress of(String interfaceName, Inet4Address address, int prefixLength) {
        return new IfAddress(
                interfaceName, address, prefixLength, AddressScope.GLOBAL, Optional.empty(), Optional.empty());
    }

    /** Parses {@code 10.0.0.1} (meaning /32, as keepalived) or {@code 10.0.0.1/24}. */
    public static IfAddress parse(String interfaceName, String cidr) {
        int slash = cidr.indexOf('/');
        String ip = slash < 0 ? cidr : cidr.substring(0, slash);
        int prefix;
        try {
            prefix = slash < 0 ? 32 : Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length in '" + cidr + "'", e);
        }
        return of(interfaceName, Ipv4Addresses.parse(ip), prefix);
    }

    public IfAddress withLabel(String newLabel) {
        return new IfAddress(interfaceName, address, prefixLength, scope, Optional.ofNullable(newLabel), broadcast);
    }

    public IfAddress withScope(AddressScope newScope) {
        return new IfAddress(interfaceName, address, prefixLength, newScope, label, broadcast);
    }

    public IfAddress withBroadcast(Inet4Address newBroadcast) {
        return new IfAddress(interfaceName, address, prefixLength, scope, label, Optional.ofNullable(newBroadcast));
    }

    /** The label the kernel shows: the explicit one or the interface name. */
    public String effectiveLabel() {
        return label.orElse(interfaceName);
    }

    /** Same address and prefix on the same interface: what the kernel matches when deleting. */
    public boolean sameAssignment(IfAddress other) {
        return interfaceName.equals(other.interfaceName)
                && address.equals(other.address)
                && prefixLength == other.prefixLength;
    }

    /** {@code 10.0.0.1/32 dev eth0 label eth0:vip}, the way {@code ip addr} spells it. */
    @Override
    public String toString() {
        StringBuilder sb =
                new StringBuilder(address.getHostAddress()).append('/').append(prefixLength);
        broadcast.ifPresent(b -> sb.append(" brd ").append(b.getHostAddress()));
        if (scope != AddressScope.GLOBAL) {
            sb.append(" scope ").append(scope.keyword());
        }
        sb.append(" dev ").append(interfaceName);
        label.ifPresent(l -> sb.append(" label ").append(l));
        return sb.toString();
    }
}
