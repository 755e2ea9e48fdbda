package dev.hapair.vrrp.os;

/** Looks interfaces up by name in the daemon's network namespace. */
public interface Interfaces {
    /** Fails with {@link Errno#ENODEV} when there is no such interface. */
    InterfaceInfo lookup(String name) throws NativeException;

    /**
     * The interface's IPv6 link-local addresses that are usable now (duplicate address detection finished), in
     * the kernel's order: the source of VRRPv3-over-IPv6 adverts. Fails with {@link Errno#ENODEV} like
     * {@link #lookup}.
     */
    java.util.List<java.net.Inet6Address> linkLocalAddresses(String name) throws NativeException;
}
