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

    /** Assigns an IPv6 address with IFA_F_NODAD; fails with EEXIST if it is already there. */
    default void add6(Ip6Address address) throws NativeException {
        throw new UnsupportedOperationException(
                "IPv6 addresses are not supported by " + getClass().getSimpleName());
    }

    /** Removes an IPv6 address; fails with EADDRNOTAVAIL if it is not there. */
    default void delete6(Ip6Address address) throws NativeException {
        throw new UnsupportedOperationException(
                "IPv6 addresses are not supported by " + getClass().getSimpleName());
    }

    /** IPv4 addresses currently on the interface, in the kernel's order (primary first). */
    List<IfAddress> list(String interfaceName) throws NativeException;

    /**
     * Adds the address unless it is already assigned (reconciling after a crash, or a retry): returns
     * true if this call added it. Every other failure propagates.
     */
    default boolean ensurePresent(IfAddress address) throws NativeException {
        try {
            add(address);
            return true;
        } catch (NativeException e) {
            if (e.errno() == Errno.EEXIST) {
                return false;
            }
            throw e;
        }
    }

    /** Removes the address if it is assigned: returns true if this call removed it. */
    default boolean ensureAbsent(IfAddress address) throws NativeException {
        try {
            delete(address);
            return true;
        } catch (NativeException e) {
            if (e.errno() == Errno.EADDRNOTAVAIL) {
                return false;
            }
            throw e;
        }
    }
}
