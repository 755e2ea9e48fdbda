package dev.hapair.vrrp.runtime;

import dev.hapair.common.time.MonotonicClock;
import dev.hapair.vrrp.fsm.VrrpEvent;
import dev.hapair.vrrp.os.FrameReceiver;
import dev.hapair.vrrp.os.IfAddress;
import dev.hapair.vrrp.os.InterfaceInfo;
import dev.hapair.vrrp.os.NativeException;
import dev.hapair.vrrp.os.NetworkOs;
import dev.hapair.vrrp.packet.ArpPacket;
import dev.hapair.vrrp.packet.GarpFrames;
import dev.hapair.vrrp.packet.MacAddress;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches ARP on every interface that carries an IPv4 address an instance holds, and tells the instance when
 * another host (a MAC not the interface's own) announces one of them: {@link VrrpEvent.AddressClaimed}. Whether
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
    private record Watched(MacAddress own, Map<Inet4Address, List<String>> holders) {}

    private final NetworkOs os;
    private final Executor loop;
    private final MonotonicClock clock;
    private final BiConsumer<String, VrrpEvent> dispatch;
    private final Map<String, FrameReceiver> receivers = new HashMap<>();
    private final Map<Inet4Address, Long> lastQueued = new ConcurrentHashMap<>();
    private volatile Map<String, Watched> watched = Map.of();

    ClaimWatch(NetworkOs os, Executor loop, MonotonicClock clock, BiConsumer<String, VrrpEvent> dispatch) {
        this.os = os;
        this.loop = loop;
        this.clock = clock;
        this.dispatch = dispatch;
    }

    /** Watches exactly the interfaces of the running instances' IPv4 addresses (loop thread). */
    void sync(Collection<InstanceRunner> runners) {
        Map<String, Map<Inet4Address, List<String>>> wanted = new LinkedHashMap<>();
        for (InstanceRunner r : runners) {
            for (Map.Entry<java.net.InetAddress, dev.hapair.vrrp.os.VipAssignment> e :
                    r.plan().vips().entrySet()) {
                if (!(e.getValue() instanceof IfAddress ifa)) {
                    continue; // ARP only: unsolicited NAs claiming IPv6 addresses are not watched
                }
                wanted.computeIfAbsent(ifa.interfaceName(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(ifa.address(), k -> new ArrayList<>())
                        .add(r.name());
            }
        }
        Map<String, Watched> next = new HashMap<>();
        for (Map.Entry<String, Map<Inet4Address, List<String>>> e : wanted.entrySet()) {
            String name = e.getKey();
            Optional<MacAddress> mac = macOf(name);
            if (mac.isEmpty() || !open(name)) {
                continue;
            }
            Map<Inet4Address, List<String>> holders = new HashMap<>();
            e.getValue().forEach((a, names) -> holders.put(a, List.copyOf(names)));
            next.put(name, new Watched(mac.get(), Map.copyOf(holders)));
        }
        for (String name : List.copyOf(receivers.keySet())) {
            if (!next.containsKey(name)) {
                receivers.remove(name).close();
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

    private boolean open(String interfaceName) {
        if (receivers.containsKey(interfaceName)) {
            return true;
        }
        try {
            receivers.put(interfaceName, os.openArpReceiver(interfaceName, f -> onFrame(interfaceName, f)));
            return true;
        } catch (NativeException e) {
            LOG.warn(
                    "cannot watch ARP on {} ({}): another host announcing our addresses goes unnoticed",
                    interfaceName,
                    e.getMessage());
            return false;
        }
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
        List<String> holders = w.holders().get(arp.senderIp());
        if (holders == null
                || arp.senderMac().equals(w.own())
                || arp.ethSource().equals(w.own())) {
            return;
        }
        long now = clock.nanoTime();
        Long last = lastQueued.get(arp.senderIp());
        if (last != null && now - last < MIN_GAP_NANOS) {
            return;
        }
        lastQueued.put(arp.senderIp(), now);
        VrrpEvent.AddressClaimed claim = new VrrpEvent.AddressClaimed(arp.senderIp(), arp.senderMac());
        loop.execute(() -> holders.forEach(h -> dispatch.accept(h, claim)));
    }

    @Override
    public void close() {
        receivers.values().forEach(FrameReceiver::close);
        receivers.clear();
        watched = Map.of();
    }
}
