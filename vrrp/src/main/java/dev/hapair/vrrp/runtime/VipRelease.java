package dev.hapair.vrrp.runtime;

import dev.hapair.vrrp.config.KeepalivedConfig;
import dev.hapair.vrrp.config.VirtualAddress;
import dev.hapair.vrrp.config.VrrpInstanceConfig;
import dev.hapair.vrrp.os.AddressManager;
import dev.hapair.vrrp.os.AddressScope;
import dev.hapair.vrrp.os.Errno;
import dev.hapair.vrrp.os.IfAddress;
import dev.hapair.vrrp.os.NativeException;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Removing this host's VIPs without running VRRP: {@code hapair-vrrp --release -f FILE}, for a supervisor
 * to run after the daemon died without cleaning up (kill -9, OOM: systemd's {@code ExecStopPost}), and the
 * start-up reconciliation of the daemon itself. The real keepalived leaves the VIP on a killed master, so two
 * hosts answer for it; this is how hapair avoids that.
 */
public final class VipRelease {
    private VipRelease() {}

    /** The IPv4 VIPs (and virtual_ipaddress_excluded) of an instance as netlink assignments ({@code dev}, {@code label}, {@code scope}, {@code brd}). */
    public static List<IfAddress> addresses(VrrpInstanceConfig c) {
        List<IfAddress> out = new ArrayList<>();
        for (VirtualAddress v : c.virtualAddresses()) {
            toIfAddress(v, c.interfaceName()).ifPresent(out::add);
        }
        for (VirtualAddress v : c.excludedAddresses()) {
            toIfAddress(v, c.interfaceName()).ifPresent(out::add);
        }
        return out;
    }

    /**
     * The IPv6 addresses of an instance: its VIPs when it runs over IPv6, and those of
     * virtual_ipaddress_excluded (either kind of instance may hold them), added nodad.
     */
    public static List<dev.hapair.vrrp.os.Ip6Address> ipv6Addresses(VrrpInstanceConfig c) {
        List<dev.hapair.vrrp.os.Ip6Address> out = new ArrayList<>();
        for (List<VirtualAddress> list : List.of(c.virtualAddresses(), c.excludedAddresses())) {
            for (VirtualAddress v : list) {
                toIp6Address(v, c.interfaceName()).ifPresent(out::add);
            }
        }
        return out;
    }

    static Optional<dev.hapair.vrrp.os.Ip6Address> toIp6Address(VirtualAddress v, String instanceInterface) {
        return v.address() instanceof java.net.Inet6Address a
                ? Optional.of(new dev.hapair.vrrp.os.Ip6Address(v.deviceOr(instanceInterface), a, v.prefixLength()))
                : Optional.empty();
    }

    /** How the daemon adds one virtual address: netlink IPv4 with label/scope/brd, or IPv6 nodad. */
    static dev.hapair.vrrp.os.VipAssignment toAssignment(VirtualAddress v, String instanceInterface) {
        return toIfAddress(v, instanceInterface)
                .<dev.hapair.vrrp.os.VipAssignment>map(a -> a)
                .orElseGet(() -> toIp6Address(v, instanceInterface).orElseThrow());
    }

    /** Deletes the address if assigned, whatever its family; true when this call removed it. */
    public static boolean removeIfPresent(AddressManager addresses, dev.hapair.vrrp.os.VipAssignment vip) {
        return vip instanceof IfAddress v4
                ? removeIfPresent(addresses, v4)
                : removeIfPresent(addresses, (dev.hapair.vrrp.os.Ip6Address) vip);
    }

    /** Deletes an IPv6 address if assigned; true when this call removed it. Other failures propagate. */
    public static boolean removeIfPresent(AddressManager addresses, dev.hapair.vrrp.os.Ip6Address vip) {
        try {
            addresses.delete6(vip);
            return true;
        } catch (NativeException e) {
            if (e.errno() == Errno.EADDRNOTAVAIL || e.errno() == Errno.ENODEV) {
                return false;
            }
            throw new IllegalStateException(e.getMessage(), e);
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    static Optional<IfAddress> toIfAddress(VirtualAddress v, String instanceInterface) {
        if (!(v.address() instanceof Inet4Address a)) {
            return Optional.empty();
        }
        return Optional.of(new IfAddress(
                v.deviceOr(instanceInterface),
                a,
                v.prefixLength(),
                scope(v),
                v.label(),
                v.broadcast().filter(b -> b instanceof Inet4Address).map(b -> (Inet4Address) b)));
    }

    private static AddressScope scope(VirtualAddress v) {
        return switch (v.scope()) {
            case GLOBAL -> AddressScope.GLOBAL;
            case SITE -> AddressScope.SITE;
            case LINK -> AddressScope.LINK;
            case HOST -> AddressScope.HOST;
            case NOWHERE -> AddressScope.NOWHERE;
        };
    }

    /**
     * Deletes the address if it is assigned, whatever label it carries (the kernel only deletes an address
     * whose label matches the one in the request, and a leftover may have been added differently); true when
     * this call removed it. Other failures propagate.
     */
    public static boolean removeIfPresent(AddressManager addresses, IfAddress vip) {
        try {
            addresses.delete(vip.withLabel(null));
            return true;
        } catch (NativeException e) {
            if (e.errno() == Errno.EADDRNOTAVAIL || e.errno() == Errno.ENODEV) {
                return false;
            }
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Removes every VIP of every instance; prints one line per address removed. Returns the exit code: 0 when
     * everything that was there is gone, 1 when a removal failed.
     */
    public static int release(KeepalivedConfig config, AddressManager addresses, PrintStream out, PrintStream err) {
        int failures = 0;
        int removed = 0;
        for (VrrpInstanceConfig i : config.instances()) {
            List<dev.hapair.vrrp.os.VipAssignment> all = new ArrayList<>(addresses(i));
            all.addAll(ipv6Addresses(i));
            for (dev.hapair.vrrp.os.VipAssignment vip : all) {
                try {
                    if (removeIfPresent(addresses, vip)) {
                        out.println(i.name() + ": removed " + vip);
                        removed++;
                    }
                } catch (IllegalStateException e) {
                    err.println(i.name() + ": cannot remove " + vip + ": " + e.getMessage());
                    failures++;
                }
            }
        }
        out.println("hapair-vrrp --release: " + removed + " virtual address(es) removed");
        return failures == 0 ? 0 : 1;
    }
}
