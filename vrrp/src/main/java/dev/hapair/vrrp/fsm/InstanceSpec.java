package dev.hapair.vrrp.fsm;

import dev.hapair.vrrp.packet.Vrrp6Advert;
import dev.hapair.vrrp.packet.VrrpAdvert;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the state machine needs to know about one vrrp_instance, independent of the config parser (the
 * daemon maps keepalived.conf onto this). Build with {@link #builder(String, int)}; defaults follow keepalived.
 *
 * @param name                    instance name (vrrp_instance NAME)
 * @param vrid                    virtual_router_id, 1..255
 * @param version                 VRRP version, 2 or 3 (keepalived's default is 2)
 * @param priority                base priority, 1..255 (255 = address owner)
 * @param advertIntervalCentis    advert_int in centiseconds (v2: a multiple of 100)
 * @param preempt                 false for {@code nopreempt}
 * @param preemptDelay            preempt_delay (zero: none)
 * @param initialState            {@code state}: BACKUP or MASTER. Per RFC 5798 a non-owner always starts as
 *                                BACKUP and waits Master_Down_Interval; MASTER only matters for validation
 *                                (nopreempt needs BACKUP), as with keepalived
 * @param primaryAddress          our address on the interface: the source of our adverts, and the tie-breaker
 *                                between equal priorities (RFC 5798 section 6.4.3). Its family is the
 *                                instance's: an IPv6 instance (VRRPv3 only) sends from its link-local address
 * @param vips                    virtual_ipaddress entries (the addresses listed in adverts), all of the
 *                                instance's family
 * @param excludedVips            virtual_ipaddress_excluded: held and announced with the VIPs by the master, but
 *                                not listed in adverts (so peers need not agree on them); either family
 * @param authType                v2 auth type ({@link VrrpAdvert#AUTH_NONE} or {@link VrrpAdvert#AUTH_PASS})
 * @param authPassword            auth_pass ("" when none)
 * @param garpMasterDelay         garp_master_delay: second GARP burst this long after becoming master (zero: none)
 * @param garpMasterRepeat        garp_master_repeat: GARPs per address per burst
 * @param garpMasterRefresh       garp_master_refresh: periodic GARP while master (zero: none)
 * @param garpMasterRefreshRepeat garp_master_refresh_repeat
 * @param garpLowerPrioDelay      garp_lower_prio_delay: second burst this long after hearing a lower-priority
 *                                advert as master (zero: none)
 * @param garpLowerPrioRepeat     garp_lower_prio_repeat: GARPs per address when a master hears a lower-priority
 *                                advert (zero: none)
 * @param higherPrioSendAdvert    higher_prio_send_advert: a master yielding to a higher priority first sends
 *                                one advert of its own, so that the winner (hearing a lower priority) re-announces
 * @param tracks                  tracked objects with their weights
 */
public record InstanceSpec(
        String name,
        int vrid,
        int version,
        int priority,
        int advertIntervalCentis,
        boolean preempt,
        Duration preemptDelay,
        VrrpState initialState,
        InetAddress primaryAddress,
        List<InetAddress> vips,
        List<InetAddress> excludedVips,
        int authType,
        String authPassword,
        Duration garpMasterDelay,
        int garpMasterRepeat,
        Duration garpMasterRefresh,
        int garpMasterRefreshRepeat,
        Duration garpLowerPrioDelay,
        int garpLowerPrioRepeat,
        boolean higherPrioSendAdvert,
        List<TrackSpec> tracks) {

    public InstanceSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(preemptDelay, "preemptDelay");
        Objects.requireNonNull(initialState, "initialState");
        Objects.requireNonNull(primaryAddress, "primaryAddress");
        Objects.requireNonNull(authPassword, "authPassword");
        Objects.requireNonNull(garpMasterDelay, "garpMasterDelay");
        Objects.requireNonNull(garpMasterRefresh, "garpMasterRefresh");
        Objects.requireNonNull(garpLowerPrioDelay, "garpLowerPrioDelay");
        vips = List.copyOf(vips);
        excludedVips = List.copyOf(excludedVips);
        tracks = List.copyOf(tracks);
        check(vrid >= 1 && vrid <= 255, name, "virtual_router_id must be 1..255: " + vrid);
        check(version == 2 || version == 3, name, "version must be 2 or 3: " + version);
        check(priority >= 1 && priority <= 255, name, "priority must be 1..255: " + priority);
        if (version == 2) {
            check(
                    advertIntervalCentis >= 100 && advertIntervalCentis <= 25500 && advertIntervalCentis % 100 == 0,
                    name,
                    "VRRPv2 advert_int must be whole seconds 1..255: " + advertIntervalCentis + " cs");
        } else {
            check(
                    advertIntervalCentis >= 1 && advertIntervalCentis <= VrrpAdvert.MAX_V3_INTERVAL_CENTIS,
                    name,
                    "VRRPv3 advert_int must be 0.01..40.95 s: " + advertIntervalCentis + " cs");
        }
        check(
                !preemptDelay.isNegative()
                        && !garpMasterDelay.isNegative()
                        && !garpMasterRefresh.isNegative()
                        && !garpLowerPrioDelay.isNegative(),
                name,
                "delays must not be negative");
        check(
                initialState == VrrpState.BACKUP || initialState == VrrpState.MASTER,
                name,
                "state must be MASTER or BACKUP: " + initialState);
        check(preempt || initialState == VrrpState.BACKUP, name, "nopreempt requires state BACKUP");
        check(
                garpMasterRepeat >= 0 && garpMasterRefreshRepeat >= 0 && garpLowerPrioRepeat >= 0,
                name,
                "GARP repeat counts must be >= 0");
        check(
                authType == VrrpAdvert.AUTH_NONE || authType == VrrpAdvert.AUTH_PASS,
                name,
                "auth type must be none or PASS: " + authType);
        check(vips.size() <= 255, name, "at most 255 virtual addresses per instance");
        boolean v6 = primaryAddress instanceof Inet6Address;
        check(
                vips.stream().allMatch(a -> (a instanceof Inet6Address) == v6),
                name,
                "virtual_ipaddress must all be of the advert source's family (" + (v6 ? "IPv6" : "IPv4") + "): "
                        + vips);
        check(!v6 || version == 3, name, "VRRP over IPv6 is version 3 only (RFC 5798)");
        check(
                excludedVips.stream().noneMatch(vips::contains),
                name,
                "an address cannot be both in virtual_ipaddress and virtual_ipaddress_excluded");
        Set<String> names = new HashSet<>();
        for (TrackSpec t : tracks) {
            check(names.add(t.name()), name, "track '" + t.name() + "' listed twice");
        }
    }

    private static void check(boolean ok, String instance, String message) {
        if (!ok) {
            throw new IllegalArgumentException("vrrp_instance " + instance + ": " + message);
        }
    }

    /** True for an instance that runs over IPv6 (adverts to ff02::12 from a link-local address). */
    public boolean ipv6() {
        return primaryAddress instanceof Inet6Address;
    }

    /** Every address the master holds: the advertised VIPs, then the excluded ones. */
    public List<InetAddress> heldAddresses() {
        if (excludedVips.isEmpty()) {
            return vips;
        }
        List<InetAddress> all = new java.util.ArrayList<>(vips);
        all.addAll(excludedVips);
        return List.copyOf(all);
    }

    public long advertIntervalNanos() {
        return Timers.centisToNanos(advertIntervalCentis);
    }

    public Duration advertInterval() {
        return Duration.ofNanos(advertIntervalNanos());
    }

    public boolean addressOwner() {
        return priority == EffectivePriority.OWNER;
    }

    /** The IPv4 advert this instance sends at {@code advertPriority} (checksum computed by the codec). */
    public VrrpAdvert advert(int advertPriority) {
        if (ipv6()) {
            throw new IllegalStateException("vrrp_instance " + name + " runs over IPv6: use advert6");
        }
        List<Inet4Address> v4 = vips.stream().map(a -> (Inet4Address) a).toList();
        if (version == 2) {
            return VrrpAdvert.v2(
                    vrid,
                    advertPriority,
                    authType,
                    VrrpAdvert.passwordBytes(authPassword),
                    advertIntervalCentis / 100,
                    v4);
        }
        return VrrpAdvert.v3(vrid, advertPriority, advertIntervalCentis, v4);
    }

    /** The IPv6 advert this instance sends at {@code advertPriority} (checksum computed by the codec). */
    public Vrrp6Advert advert6(int advertPriority) {
        if (!ipv6()) {
            throw new IllegalStateException("vrrp_instance " + name + " runs over IPv4: use advert");
        }
        return Vrrp6Advert.of(
                vrid,
                advertPriority,
                advertIntervalCentis,
                vips.stream().map(a -> (Inet6Address) a).toList());
    }

    public static Builder builder(String name, int vrid) {
        return new Builder(name, vrid);
    }

    public Builder toBuilder() {
        Builder b = new Builder(name, vrid);
        b.version = version;
        b.priority = priority;
        b.advertIntervalCentis = advertIntervalCentis;
        b.preempt = preempt;
        b.preemptDelay = preemptDelay;
        b.initialState = initialState;
        b.primaryAddress = primaryAddress;
        b.vips = vips;
        b.excludedVips = excludedVips;
        b.authType = authType;
        b.authPassword = authPassword;
        b.garpMasterDelay = garpMasterDelay;
        b.garpMasterRepeat = garpMasterRepeat;
        b.garpMasterRefresh = garpMasterRefresh;
        b.garpMasterRefreshRepeat = garpMasterRefreshRepeat;
        b.garpLowerPrioDelay = garpLowerPrioDelay;
        b.garpLowerPrioRepeat = garpLowerPrioRepeat;
        b.higherPrioSendAdvert = higherPrioSendAdvert;
        b.tracks = tracks;
        return b;
    }

    /**
     * Defaults as keepalived: v2, priority 100, 1 s, preempt, BACKUP, GARP 5 now + 5 after 5 s, no refresh; the
     * lower-priority GARP settings default to the garp_master ones; higher_prio_send_advert off.
     */
    public static final class Builder {
        private final String name;
        private final int vrid;
        private int version = 2;
        private int priority = 100;
        private int advertIntervalCentis = 100;
        private boolean preempt = true;
        private Duration preemptDelay = Duration.ZERO;
        private VrrpState initialState = VrrpState.BACKUP;
        private InetAddress primaryAddress;
        private List<InetAddress> vips = List.of();
        private List<InetAddress> excludedVips = List.of();
        private int authType = VrrpAdvert.AUTH_NONE;
        private String authPassword = "";
        private Duration garpMasterDelay = Duration.ofSeconds(5);
        private int garpMasterRepeat = 5;
        private Duration garpMasterRefresh = Duration.ZERO;
        private int garpMasterRefreshRepeat = 1;
        private Duration garpLowerPrioDelay;
        private Integer garpLowerPrioRepeat;
        private boolean higherPrioSendAdvert;
        private List<TrackSpec> tracks = List.of();

        private Builder(String name, int vrid) {
            this.name = name;
            this.vrid = vrid;
        }

        public Builder version(int v) {
            this.version = v;
            return this;
        }

        public Builder priority(int p) {
            this.priority = p;
            return this;
        }

        public Builder advertIntervalCentis(int cs) {
            this.advertIntervalCentis = cs;
            return this;
        }

        public Builder advertInterval(Duration d) {
            this.advertIntervalCentis = Math.toIntExact(d.toMillis() / 10);
            return this;
        }

        public Builder preempt(boolean p) {
            this.preempt = p;
            return this;
        }

        public Builder preemptDelay(Duration d) {
            this.preemptDelay = d;
            return this;
        }

        public Builder initialState(VrrpState s) {
            this.initialState = s;
            return this;
        }

        public Builder primaryAddress(InetAddress a) {
            this.primaryAddress = a;
            return this;
        }

        public Builder vips(List<? extends InetAddress> v) {
            this.vips = List.copyOf(v);
            return this;
        }

        public Builder excludedVips(List<? extends InetAddress> v) {
            this.excludedVips = List.copyOf(v);
            return this;
        }

        public Builder authPass(String password) {
            this.authType = VrrpAdvert.AUTH_PASS;
            this.authPassword = password;
            return this;
        }

        public Builder noAuth() {
            this.authType = VrrpAdvert.AUTH_NONE;
            this.authPassword = "";
            return this;
        }

        public Builder garpMasterDelay(Duration d) {
            this.garpMasterDelay = d;
            return this;
        }

        public Builder garpMasterRepeat(int n) {
            this.garpMasterRepeat = n;
            return this;
        }

        public Builder garpMasterRefresh(Duration d) {
            this.garpMasterRefresh = d;
            return this;
        }

        public Builder garpMasterRefreshRepeat(int n) {
            this.garpMasterRefreshRepeat = n;
            return this;
        }

        /** null: garp_master_delay, as keepalived. */
        public Builder garpLowerPrioDelay(Duration d) {
            this.garpLowerPrioDelay = d;
            return this;
        }

        /** null: garp_master_repeat, as keepalived. */
        public Builder garpLowerPrioRepeat(Integer n) {
            this.garpLowerPrioRepeat = n;
            return this;
        }

        public Builder higherPrioSendAdvert(boolean on) {
            this.higherPrioSendAdvert = on;
            return this;
        }

        public Builder tracks(List<TrackSpec> t) {
            this.tracks = t;
            return this;
        }

        public InstanceSpec build() {
            return new InstanceSpec(
                    name,
                    vrid,
                    version,
                    priority,
                    advertIntervalCentis,
                    preempt,
                    preemptDelay,
                    initialState,
                    primaryAddress,
                    vips,
                    excludedVips,
                    authType,
                    authPassword,
                    garpMasterDelay,
                    garpMasterRepeat,
                    garpMasterRefresh,
                    garpMasterRefreshRepeat,
                    garpLowerPrioDelay != null ? garpLowerPrioDelay : garpMasterDelay,
                    garpLowerPrioRepeat != null ? garpLowerPrioRepeat : garpMasterRepeat,
                    higherPrioSendAdvert,
                    tracks);
        }
    }
}
