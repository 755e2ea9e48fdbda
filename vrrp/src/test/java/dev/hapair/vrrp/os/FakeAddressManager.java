package dev.hapair.vrrp.os;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * In-memory {@link AddressManager} for daemon tests, failing like the kernel does (EEXIST,
 * EADDRNOTAVAIL, ENODEV) and recording every call in order ({@link #operations()}), so tests can assert
 * "added once, deleted on exit". {@link #failNext(int)} injects an errno, e.g. EPERM.
 */
public final class FakeAddressManager implements AddressManager {
    private final Map<String, List<IfAddress>> byInterface = new LinkedHashMap<>();
    private final Map<String, List<Ip6Address>> v6 = new LinkedHashMap<>();
    private final List<String> operations = new ArrayList<>();
    private int failNextErrno;

    /** Interfaces that exist; others fail with ENODEV. */
    public FakeAddressManager(Set<String> interfaces) {
        interfaces.forEach(i -> byInterface.put(i, new ArrayList<>()));
    }

    public FakeAddressManager(String... interfaces) {
        this(Set.of(interfaces));
    }

    /** The next add/delete/list fails with this errno. */
    public synchronized FakeAddressManager failNext(int errno) {
        failNextErrno = errno;
        return this;
    }

    @Override
    public synchronized void add(IfAddress address) throws NativeException {
        String what = "add " + address;
        operations.add(what);
        List<IfAddress> on = existing(address.interfaceName(), what);
        for (IfAddress a : on) {
            if (a.sameAssignment(address)) {
                throw new NativeException(what, Errno.EEXIST, NetlinkAddressManager.hint(Errno.EEXIST));
            }
        }
        on.add(address);
    }

    @Override
    public synchronized void delete(IfAddress address) throws NativeException {
        String what = "delete " + address;
        operations.add(what);
        List<IfAddress> on = existing(address.interfaceName(), what);
        if (!on.removeIf(a -> a.sameAssignment(address))) {
            throw new NativeException(what, Errno.EADDRNOTAVAIL, NetlinkAddressManager.hint(Errno.EADDRNOTAVAIL));
        }
    }

    @Override
    public synchronized void add6(Ip6Address address) throws NativeException {
        String what = "add " + address;
        operations.add(what);
        existing(address.interfaceName(), what);
        List<Ip6Address> on = v6.computeIfAbsent(address.interfaceName(), k -> new ArrayList<>());
        if (on.stream().anyMatch(a -> a.address().equals(address.address()))) {
            throw new NativeException(what, Errno.EEXIST, NetlinkAddressManager.hint(Errno.EEXIST));
        }
        on.add(address);
    }

    @Override
    public synchronized void delete6(Ip6Address address) throws NativeException {
        String what = "delete " + address;
        operations.add(what);
        existing(address.interfaceName(), what);
        if (!v6.getOrDefault(address.interfaceName(), new ArrayList<>())
                .removeIf(a -> a.address().equals(address.address()))) {
            throw new NativeException(what, Errno.EADDRNOTAVAIL, NetlinkAddressManager.hint(Errno.EADDRNOTAVAIL));
        }
    }

    /** Current IPv6 addresses added through {@link #add6}, without recording an operation. */
    public synchronized List<Ip6Address> addresses6(String interfaceName) {
        return List.copyOf(v6.getOrDefault(interfaceName, List.of()));
    }

    @Override
    public synchronized List<IfAddress> list(String interfaceName) throws NativeException {
        operations.add("list " + interfaceName);
        return List.copyOf(existing(interfaceName, "list addresses of " + interfaceName));
    }

    /** Every add/delete/list so far, as {@code add 10.0.0.1/32 dev eth0}. */
    public synchronized List<String> operations() {
        return List.copyOf(operations);
    }

    /** Current addresses of an interface, without recording an operation. */
    public synchronized List<IfAddress> addresses(String interfaceName) {
        return List.copyOf(byInterface.getOrDefault(interfaceName, List.of()));
    }

    private List<IfAddress> existing(String interfaceName, String what) throws NativeException {
        if (failNextErrno != 0) {
            int errno = failNextErrno;
            failNextErrno = 0;
            throw new NativeException(what, errno, NetlinkAddressManager.hint(errno));
        }
        List<IfAddress> on = byInterface.get(interfaceName);
        if (on == null) {
            throw new NativeException(what, Errno.ENODEV, "no interface '" + interfaceName + "'");
        }
        return on;
    }
}
