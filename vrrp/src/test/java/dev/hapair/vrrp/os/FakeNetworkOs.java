package dev.hapair.vrrp.os;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link NetworkOs} of fakes for daemon tests: every channel and sender it opens is kept so the test can
 * inject packets and assert what was sent. Opening on an interface unknown to {@link #interfaces()}
 * fails with ENODEV, like the real thing.
 */
public final class FakeNetworkOs implements NetworkOs {
    private final FakeInterfaces interfaces;
    private final FakeAddressManager addresses;
    private final FakeLinkMonitor links = new FakeLinkMonitor();
    private final Map<String, List<FakeAdvertChannel>> channels = new ConcurrentHashMap<>();
    private final Map<String, List<FakeFrameSender>> senders = new ConcurrentHashMap<>();
    private final Map<String, List<FakeArpReceiver>> arpReceivers = new ConcurrentHashMap<>();
    private final Map<String, List<FakeArpReceiver>> naReceivers = new ConcurrentHashMap<>();

    /** An ARP (or NA) receiver of the fake: {@link #deliver} hands a frame to the daemon as if another host sent it. */
    public static final class FakeArpReceiver implements FrameReceiver {
        private final String interfaceName;
        private final FrameListener listener;
        private volatile boolean closed;

        FakeArpReceiver(String interfaceName, FrameListener listener) {
            this.interfaceName = interfaceName;
            this.listener = listener;
        }

        public void deliver(byte[] frame) {
            if (!closed) {
                listener.onFrame(frame);
            }
        }

        public boolean closed() {
            return closed;
        }

        @Override
        public String interfaceName() {
            return interfaceName;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** {@code interfaces} must already hold every interface the test uses; their links start usable. */
    public FakeNetworkOs(FakeInterfaces interfaces, String... interfaceNames) {
        this.interfaces = interfaces;
        this.addresses = new FakeAddressManager(interfaceNames);
        for (String name : interfaceNames) {
            links.setUp(name, true);
        }
    }

    @Override
    public FakeAdvertChannel openMulticastChannel(
            String interfaceName, Inet4Address sourceAddress, AdvertListener listener) throws NativeException {
        return open(interfaceName, listener);
    }

    @Override
    public FakeAdvertChannel openUnicastChannel(
            String interfaceName, Inet4Address sourceAddress, AdvertListener listener) throws NativeException {
        return open(interfaceName, listener);
    }

    @Override
    public FakeAdvertChannel openMulticastChannel6(String interfaceName, AdvertListener listener)
            throws NativeException {
        return open(interfaceName, listener);
    }

    private FakeAdvertChannel open(String interfaceName, AdvertListener listener) throws NativeException {
        interfaces.lookup(interfaceName);
        FakeAdvertChannel ch = new FakeAdvertChannel(interfaceName, listener);
        channels.computeIfAbsent(interfaceName, k -> new ArrayList<>()).add(ch);
        return ch;
    }

    @Override
    public FakeFrameSender openFrameSender(String interfaceName) throws NativeException {
        interfaces.lookup(interfaceName);
        FakeFrameSender s = new FakeFrameSender(interfaceName);
        senders.computeIfAbsent(interfaceName, k -> new ArrayList<>()).add(s);
        return s;
    }

    /** Channels opened on the interface, oldest first. */
    public List<FakeAdvertChannel> channels(String interfaceName) {
        return List.copyOf(channels.getOrDefault(interfaceName, List.of()));
    }

    @Override
    public FakeArpReceiver openArpReceiver(String interfaceName, FrameListener listener) throws NativeException {
        interfaces.lookup(interfaceName);
        FakeArpReceiver r = new FakeArpReceiver(interfaceName, listener);
        arpReceivers
                .computeIfAbsent(interfaceName, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(r);
        return r;
    }

    @Override
    public FakeArpReceiver openNeighbourAdvertReceiver(String interfaceName, FrameListener listener)
            throws NativeException {
        interfaces.lookup(interfaceName);
        FakeArpReceiver r = new FakeArpReceiver(interfaceName, listener);
        naReceivers
                .computeIfAbsent(interfaceName, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(r);
        return r;
    }

    /** Neighbour-advertisement receivers opened on the interface, oldest first. */
    public List<FakeArpReceiver> neighbourAdvertReceivers(String interfaceName) {
        return List.copyOf(naReceivers.getOrDefault(interfaceName, List.of()));
    }

    /** ARP receivers opened on the interface, oldest first. */
    public List<FakeArpReceiver> arpReceivers(String interfaceName) {
        return List.copyOf(arpReceivers.getOrDefault(interfaceName, List.of()));
    }

    /** Frame senders opened on the interface, oldest first. */
    public List<FakeFrameSender> frameSenders(String interfaceName) {
        return List.copyOf(senders.getOrDefault(interfaceName, List.of()));
    }

    @Override
    public FakeAddressManager addresses() {
        return addresses;
    }

    @Override
    public FakeInterfaces interfaces() {
        return interfaces;
    }

    @Override
    public FakeLinkMonitor links() {
        return links;
    }

    @Override
    public void close() {
        links.close();
    }
}
