package dev.hapair.vrrp.config;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.common.config.Suggestions;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Third pass: drafts to the immutable model. Applies keepalived's defaults, resolves references (track_script,
 * track_process, sync group members) and checks what no single keyword can: duplicate names, one VRID twice on
 * an interface, nopreempt with state MASTER, advert_int for the instance's VRRP version, and the
 * nopreempt-plus-weight trap.
 */
final class ConfigResolver {
    private static final BigDecimal V2_MIN_ADVERT = BigDecimal.ONE;
    private static final BigDecimal V2_MAX_ADVERT = BigDecimal.valueOf(255);
    /** RFC 5798 5.2.7: 12-bit Max Adver Int in centiseconds. */
    private static final BigDecimal V3_MIN_ADVERT = new BigDecimal("0.01");

    private static final BigDecimal V3_MAX_ADVERT = new BigDecimal("40.95");

    private final List<Diagnostic> diagnostics;

    ConfigResolver(List<Diagnostic> diagnostics) {
        this.diagnostics = diagnostics;
    }

    private void error(SourceLocation at, String message) {
        diagnostics.add(Diagnostic.error(at, message));
    }

    private void warning(SourceLocation at, String message) {
        diagnostics.add(Diagnostic.warning(at, message));
    }

    KeepalivedConfig resolve(ConfigDraft draft, List<String> files) {
        GlobalDefs global = globalDefs(draft.globalDefs);
        Map<String, VrrpScriptConfig> scripts = new LinkedHashMap<>();
        for (var s : draft.scripts) {
            if (unique(scripts.get(s.name), "vrrp_script", s.name, s.location)) {
                script(s).ifPresent(r -> scripts.put(r.name(), r));
            }
        }
        Map<String, TrackProcessConfig> processes = new LinkedHashMap<>();
        for (var p : draft.trackProcesses) {
            if (unique(processes.get(p.name), "vrrp_track_process", p.name, p.location)) {
                trackProcess(p).ifPresent(r -> processes.put(r.name(), r));
            }
        }
        Map<String, String> groupOf = new HashMap<>();
        List<SyncGroupConfig> groups = syncGroups(draft, groupOf);
        Map<String, VrrpInstanceConfig> instances = new LinkedHashMap<>();
        for (var i : draft.instances) {
            if (unique(instances.get(i.name), "vrrp_instance", i.name, i.location)) {
                instance(i, global, scripts, processes, Optional.ofNullable(groupOf.get(i.name)))
                        .ifPresent(r -> instances.put(r.name(), r));
            }
        }
        checkVridConflicts(draft.instances, instances);
        BgpConfig bgp = new BgpResolver(diagnostics).resolve(draft.bgp, scripts, processes);
        return new KeepalivedConfig(
                global,
                List.copyOf(scripts.values()),
                List.copyOf(processes.values()),
                List.copyOf(instances.values()),
                groups,
                files,
                bgp);
    }

    private boolean unique(Object existing, String kind, String name, SourceLocation at) {
        if (existing == null) {
            return true;
        }
        SourceLocation first = existing instanceof VrrpScriptConfig s
                ? s.location()
                : existing instanceof TrackProcessConfig p
                        ? p.location()
                        : existing instanceof VrrpInstanceConfig v ? v.location() : SourceLocation.NONE;
        error(at, "duplicate " + kind + " " + name + " (first defined at " + first + ")");
        return false;
    }

    private static GlobalDefs globalDefs(ConfigDraft.GlobalDefsDraft g) {
        Duration garpDelay = orElse(g.garpMasterDelay, GlobalDefs.DEFAULT_GARP_MASTER_DELAY);
        int garpRepeat = orElse(g.garpMasterRepeat, GlobalDefs.DEFAULT_GARP_MASTER_REPEAT);
        // keepalived: the lower-priority burst defaults to the (global) garp_master settings
        Reannounce reannounce = new Reannounce(
                orElse(g.garpLowerPrioDelay, garpDelay),
                orElse(g.garpLowerPrioRepeat, garpRepeat),
                orElse(g.garpMasterRefreshRepeat, Reannounce.DEFAULT_MASTER_REFRESH_REPEAT),
                orElse(g.higherPrioSendAdvert, false));
        return new GlobalDefs(
                Optional.ofNullable(g.routerId),
                Optional.ofNullable(g.scriptUser),
                Optional.ofNullable(g.scriptGroup),
                g.enableScriptSecurity,
                orElse(g.vrrpVersion, GlobalDefs.DEFAULT_VRRP_VERSION),
                garpDelay,
                garpRepeat,
                orElse(g.garpMasterRefresh, GlobalDefs.DEFAULT_GARP_MASTER_REFRESH),
                reannounce,
                Optional.ofNullable(g.metricsListen),
                g.location);
    }

    /** An instance's re-announce settings: what it wrote, else global_defs' (keepalived's inheritance). */
    private static Reannounce reannounce(ConfigDraft.VrrpInstanceDraft d, GlobalDefs global) {
        Reannounce g = global.reannounce();
        return new Reannounce(
                orElse(d.garpLowerPrioDelay, g.lowerPrioDelay()),
                orElse(d.garpLowerPrioRepeat, g.lowerPrioRepeat()),
                orElse(d.garpMasterRefreshRepeat, g.masterRefreshRepeat()),
                orElse(d.higherPrioSendAdvert, g.higherPrioSendAdvert()));
    }

    private Optional<VrrpScriptConfig> script(ConfigDraft.VrrpScriptDraft s) {
        if (s.script == null) {
            if (s.written.contains("script")) {
                return Optional.empty();
            }
            error(s.location, "vrrp_script " + s.name + " has no 'script'");
            return Optional.empty();
        }
        Duration interval = orElse(s.interval, VrrpScriptConfig.DEFAULT_INTERVAL);
        // keepalived: an unset timeout is the interval, so a hung check fails before the next run.
        Duration timeout = orElse(s.timeout, interval);
        return Optional.of(new VrrpScriptConfig(
                s.name,
                s.script,
                interval,
                timeout,
                orElse(s.weight, VrrpScriptConfig.DEFAULT_WEIGHT),
                s.reverse,
                orElse(s.rise, VrrpScriptConfig.DEFAULT_RISE),
                orElse(s.fall, VrrpScriptConfig.DEFAULT_FALL),
                Optional.ofNullable(s.user),
                Optional.ofNullable(s.group),
                s.initFail,
                s.location));
    }

    private Optional<TrackProcessConfig> trackProcess(ConfigDraft.TrackProcessDraft p) {
        if (p.process == null && p.pidfile == null) {
            if (p.written.contains("process") || p.written.contains("pidfile")) {
                return Optional.empty();
            }
            error(p.location, "vrrp_track_process " + p.name + " has neither 'process' nor 'pidfile'");
            return Optional.empty();
        }
        ParamMatch match =
                p.paramMatch != null ? p.paramMatch : p.parameters.isEmpty() ? ParamMatch.NONE : ParamMatch.EXACT;
        int quorum = orElse(p.quorum, TrackProcessConfig.DEFAULT_QUORUM);
        if (p.quorumMax != null && p.quorumMax < quorum) {
            error(
                    p.location,
                    "vrrp_track_process " + p.name + " has quorum_max " + p.quorumMax + " below quorum " + quorum);
            return Optional.empty();
        }
        return Optional.of(new TrackProcessConfig(
                p.name,
                Optional.ofNullable(p.process),
                p.parameters,
                match,
                p.fullCommand,
                orElse(p.weight, TrackProcessConfig.DEFAULT_WEIGHT),
                p.reverse,
                quorum,
                p.quorumMax == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(p.quorumMax),
                orElse(p.forkDelay, Duration.ZERO),
                orElse(p.terminateDelay, Duration.ZERO),
                Optional.ofNullable(p.pidfile),
                p.location));
    }

    private List<SyncGroupConfig> syncGroups(ConfigDraft draft, Map<String, String> groupOf) {
        Set<String> instanceNames = new HashSet<>();
        draft.instances.forEach(i -> instanceNames.add(i.name));
        Map<String, SyncGroupConfig> groups = new LinkedHashMap<>();
        for (var g : draft.syncGroups) {
            if (groups.containsKey(g.name)) {
                error(
                        g.location,
                        "duplicate vrrp_sync_group " + g.name + " (first defined at "
                                + groups.get(g.name).location() + ")");
                continue;
            }
            List<String> members = new ArrayList<>();
            for (var m : g.members) {
                if (!instanceNames.contains(m.name())) {
                    error(
                            m.location(),
                            "vrrp_sync_group " + g.name + " names no vrrp_instance '" + m.name() + "'"
                                    + Suggestions.didYouMean(m.name(), instanceNames));
                } else if (groupOf.containsKey(m.name())) {
                    error(
                            m.location(),
                            "vrrp_instance " + m.name() + " is already in vrrp_sync_group " + groupOf.get(m.name())
                                    + "; an instance belongs to one sync group");
                } else {
                    groupOf.put(m.name(), g.name);
                    members.add(m.name());
                }
            }
            if (g.members.isEmpty()) {
                error(g.location, "vrrp_sync_group " + g.name + " has no 'group { ... }' of instances");
            } else if (g.members.size() == 1) {
                warning(g.location, "vrrp_sync_group " + g.name + " has only one instance, so it synchronises nothing");
            }
            groups.put(g.name, new SyncGroupConfig(g.name, members, notify(g.notify), g.location));
        }
        return List.copyOf(groups.values());
    }

    private Optional<VrrpInstanceConfig> instance(
            ConfigDraft.VrrpInstanceDraft d,
            GlobalDefs global,
            Map<String, VrrpScriptConfig> scripts,
            Map<String, TrackProcessConfig> processes,
            Optional<String> syncGroup) {
        String where = "vrrp_instance " + d.name;
        boolean ok = true;
        if (d.interfaceName == null) {
            if (!d.written.contains("interface")) {
                error(d.location, where + " has no 'interface'");
            }
            ok = false;
        }
        if (d.virtualRouterId == null) {
            if (!d.written.contains("virtual_router_id")) {
                error(d.location, where + " has no 'virtual_router_id' (1..255)");
            }
            ok = false;
        }
        if (d.advertInt == null && d.written.contains("advert_int")) {
            ok = false;
        }
        InitialState state = d.state == null ? InitialState.BACKUP : d.state;
        if (d.nopreempt && state == InitialState.MASTER) {
            error(
                    d.nopreemptLocation,
                    "nopreempt in " + where + " needs 'state BACKUP' (state is MASTER):"
                            + " keepalived ignores nopreempt when an instance starts as MASTER");
            ok = false;
        }
        boolean ipv6 = d.virtualAddresses.stream().anyMatch(a -> !a.isIpv4());
        if (ipv6 && d.virtualAddresses.stream().anyMatch(VirtualAddress::isIpv4)) {
            error(
                    d.location,
                    where + " mixes IPv4 and IPv6 in virtual_ipaddress"
                            + " (put the other family in virtual_ipaddress_excluded)");
            ok = false;
        }
        // IPv6 VIPs make the instance VRRPv3 over IPv6 (ff02::12 from the interface's link-local address), as
        // keepalived decides the family from the addresses.
        if (d.unicastPeers.stream().anyMatch(p -> !(p instanceof java.net.Inet4Address))) {
            error(d.unicastPeerLocation, "IPv6 'unicast_peer' is not supported by hapair-vrrp (in " + where + ")");
            ok = false;
        } else if (ipv6 && !d.unicastPeers.isEmpty()) {
            error(
                    d.unicastPeerLocation,
                    where + " has IPv6 virtual_ipaddress and IPv4 'unicast_peer': the families must match"
                            + " (and unicast over IPv6 is not supported by hapair-vrrp)");
            ok = false;
        }
        if (ipv6 && d.unicastSrcIp != null) {
            error(
                    d.unicastSrcIpLocation,
                    "'unicast_src_ip' is not supported by hapair-vrrp for an IPv6 instance (in " + where
                            + "): adverts go to ff02::12 from the interface's link-local address");
            ok = false;
        }
        if (ipv6 && d.authHmacLocation != null) {
            error(
                    d.authHmacLocation,
                    "'auth_hmac' is not supported by hapair-vrrp for an IPv6 instance (in " + where + ")");
            ok = false;
        }
        if (ipv6 && !d.virtualAddresses.get(0).address().isLinkLocalAddress()) {
            // keepalived's own warning: RFC 5798 section 5.2.9 wants the link-local VIP first
            warning(d.location, "(" + d.name + ") the first IPv6 VIP address should be link local");
        }
        for (List<VirtualAddress> list : List.of(d.virtualAddresses, d.excludedAddresses)) {
            for (VirtualAddress v : list) {
                if (!v.isIpv4()
                        && (v.label().isPresent()
                                || v.broadcast().isPresent()
                                || v.scope() != VirtualAddressScope.GLOBAL)) {
                    error(
                            v.location(),
                            "'label', 'brd' and 'scope' are not supported by hapair-vrrp on the IPv6 address "
                                    + v.address().getHostAddress() + " (in " + where + ")");
                    ok = false;
                }
            }
        }
        int version = d.version != null ? d.version : global.vrrpVersion();
        if (ipv6 && version == 2) {
            if (d.version != null) {
                warning(d.location, where + " has IPv6 addresses: VRRPv3 is used (VRRPv2 is IPv4 only)");
            }
            version = 3;
        }
        Optional<Duration> advert = advertInterval(d, version, where);
        if (advert.isEmpty()) {
            ok = false;
        }
        Optional<Authentication> auth = authentication(d, version, where);
        if (auth == null) {
            ok = false;
            auth = Optional.empty();
        }
        Optional<AuthHmac> authHmac = authHmac(d, advert.orElse(Duration.ofSeconds(1)), where);
        if (authHmac == null) {
            ok = false;
            authHmac = Optional.empty();
        }
        if (authHmac.isPresent() && d.authLocation != null) {
            // keepalived reports this and drops the legacy block; hapair fails closed
            error(d.authLocation, "'authentication' cannot be combined with 'auth_hmac' (in " + where + ")");
            ok = false;
        }
        if (d.virtualAddresses.isEmpty()) {
            warning(d.location, where + " has no virtual_ipaddress");
        }
        if (d.unicastSrcIp != null && d.unicastPeers.isEmpty()) {
            warning(d.location, where + " has unicast_src_ip but no unicast_peer: adverts are multicast");
        }
        boolean inGroup = syncGroup.isPresent();
        List<TrackRef> trackScripts = new ArrayList<>();
        for (var t : withoutDuplicates(d.trackScripts, "track_script", where)) {
            VrrpScriptConfig s = scripts.get(t.name());
            if (s == null) {
                error(
                        t.location(),
                        "track_script '" + t.name() + "' in " + where + " names no vrrp_script"
                                + Suggestions.didYouMean(t.name(), scripts.keySet()));
                ok = false;
                continue;
            }
            trackScripts.add(track(
                    t,
                    t.weight() != null ? t.weight() : s.weight(),
                    t.weight() != null ? t.reverse() : s.reverse(),
                    "track_script",
                    where,
                    syncGroup));
        }
        List<TrackRef> trackProcesses = new ArrayList<>();
        for (var t : withoutDuplicates(d.trackProcesses, "track_process", where)) {
            TrackProcessConfig p = processes.get(t.name());
            if (p == null) {
                error(
                        t.location(),
                        "track_process '" + t.name() + "' in " + where + " names no vrrp_track_process"
                                + Suggestions.didYouMean(t.name(), processes.keySet()));
                ok = false;
                continue;
            }
            trackProcesses.add(track(
                    t,
                    t.weight() != null ? t.weight() : p.weight(),
                    t.weight() != null ? t.reverse() : p.reverse(),
                    "track_process",
                    where,
                    syncGroup));
        }
        List<TrackRef> trackInterfaces = new ArrayList<>();
        for (var t : withoutDuplicates(d.trackInterfaces, "track_interface", where)) {
            trackInterfaces.add(
                    track(t, t.weight() != null ? t.weight() : 0, t.reverse(), "track_interface", where, syncGroup));
        }
        if (d.nopreempt && !inGroup) {
            warnNopreemptTrap(where, trackScripts, "track_script");
            warnNopreemptTrap(where, trackInterfaces, "track_interface");
            warnNopreemptTrap(where, trackProcesses, "track_process");
        }
        if (!ok) {
            return Optional.empty();
        }
        return Optional.of(new VrrpInstanceConfig(
                d.name,
                state,
                d.interfaceName,
                d.virtualRouterId,
                orElse(d.priority, VrrpInstanceConfig.DEFAULT_PRIORITY),
                advert.get(),
                version,
                !d.nopreempt,
                orElse(d.preemptDelay, Duration.ZERO),
                auth,
                authHmac,
                d.virtualAddresses,
                d.excludedAddresses,
                Optional.ofNullable(d.unicastSrcIp),
                d.unicastPeers,
                trackScripts,
                trackInterfaces,
                trackProcesses,
                notify(d.notify),
                orElse(d.garpMasterDelay, global.garpMasterDelay()),
                orElse(d.garpMasterRepeat, global.garpMasterRepeat()),
                orElse(d.garpMasterRefresh, global.garpMasterRefresh()),
                reannounce(d, global),
                d.dontTrackPrimary,
                syncGroup,
                d.location));
    }

    /** A tracker listed twice counts once (the first line), as keepalived ignores the repeat. */
    private List<ConfigDraft.TrackLine> withoutDuplicates(List<ConfigDraft.TrackLine> refs, String kind, String where) {
        Map<String, ConfigDraft.TrackLine> first = new LinkedHashMap<>();
        for (ConfigDraft.TrackLine r : refs) {
            ConfigDraft.TrackLine earlier = first.putIfAbsent(r.name(), r);
            if (earlier != null) {
                warning(
                        r.location(),
                        kind + " '" + r.name() + "' in " + where + " is already tracked at " + earlier.location()
                                + ": this line is ignored");
            }
        }
        return List.copyOf(first.values());
    }

    /** keepalived zeroes the tracking weights of sync group members so members cannot disagree on priority. */
    private TrackRef track(
            ConfigDraft.TrackLine t,
            int weight,
            boolean reverse,
            String kind,
            String where,
            Optional<String> syncGroup) {
        if (weight != 0 && syncGroup.isPresent()) {
            warning(
                    t.location(),
                    "weight " + weight + " of " + kind + " '" + t.name() + "' in " + where
                            + " is set to 0 because the instance is in vrrp_sync_group " + syncGroup.get()
                            + " (as keepalived does): a failure means FAULT");
            weight = 0;
        }
        return new TrackRef(t.name(), weight, reverse, t.location());
    }

    /**
     * The trap of many keepalived reports: with nopreempt, a failed check that only changes the master's
     * priority never moves the VIP, because the backup is told not to take over from a lower priority master.
     */
    private void warnNopreemptTrap(String where, List<TrackRef> refs, String kind) {
        for (TrackRef r : refs) {
            if (r.weight() != 0) {
                warning(
                        r.location(),
                        kind + " '" + r.name() + "' with weight " + r.weight() + " in " + where
                                + " cannot cause a failover with nopreempt: a failure only changes the master's priority"
                                + " and nopreempt stops the backup from taking over; use weight 0 (failure = FAULT)"
                                + " or remove nopreempt");
            }
        }
    }

    private Optional<Duration> advertInterval(ConfigDraft.VrrpInstanceDraft d, int version, String where) {
        if (d.advertInt == null) {
            return Optional.of(VrrpInstanceConfig.DEFAULT_ADVERT_INTERVAL);
        }
        BigDecimal v = d.advertInt;
        SourceLocation at = d.advertIntLocation;
        if (version == 2) {
            if (v.compareTo(V2_MIN_ADVERT) < 0 || v.compareTo(V2_MAX_ADVERT) > 0) {
                error(
                        at,
                        "advert_int " + v.toPlainString() + " out of range 1..255 for VRRPv2 in " + where
                                + " (use 'version 3' for intervals below one second)");
                return Optional.empty();
            }
            BigDecimal whole = v.setScale(0, RoundingMode.HALF_UP);
            if (whole.compareTo(v) != 0) {
                // RFC 3768 5.3.7: the VRRPv2 field counts whole seconds.
                warning(
                        at,
                        "advert_int " + v.toPlainString() + " in " + where + " is rounded to " + whole.toPlainString()
                                + " s: VRRPv2 adverts carry whole seconds");
            }
            return Optional.of(Duration.ofSeconds(whole.longValueExact()));
        }
        if (v.compareTo(V3_MIN_ADVERT) < 0 || v.compareTo(V3_MAX_ADVERT) > 0) {
            error(at, "advert_int " + v.toPlainString() + " out of range 0.01..40.95 for VRRPv3 in " + where);
            return Optional.empty();
        }
        BigDecimal centis = v.movePointRight(2).setScale(0, RoundingMode.HALF_UP);
        if (centis.movePointLeft(2).compareTo(v) != 0) {
            warning(
                    at,
                    "advert_int " + v.toPlainString() + " in " + where + " is rounded to "
                            + centis.movePointLeft(2).toPlainString() + " s: VRRPv3 adverts carry centiseconds");
        }
        return Optional.of(Duration.ofMillis(centis.longValueExact() * 10));
    }

    /** The auth_hmac block, empty when none, or null after an error. */
    private Optional<AuthHmac> authHmac(ConfigDraft.VrrpInstanceDraft d, Duration advert, String where) {
        if (d.authHmacLocation == null) {
            return Optional.empty();
        }
        String in = "auth_hmac of " + where;
        if (d.hmacKeys.isEmpty()) {
            if (!d.written.contains("key")) {
                error(d.authHmacLocation, in + " has no key");
            }
            return null;
        }
        if (d.hmacActiveKey == null) {
            if (!d.written.contains("active_key")) {
                error(d.authHmacLocation, in + " has no active_key (the key id adverts are signed with)");
            }
            return null;
        }
        if (!d.hmacKeys.containsKey(d.hmacActiveKey)) {
            error(
                    d.authHmacLocation,
                    in + ": active_key " + d.hmacActiveKey + " is not a defined key (keys: " + d.hmacKeys.keySet()
                            + ")");
            return null;
        }
        return Optional.of(new AuthHmac(
                d.hmacKeys,
                d.hmacActiveKey,
                d.hmacAntiReplay != null ? d.hmacAntiReplay : AuthHmac.AntiReplay.TIME,
                d.hmacTimeWindow != null ? d.hmacTimeWindow : AuthHmac.derivedWindow(advert),
                d.hmacMode != null ? d.hmacMode : AuthHmac.Mode.ENFORCE,
                d.authHmacLocation));
    }

    /** The authentication, empty when none or dropped, or null after an error. */
    private Optional<Authentication> authentication(ConfigDraft.VrrpInstanceDraft d, int version, String where) {
        if (d.authLocation == null) {
            return Optional.empty();
        }
        String in = "authentication of " + where;
        if (d.authType == null) {
            if (!d.written.contains("auth_type")) {
                error(d.authLocation, in + " has no auth_type (PASS or AH)");
            }
            return null;
        }
        if (d.authPass == null) {
            if (!d.written.contains("auth_pass")) {
                error(d.authLocation, in + " has no auth_pass");
            }
            return null;
        }
        String pass = d.authPass;
        if (pass.length() > Authentication.MAX_PASSWORD_LENGTH) {
            warning(
                    d.authPassLocation,
                    "auth_pass in " + in + " is longer than 8 characters:"
                            + " only the first 8 are used, as keepalived does");
            pass = pass.substring(0, Authentication.MAX_PASSWORD_LENGTH);
        }
        if (version == 3) {
            warning(d.authLocation, in + " is ignored with VRRPv3 (RFC 5798 has no authentication)");
            return Optional.empty();
        }
        if (d.authType == AuthType.AH) {
            // adverts would go out without the IP Authentication Header the peer expects
            error(d.authLocation, "'auth_type AH' is not supported by hapair-vrrp (in " + in + ")");
            return null;
        }
        return Optional.of(new Authentication(d.authType, pass, d.authLocation));
    }

    private static NotifyScripts notify(ConfigDraft.NotifyDraft n) {
        return new NotifyScripts(
                Optional.ofNullable(n.master),
                Optional.ofNullable(n.backup),
                Optional.ofNullable(n.fault),
                Optional.ofNullable(n.stop),
                Optional.ofNullable(n.any));
    }

    /**
     * Two instances with one VRID on one interface would answer each other's adverts. keepalived allows it only
     * for unicast instances whose peers do not overlap.
     */
    private void checkVridConflicts(
            List<ConfigDraft.VrrpInstanceDraft> drafts, Map<String, VrrpInstanceConfig> byName) {
        Map<String, VrrpInstanceConfig> seen = new HashMap<>();
        for (var d : drafts) {
            VrrpInstanceConfig i = byName.get(d.name);
            if (i == null || !i.location().equals(d.location)) {
                continue;
            }
            String family = i.virtualAddresses().stream().anyMatch(a -> !a.isIpv4()) ? "6" : "4";
            String key = i.interfaceName() + "/" + i.virtualRouterId() + "/" + family;
            VrrpInstanceConfig other = seen.get(key);
            if (other != null && !disjointUnicast(other, i)) {
                error(
                        d.virtualRouterIdLocation,
                        "vrrp_instance " + i.name() + " uses virtual_router_id "
                                + i.virtualRouterId() + " on interface " + i.interfaceName()
                                + ", already used by vrrp_instance " + other.name() + " at " + other.location());
            } else {
                seen.putIfAbsent(key, i);
            }
        }
    }

    private static boolean disjointUnicast(VrrpInstanceConfig a, VrrpInstanceConfig b) {
        if (!a.unicast() || !b.unicast()) {
            return false;
        }
        Set<InetAddress> peers = new HashSet<>(a.unicastPeers());
        return b.unicastPeers().stream().noneMatch(peers::contains);
    }

    private static <T> T orElse(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
