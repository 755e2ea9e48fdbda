package dev.hapair.vrrp.config;

import dev.hapair.common.config.SourceLocation;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Drafts of the BGP sections to {@link BgpConfig}, with the checks {@code -t} owes an operator before ExaBGP
 * ever starts: the ExaBGP binary exists, AS numbers and neighbours are present and usable, a neighbour is not
 * one of our own addresses, every tracker named exists, a VIP is announced by one block only.
 */
final class BgpResolver {
    private final List<Diagnostic> diagnostics;
    private final Predicate<Path> executable;

    BgpResolver(List<Diagnostic> diagnostics, Predicate<Path> executable) {
        this.diagnostics = diagnostics;
        this.executable = executable;
    }

    BgpResolver(List<Diagnostic> diagnostics) {
        this(diagnostics, p -> Files.isRegularFile(p) && Files.isExecutable(p));
    }

    private void error(SourceLocation at, String message) {
        diagnostics.add(Diagnostic.error(at, message));
    }

    BgpConfig resolve(BgpDraft d, Map<String, VrrpScriptConfig> scripts, Map<String, TrackProcessConfig> processes) {
        if (d.speaker == null && d.announces.isEmpty()) {
            return BgpConfig.NONE;
        }
        Optional<BgpSpeakerConfig> speaker = d.speaker == null ? Optional.empty() : speaker(d.speaker);
        if (d.speaker == null) {
            error(
                    d.announces.get(0).location,
                    "bgp_announce " + d.announces.get(0).name
                            + " needs a 'bgp_speaker { exabgp ...; router_id ...; local_as ...; neighbor ... }' section");
        }
        List<BgpAnnounceConfig> announces = new ArrayList<>();
        Map<String, SourceLocation> names = new HashMap<>();
        Map<String, String> vipOwner = new HashMap<>();
        for (var a : d.announces) {
            SourceLocation first = names.putIfAbsent(a.name, a.location);
            if (first != null) {
                error(a.location, "duplicate bgp_announce " + a.name + " (first defined at " + first + ")");
                continue;
            }
            for (var v : a.vips) {
                String other = vipOwner.putIfAbsent(v.toString(), a.name);
                if (other != null) {
                    error(
                            a.location,
                            "vip " + v + " of bgp_announce " + a.name + " is already announced by bgp_announce " + other
                                    + " (one block decides each route)");
                }
            }
            announce(a, scripts, processes).ifPresent(announces::add);
        }
        if (d.speaker != null && d.announces.isEmpty()) {
            error(d.speaker.location, "bgp_speaker without any 'bgp_announce NAME { vip ... }': nothing to announce");
        }
        return new BgpConfig(speaker, announces);
    }

    private Optional<BgpSpeakerConfig> speaker(BgpDraft.SpeakerDraft s) {
        boolean ok = true;
        Path exabgp = s.exabgp != null ? s.exabgp : BgpSpeakerConfig.DEFAULT_EXABGP;
        if (!s.written.contains("exabgp") || s.exabgp != null) {
            if (!executable.test(exabgp)) {
                error(
                        s.exabgp != null ? s.exabgpLocation : s.location,
                        "ExaBGP not found: " + exabgp
                                + " is not an executable file (install the 'exabgp' package or set 'exabgp PATH' in bgp_speaker)");
                ok = false;
            }
        }
        ok &= required(s, "router_id", s.routerId != null);
        ok &= required(s, "local_as", s.localAs != null);
        if (s.neighbors.isEmpty() && !s.written.contains("neighbor")) {
            error(s.location, "bgp_speaker has no 'neighbor ADDRESS { peer_as N }': nobody to announce to");
            ok = false;
        }
        List<BgpSpeakerConfig.Neighbor> neighbors = new ArrayList<>();
        Map<InetAddress, SourceLocation> seen = new LinkedHashMap<>();
        for (var n : s.neighbors) {
            SourceLocation first = seen.putIfAbsent(n.address, n.location);
            if (first != null) {
                error(n.location, "duplicate neighbor " + n.address.getHostAddress() + " (first at " + first + ")");
                ok = false;
                continue;
            }
            if (n.address.isLoopbackAddress() || n.address.equals(s.routerId) || n.address.equals(s.localAddress)) {
                error(
                        n.location,
                        "neighbor " + n.address.getHostAddress()
                                + " is this node itself (loopback, router_id or local_address): a peer is an upstream router");
                ok = false;
                continue;
            }
            if (s.localAddress != null
                    && (s.localAddress instanceof java.net.Inet4Address)
                            != (n.address instanceof java.net.Inet4Address)) {
                error(
                        n.location,
                        "neighbor " + n.address.getHostAddress() + " and local_address "
                                + s.localAddress.getHostAddress() + " are of different address families");
                ok = false;
                continue;
            }
            if (n.peerAs == null) {
                if (!n.written.contains("peer_as")) {
                    error(n.location, "neighbor " + n.address.getHostAddress() + " has no 'peer_as N'");
                }
                ok = false;
                continue;
            }
            neighbors.add(new BgpSpeakerConfig.Neighbor(
                    n.address, n.peerAs, n.holdTime == null ? 0 : n.holdTime, n.location));
        }
        if (!ok) {
            return Optional.empty();
        }
        return Optional.of(new BgpSpeakerConfig(
                exabgp, s.routerId, s.localAs, Optional.ofNullable(s.localAddress), neighbors, s.location));
    }

    private boolean required(BgpDraft.SpeakerDraft s, String keyword, boolean present) {
        if (present) {
            return true;
        }
        if (!s.written.contains(keyword)) {
            error(s.location, "bgp_speaker has no '" + keyword + "'");
        }
        return false;
    }

    private Optional<BgpAnnounceConfig> announce(
            BgpDraft.AnnounceDraft a,
            Map<String, VrrpScriptConfig> scripts,
            Map<String, TrackProcessConfig> processes) {
        String where = "bgp_announce " + a.name;
        boolean ok = true;
        if (a.vips.isEmpty()) {
            if (!a.written.contains("vip")) {
                error(a.location, where + " has no 'vip ADDRESS/32'");
            }
            ok = false;
        }
        List<TrackRef> trackScripts =
                refs(a.trackScripts, "track_script", where, n -> scripts.containsKey(n), "vrrp_script");
        List<TrackRef> trackProcesses =
                refs(a.trackProcesses, "track_process", where, processes::containsKey, "vrrp_track_process");
        List<TrackRef> trackInterfaces = refs(a.trackInterfaces, "track_interface", where, n -> true, "");
        ok &= trackScripts.size() == a.trackScripts.size()
                && trackProcesses.size() == a.trackProcesses.size()
                && trackInterfaces.size() == a.trackInterfaces.size();
        if (a.proxyBackend != null && a.proxyStatsSocket == null) {
            error(
                    a.proxyBackendLocation,
                    "proxy_backend " + a.proxyBackend + " in " + where
                            + " needs 'proxy_stats_socket PATH' (the proxy's 'stats socket') to read nbsrv from");
            ok = false;
        }
        if (trackScripts.isEmpty()
                && trackProcesses.isEmpty()
                && trackInterfaces.isEmpty()
                && a.proxyBackend == null
                && !a.written.contains("track_script")
                && !a.written.contains("track_process")
                && !a.written.contains("track_interface")
                && !a.written.contains("proxy_backend")) {
            error(
                    a.location,
                    where + " tracks nothing (no track_process, track_script, track_interface or"
                            + " proxy_backend): its routes would stay announced whatever happens to the proxy");
            ok = false;
        }
        if (!ok) {
            return Optional.empty();
        }
        return Optional.of(new BgpAnnounceConfig(
                a.name,
                a.vips,
                Optional.ofNullable(a.nextHop),
                trackScripts,
                trackInterfaces,
                trackProcesses,
                Optional.ofNullable(a.proxyBackend),
                Optional.ofNullable(a.proxyStatsSocket),
                orElse(a.interval, BgpAnnounceConfig.DEFAULT_INTERVAL),
                orElse(a.rise, BgpAnnounceConfig.DEFAULT_RISE),
                orElse(a.fall, BgpAnnounceConfig.DEFAULT_FALL),
                orElse(a.drainTimeout, BgpAnnounceConfig.DEFAULT_DRAIN_TIMEOUT),
                a.location));
    }

    /** Resolved track lines; a line with an error is left out (and reported). */
    private List<TrackRef> refs(
            List<ConfigDraft.TrackLine> lines, String kind, String where, Predicate<String> exists, String section) {
        List<TrackRef> out = new ArrayList<>();
        Map<String, SourceLocation> seen = new HashMap<>();
        for (var t : lines) {
            if (t.weight() != null && t.weight() != 0) {
                error(
                        t.location(),
                        "weight " + t.weight() + " of " + kind + " '" + t.name() + "' in " + where
                                + ": weights do not apply to BGP (any failing tracker withdraws the routes)");
                continue;
            }
            if (!exists.test(t.name())) {
                error(t.location(), kind + " '" + t.name() + "' in " + where + " names no " + section + " " + t.name());
                continue;
            }
            if (seen.putIfAbsent(t.name(), t.location()) != null) {
                error(t.location(), kind + " '" + t.name() + "' in " + where + " is listed twice");
                continue;
            }
            out.add(new TrackRef(t.name(), 0, t.reverse(), t.location()));
        }
        return out;
    }

    private static <T> T orElse(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
