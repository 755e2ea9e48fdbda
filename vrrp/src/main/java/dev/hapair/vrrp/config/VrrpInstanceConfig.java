package dev.hapair.vrrp.config;

import dev.hapair.common.config.SourceLocation;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * {@code vrrp_instance NAME { ... }}, resolved: defaults applied (state BACKUP, priority 100, advert_int 1 s,
 * version from {@code vrrp_version}, preempt on, garp settings from global_defs) and references checked
 * (every {@link TrackRef} names an existing vrrp_script / vrrp_track_process; weights already resolved).
 *
 * @param interfaceName  the interface adverts go out on and VIPs without {@code dev} go on
 * @param advertInterval whole seconds for VRRPv2; centisecond resolution for VRRPv3
 * @param preempt        false when {@code nopreempt} is written
 * @param syncGroup      the {@code vrrp_sync_group} this instance belongs to, if any
 */
public record VrrpInstanceConfig(
        String name,
        InitialState state,
        String interfaceName,
        int virtualRouterId,
        int priority,
        Duration advertInterval,
        int version,
        boolean preempt,
        Duration preemptDelay,
        Optional<Authentication> authentication,
        Optional<AuthHmac> authHmac,
        List<VirtualAddress> virtualAddresses,
        List<VirtualAddress> excludedAddresses,
        Optional<InetAddress> unicastSrcIp,
        List<InetAddress> unicastPeers,
        List<TrackRef> trackScripts,
        List<TrackRef> trackInterfaces,
        List<TrackRef> trackProcesses,
        NotifyScripts notifyScripts,
        Duration garpMasterDelay,
        int garpMasterRepeat,
        Duration garpMasterRefresh,
        Reannounce reannounce,
        boolean dontTrackPrimary,
        Optional<String> syncGroup,
        SourceLocation location) {
    public static final int DEFAULT_PRIORITY = 100;
    public static final Duration DEFAULT_ADVERT_INTERVAL = Duration.ofSeconds(1);
    /** RFC 3768 section 5.3.4: priority 255 is the address owner. */
    public static final int OWNER_PRIORITY = 255;

    public VrrpInstanceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(advertInterval, "advertInterval");
        Objects.requireNonNull(preemptDelay, "preemptDelay");
        Objects.requireNonNull(authentication, "authentication");
        Objects.requireNonNull(authHmac, "authHmac");
        virtualAddresses = List.copyOf(virtualAddresses);
        excludedAddresses = List.copyOf(excludedAddresses);
        Objects.requireNonNull(unicastSrcIp, "unicastSrcIp");
        unicastPeers = List.copyOf(unicastPeers);
        trackScripts = List.copyOf(trackScripts);
        trackInterfaces = List.copyOf(trackInterfaces);
        trackProcesses = List.copyOf(trackProcesses);
        Objects.requireNonNull(notifyScripts, "notifyScripts");
        Objects.requireNonNull(garpMasterDelay, "garpMasterDelay");
        Objects.requireNonNull(garpMasterRefresh, "garpMasterRefresh");
        Objects.requireNonNull(reannounce, "reannounce");
        Objects.requireNonNull(syncGroup, "syncGroup");
        Objects.requireNonNull(location, "location");
    }

    /** Unicast mode: adverts go to each {@code unicast_peer} instead of 224.0.0.18. */
    public boolean unicast() {
        return !unicastPeers.isEmpty();
    }

    /** The advert interval in centiseconds, the unit of the VRRPv3 Max Adver Int field (RFC 5798 5.2.7). */
    public int advertIntervalCentis() {
        return (int) (advertInterval.toMillis() / 10);
    }

    /** Every tracker of this instance (scripts, interfaces, processes). */
    public List<TrackRef> allTrackers() {
        return java.util.stream.Stream.of(trackScripts, trackInterfaces, trackProcesses)
                .flatMap(List::stream)
                .toList();
    }

    /**
     * Same settings ignoring where they were written: a reload that only moved lines (a comment added above)
     * must not count the instance as changed.
     */
    public boolean sameSettingsAs(VrrpInstanceConfig o) {
        return sameSettingsButAuthHmac(o)
                && authHmac.isPresent() == o.authHmac.isPresent()
                && authHmac.map(a -> a.sameAs(o.authHmac.get())).orElse(true);
    }

    /**
     * Same settings apart from the auth_hmac keys, active key and mode: a reload that only rotates keys is
     * applied in place, without restarting (and so without flapping) the instance. Adding or removing the
     * whole block restarts it.
     */
    public boolean sameSettingsButAuthHmac(VrrpInstanceConfig o) {
        return authHmac.isPresent() == o.authHmac.isPresent() && sameSettingsExceptAuth(o);
    }

    private boolean sameSettingsExceptAuth(VrrpInstanceConfig o) {
        return name.equals(o.name)
                && state == o.state
                && interfaceName.equals(o.interfaceName)
                && virtualRouterId == o.virtualRouterId
                && priority == o.priority
                && advertInterval.equals(o.advertInterval)
                && version == o.version
                && preempt == o.preempt
                && preemptDelay.equals(o.preemptDelay)
                && authentication
                        .map(a -> a.type() + "/" + a.password())
                        .equals(o.authentication.map(a -> a.type() + "/" + a.password()))
                && sameList(virtualAddresses, o.virtualAddresses, VirtualAddress::sameAddressAs)
                && sameList(excludedAddresses, o.excludedAddresses, VirtualAddress::sameAddressAs)
                && unicastSrcIp.equals(o.unicastSrcIp)
                && unicastPeers.equals(o.unicastPeers)
                && sameList(trackScripts, o.trackScripts, VrrpInstanceConfig::sameTrack)
                && sameList(trackInterfaces, o.trackInterfaces, VrrpInstanceConfig::sameTrack)
                && sameList(trackProcesses, o.trackProcesses, VrrpInstanceConfig::sameTrack)
                && notifyScripts.sameAs(o.notifyScripts)
                && garpMasterDelay.equals(o.garpMasterDelay)
                && garpMasterRepeat == o.garpMasterRepeat
                && garpMasterRefresh.equals(o.garpMasterRefresh)
                && reannounce.equals(o.reannounce)
                && dontTrackPrimary == o.dontTrackPrimary
                && syncGroup.equals(o.syncGroup);
    }

    private static boolean sameTrack(TrackRef a, TrackRef b) {
        return a.name().equals(b.name()) && a.weight() == b.weight() && a.reverse() == b.reverse();
    }

    private static <T> boolean sameList(List<T> a, List<T> b, BiPredicate<T, T> same) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!same.test(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
