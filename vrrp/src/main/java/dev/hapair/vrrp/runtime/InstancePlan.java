package dev.hapair.vrrp.runtime;

import dev.hapair.vrrp.config.AuthType;
import dev.hapair.vrrp.config.InitialState;
import dev.hapair.vrrp.config.TrackRef;
import dev.hapair.vrrp.config.VirtualAddress;
import dev.hapair.vrrp.config.VrrpInstanceConfig;
import dev.hapair.vrrp.fsm.InstanceSpec;
import dev.hapair.vrrp.fsm.TrackSpec;
import dev.hapair.vrrp.fsm.VrrpState;
import dev.hapair.vrrp.os.IfAddress;
import dev.hapair.vrrp.track.Tracker;
import java.net.Inet4Address;
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
 * @param source     the advert source: {@code unicast_src_ip}, else the interface's primary address
 * @param vips       VIP -> assignment ({@code dev}, {@code label}, {@code scope}, {@code brd})
 * @param peers      unicast peers (empty: multicast to 224.0.0.18)
 * @param trackRefs  tracker key -> reverse flag, for the trackers this instance listens to
 * @param warnings   settings we accept but do not act on, for the log
 */
public record InstancePlan(
        VrrpInstanceConfig config,
        InstanceSpec spec,
        Inet4Address source,
        Map<Inet4Address, IfAddress> vips,
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

    /** IPv6 addresses of virtual_ipaddress_excluded: held with the VIPs, added nodad, announced by NA. */
    public List<dev.hapair.vrrp.os.Ip6Address> ipv6Addresses() {
        return VipRelease.ipv6Addresses(config);
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
        List<String> warnings = new ArrayList<>();
        Inet4Address source = c.unicastSrcIp()
                .filter(a -> a instanceof Inet4Address)
                .map(a -> (Inet4Address) a)
                .or(() -> primaryAddress)
                .orElseThrow(() -> new IllegalArgumentException("vrrp_instance " + c.name() + ": interface "
                        + c.interfaceName() + " has no IPv4 address to send adverts from"));
        Map<Inet4Address, IfAddress> vips = new LinkedHashMap<>();
        List<Inet4Address> advertised = new ArrayList<>();
        List<Inet4Address> excluded = new ArrayList<>();
        for (VirtualAddress v : c.virtualAddresses()) {
            if (!(v.address() instanceof Inet4Address a)) {
                warnings.add("IPv6 virtual address " + v.cidr() + " ignored (VRRP for IPv6 is not supported)");
                continue;
            }
            vips.put(a, VipRelease.toIfAddress(v, c.interfaceName()).orElseThrow());
            advertised.add(a);
        }
        // keepalived: held and announced with the VIPs, not listed in adverts
        for (VirtualAddress v : c.excludedAddresses()) {
            if (!(v.address() instanceof Inet4Address a)) {
                continue; // IPv6: held with the VIPs and announced by unsolicited NA (ipv6Addresses())
            }
            if (vips.putIfAbsent(a, VipRelease.toIfAddress(v, c.interfaceName()).orElseThrow()) == null) {
                excluded.add(a);
            }
        }
        List<Inet4Address> peers = new ArrayList<>();
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
