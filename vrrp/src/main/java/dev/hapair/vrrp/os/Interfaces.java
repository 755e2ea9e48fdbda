package dev.hapair.vrrp.os;

/** Looks interfaces up by name in the daemon's network namespace. */
public interface Interfaces {
    /** Fails with {@link Errno#ENODEV} when there is no such interface. */
    InterfaceInfo lookup(String name) throws NativeException;
}
