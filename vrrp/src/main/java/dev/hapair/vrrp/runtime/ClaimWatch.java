package dev.hapair.vrrp.runtime;

import dev.hapair.common.time.MonotonicClock;
import dev.hapair.vrrp.fsm.VrrpEvent;
import dev.hapair.vrrp.os.FrameReceiver;
import dev.hapair.vrrp.os.InterfaceInfo;
import dev.hapair.vrrp.os.NativeException;
import dev.hapair.vrrp.os.NetworkOs;
import dev.hapair.vrrp.os.VipAssignment;
import dev.hapair.vrrp.packet.ArpPacket;
import dev.hapair.vrrp.packet.GarpFrames;
import dev.hapair.vrrp.packet.MacAddress;
import dev.hapair.vrrp.packet.NeighbourAdvertFrames;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches ARP on every interface that carries an IPv4 address an instance holds, and IPv6 neighbour
 * advertisements on every interface that carries an IPv6 one, and tells the instance when another host (a MAC not
 * the interface's own) announces one of them: {@link VrrpEvent.AddressClaimed}. Whether
 * that matters is the state machine's decision (only a MASTER re-announces). One receiver per interface, opened
 * and closed by {@link #sync} on the loop; frames are matched on the receiver threads against an immutable
 * snapshot, and at most one claim per address per {@link #MIN_GAP_NANOS} is queued, so an ARP flood cannot flood
 * the loop.
 */
final class ClaimWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClaimWatch.class);
    /** A burst of gratuitous ARPs is one claim. */
    static final long MIN_GAP_NANOS = 20_000_000L;

    /** Per interface: its MAC and the instances holding each address on it. */
    private record Watched(MacAddress own, Map<InetAddress, List<String>> holders) {}

    private final NetworkOs os;
    private final Executor loop;
    private final MonotonicClock clock;
    private final BiConsumer<String, VrrpEvent> dispatch;
    /** ARP receivers by interface, and NA receivers by interface under {@link #NA} + name. */
    private final Map<String, FrameReceiver> receivers = new HashMap<>();

    private static final String NA = "na:";
    private final Map<InetAddress, Long> lastQueued = new ConcurrentHashMap<>();
    private volatile Map<String, Watched> watched = Map.of();

    ClaimWatch(NetworkOs os, Executor loop, MonotonicClock clock, BiConsumer<String, VrrpEvent> dispatch) {
        this.os = os;
        this.loop = loop;
        this.clock = clock;
        this.dispatch = dispatch;
    }

    /** Watches exactly the interfaces of the running instances' addresses, by family (loop thread). */
    void sync(Collection<InstanceRunner> runners) {
        Map<String, Map<InetAddress, List<String>>> wanted = new LinkedHashMap<>();
        for (InstanceRunner r : runners) {
            for (VipAssignment vip : r.plan().vips().values()) {
                wanted.computeIfAbsent(vip.interfaceName(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(vip.address(), k -> new ArrayList<>())
                        .add(r.name());
            }
        }
        Map<String, Watched> next = new HashMap<>();
        Set<String> open = new HashSet<>();
        for (Map.Entry<String, Map<InetAddress, List<String>>> e : wanted.entrySet()) {
            String name = e.getKey();
            Optional<MacAddress> mac = macOf(name);
            if (mac.isEmpty()) {
                continue;
            }
            Map<InetAddress, List<String>> holders = new HashMap<>();
            e.getValue().forEach((a, names) -> holders.put(a, List.copyOf(names)));
            if (holders.keySet().stream().anyMatch(a -> a instanceof Inet4Address) && open(name, false)) {
                open.add(name);
            }
            if (holders.keySet().stream().anyMatch(a -> a instanceof Inet6Address) && open(name, true)) {
                open.add(NA + name);
            }
            next.put(name, new Watched(mac.get(), Map.copyOf(holders)));
        }
        for (String key : List.copyOf(receivers.keySet())) {
            if (!open.contains(key)) {
                receivers.remove(key).close();
            }
        }
        watched = Map.copyOf(next);
    }

    private Optional<MacAddress> macOf(String interfaceName) {
        try {
            InterfaceInfo info = os.interfaces().lookup(interfaceName);
            return info.mac();
        } catch (NativeException e) {
            LOG.debug("not watching ARP on {}: {}", interfaceName, e.getMessage());
            return Optional.empty();
        }
    }

    private boolean open(String interfaceName, boolean ipv6) {
        String key = ipv6 ? NA + interfaceName : interfaceName;
        if (receivers.containsKey(key)) {
            return true;
        }
        try {
            receivers.put(
                    key,
                    ipv6
                            ? os.openNeighbourAdvertReceiver(interfaceName, f -> onNeighbourAdvert(interfaceName, f))
                            : os.openArpReceiver(interfaceName, f -> onFrame(interfaceName, f)));
            return true;
        } catch (NativeException e) {
            LOG.warn(
                    "cannot watch {} on {} ({}): another host announcing our addresses goes unnoticed",
                    ipv6 ? "neighbour advertisements" : "ARP",
                    interfaceName,
                    e.getMessage());
            return false;
        }
    }

    /**
     * Receiver thread: an IPv6 neighbour advertisement (hop limit 255, as RFC 4861 section 7.1.2 requires of a
     * valid one) for one of our addresses from another MAC claims it, solicited or not.
     */
    private void onNeighbourAdvert(String interfaceName, byte[] frame) {
        Watched w = watched.get(interfaceName);
        if (w == null) {
            return;
        }
        Optional<NeighbourAdvertFrames.Advert> parsed = NeighbourAdvertFrames.parse(frame);
        if (parsed.isEmpty() || parsed.get().hopLimit() != 255) {
            return;
        }
        NeighbourAdvertFrames.Advert na = parsed.get();
        if (na.targetMac().equals(w.own()) || na.ethSource().equals(w.own())) {
            return;
        }
        claim(w, na.target(), na.targetMac());
    }

    /** Receiver thread. */
    private void onFrame(String interfaceName, byte[] frame) {
        Watched w = watched.get(interfaceName);
        if (w == null) {
            return;
        }
        Optional<ArpPacket> parsed = GarpFrames.parse(frame);
        if (parsed.isEmpty()) {
            return;
        }
        ArpPacket arp = parsed.get();
        if (arp.senderMac().equals(w.own()) || arp.ethSource().equals(w.own())) {
            return;
        }
        claim(w, arp.senderIp(), arp.senderMac());
    }

    /** Queues the claim for the instances holding {@code address}, at most once per {@link #MIN_GAP_NANOS}. */
    private void claim(Watched w, InetAddress address, MacAddress claimant) {
        List<String> holders = w.holders().get(address);
        if (holders == null) {
            return;
        }
        long now = clock.nanoTime();
        Long last = lastQueued.get(address);
        if (last != null && now - last < MIN_GAP_NANOS) {
            return;
        }
        lastQueued.put(address, now);
        VrrpEvent.AddressClaimed event = new VrrpEvent.AddressClaimed(address, claimant);
        loop.execute(() -> holders.forEach(h -> dispatch.accept(h, event)));
    }

    @Override
    public void close() {
        receivers.values().forEach(FrameReceiver::close);
        receivers.clear();
        watched = Map.of();
    }
}
