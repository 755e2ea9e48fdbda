package dev.hapair.vrrp.runtime;

import dev.hapair.vrrp.config.AuthType;
import dev.hapair.vrrp.config.InitialState;
import dev.hapair.vrrp.config.TrackRef;
import dev.hapair.vrrp.config.VirtualAddress;
import dev.hapair.vrrp.config.VrrpInstanceConfig;
import dev.hapair.vrrp.fsm.InstanceSpec;
import dev.hapair.vrrp.fsm.TrackSpec;
import dev.hapair.vrrp.fsm.VrrpState;
import dev.hapair.vrrp.os.VipAssignment;
import dev.hapair.vrrp.track.Tracker;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One vrrp_instance mapped from keepalived.conf onto what the daemon runs: the state machine's
 * {@link InstanceSpec}, the VIPs as netlink assignments, where adverts go, and which trackers feed which
 * track of the spec (with keepalived's {@code reverse}).
 *
 * @param source     the advert source: {@code unicast_src_ip}, else the interface's primary address; for an
 *                   instance whose VIPs are IPv6 (VRRPv3 over IPv6), the interface's link-local address
 * @param vips       VIP -> assignment ({@code dev}, {@code label}, {@code scope}, {@code brd}; IPv6 nodad),
 *                   virtual_ipaddress then virtual_ipaddress_excluded (of either family)
 * @param peers      unicast peers (empty: multicast to 224.0.0.18, or ff02::12 over IPv6)
 * @param trackRefs  tracker key -> reverse flag, for the trackers this instance listens to
 * @param warnings   settings we accept but do not act on, for the log
 */
public record InstancePlan(
        VrrpInstanceConfig config,
        InstanceSpec spec,
        InetAddress source,
        Map<InetAddress, VipAssignment> vips,
        List<Inet4Address> peers,
        Map<String, Boolean> trackRefs,
        List<String> warnings) {
    public InstancePlan {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(source, "source");
        vips = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(vips));
        peers = List.copyOf(peers);
        trackRefs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(trackRefs));
        warnings = List.copyOf(warnings);
    }

    public String name() {
        return config.name();
    }

    public String interfaceName() {
        return config.interfaceName();
    }

    /** True when the instance runs VRRPv3 over IPv6 (its virtual_ipaddress are IPv6). */
    public boolean ipv6() {
        return source instanceof Inet6Address;
    }

    public boolean unicast() {
        return !peers.isEmpty();
    }

    /**
     * Maps one instance. {@code primaryAddress} is the interface's primary IPv4 (used when there is no
     * {@code unicast_src_ip}); {@code trackerUp} gives each tracker's current state, so the state machine starts
     * with it (a proxy already dead at startup means FAULT at once, not after the first check).
     *
     * @throws IllegalArgumentException when the instance cannot run (the message says why)
     */
    public static InstancePlan of(
            VrrpInstanceConfig c, Optional<Inet4Address> primaryAddress, Predicate<String> trackerUp) {
        return of(c, primaryAddress, List.of(), trackerUp);
    }

    /**
     * Maps one instance; {@code linkLocal} are the interface's usable IPv6 link-local addresses, the first of
     * which an IPv6 instance sends its adverts from (as keepalived, the family comes from the VIPs).
     */
    public static InstancePlan of(
            VrrpInstanceConfig c,
            Optional<Inet4Address> primaryAddress,
            List<Inet6Address> linkLocal,
            Predicate<String> trackerUp) {
        List<String> warnings = new ArrayList<>();
        boolean ipv6 = c.virtualAddresses().stream().anyMatch(v -> v.address() instanceof Inet6Address);
        InetAddress source;
        if (ipv6) {
            source = linkLocal.stream()
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("vrrp_instance " + c.name() + ": interface "
                            + c.interfaceName() + " has no usable IPv6 link-local address to send adverts from"
                            + " (none, or duplicate address detection still running)"));
        } else {
            source = c.unicastSrcIp()
                    .filter(a -> a instanceof Inet4Address)
                    .map(a -> (InetAddress) a)
                    .or(() -> primaryAddress)
                    .orElseThrow(() -> new IllegalArgumentException("vrrp_instance " + c.name() + ": interface "
                            + c.interfaceName() + " has no IPv4 address to send adverts from"));
        }
        Map<InetAddress, VipAssignment> vips = new LinkedHashMap<>();
        List<InetAddress> advertised = new ArrayList<>();
        List<InetAddress> excluded = new ArrayList<>();
        for (VirtualAddress v : c.virtualAddresses()) {
            if ((v.address() instanceof Inet6Address) != ipv6) {
                continue; // mixed families are refused by the config check
            }
            vips.put(v.address(), VipRelease.toAssignment(v, c.interfaceName()));
            advertised.add(v.address());
        }
        // keepalived: held and announced with the VIPs, not listed in adverts (either family)
        for (VirtualAddress v : c.excludedAddresses()) {
            if (vips.putIfAbsent(v.address(), VipRelease.toAssignment(v, c.interfaceName())) == null) {
                excluded.add(v.address());
            }
        }
        List<Inet4Address> peers = new ArrayList<>();
        // IPv6 peers (and unicast for an IPv6 instance) are refused by the config check
        for (InetAddress p : c.unicastPeers()) {
            if (p instanceof Inet4Address a) {
                peers.add(a);
            } else {
                warnings.add("IPv6 unicast_peer " + p.getHostAddress() + " ignored");
            }
        }
        Map<String, Boolean> refs = new LinkedHashMap<>();
        List<TrackSpec> tracks = new ArrayList<>();
        addTracks(c.trackScripts(), Tracker::scriptKey, refs, tracks, trackerUp);
        addTracks(c.trackInterfaces(), Tracker::interfaceKey, refs, tracks, trackerUp);
        addTracks(c.trackProcesses(), Tracker::processKey, refs, tracks, trackerUp);
        String own = Tracker.interfaceKey(c.interfaceName());
        if (!c.dontTrackPrimary() && !refs.containsKey(own)) {
            // keepalived watches the instance's own interface: no link, no VRRP -> FAULT
            refs.put(own, false);
            tracks.add(new TrackSpec(own, 0, trackerUp.test(own)));
        }
        InstanceSpec.Builder b = InstanceSpec.builder(c.name(), c.virtualRouterId())
                .version(c.version())
                .priority(c.priority())
                .advertIntervalCentis(c.advertIntervalCentis())
                .preempt(c.preempt())
                .preemptDelay(c.preemptDelay())
                .initialState(c.state() == InitialState.MASTER ? VrrpState.MASTER : VrrpState.BACKUP)
                .primaryAddress(source)
                .vips(advertised)
                .excludedVips(excluded)
                .garpMasterDelay(c.garpMasterDelay())
                .garpMasterRepeat(c.garpMasterRepeat())
                .garpMasterRefresh(c.garpMasterRefresh())
                .garpMasterRefreshRepeat(c.reannounce().masterRefreshRepeat())
                .garpLowerPrioDelay(c.reannounce().lowerPrioDelay())
                .garpLowerPrioRepeat(c.reannounce().lowerPrioRepeat())
                .higherPrioSendAdvert(c.reannounce().higherPrioSendAdvert())
                .tracks(tracks);
        if (c.authentication().isPresent()) {
            if (c.version() != 2) {
                warnings.add("authentication ignored: VRRPv3 has none (RFC 5798)");
            } else if (c.authentication().get().type() == AuthType.PASS) {
                b.authPass(c.authentication().get().password());
            } else {
                warnings.add("auth_type " + c.authentication().get().type() + " not supported, sending no auth");
            }
        }
        return new InstancePlan(c, b.build(), source, vips, peers, refs, warnings);
    }

    private static void addTracks(
            List<TrackRef> list,
            java.util.function.Function<String, String> key,
            Map<String, Boolean> refs,
            List<TrackSpec> tracks,
            Predicate<String> trackerUp) {
        for (TrackRef r : list) {
            String k = key.apply(r.name());
            if (refs.containsKey(k)) {
                continue;
            }
            refs.put(k, r.reverse());
            boolean up = trackerUp.test(k);
            tracks.add(new TrackSpec(k, Math.max(-254, Math.min(254, r.weight())), r.reverse() != up));
        }
    }
}
