package dev.hapair.vrrp.os;

import java.util.List;

/**
 * Adds and removes IPv4 addresses (VIPs) on interfaces. Failures carry errno:
 * {@link Errno#EEXIST} (already assigned), {@link Errno#EADDRNOTAVAIL} (delete of an absent address),
 * {@link Errno#ENODEV} (no such interface), {@link Errno#EPERM} (missing CAP_NET_ADMIN).
 */
public interface AddressManager {
    /** Assigns the address; fails with EEXIST if it is already there (never silently changes it). */
    void add(IfAddress address) throws NativeException;

    /** Removes the address; fails with EADDRNOTAVAIL if it is not there. */
    void delete(IfAddress address) throws NativeException;

    /** IPv4 addresses currently on the interface, in the kernel's order (primary first). */
    List<IfAddress> list(String interfaceName) throws NativeException;
}
