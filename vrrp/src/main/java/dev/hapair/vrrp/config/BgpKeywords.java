package dev.hapair.vrrp.config;

import java.math.BigDecimal;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The vocabulary of hapair's {@code bgp_speaker { }} and {@code bgp_announce NAME { }} sections (see
 * {@link BgpSpeakerConfig}, {@link BgpAnnounceConfig}). Every keyword is implemented: anything else is an error.
 */
final class BgpKeywords {
    private BgpKeywords() {}

    static final KeywordTable<BgpDraft.SpeakerDraft> SPEAKER = new KeywordTable<BgpDraft.SpeakerDraft>("bgp_speaker")
            .on("exabgp", (n, d, c) -> c.singleArg(n).ifPresent(v -> {
                d.exabgp = Path.of(v);
                d.exabgpLocation = n.location();
            }))
            .on(
                    "router_id",
                    (n, d, c) -> c.singleArg(n).flatMap(v -> ipv4(n, c, v)).ifPresent(a -> d.routerId = a))
            .on(
                    "local_as",
                    (n, d, c) -> c.singleArg(n).flatMap(v -> asNumber(n, c, v)).ifPresent(a -> d.localAs = a))
            .on(
                    "local_address",
                    (n, d, c) -> c.singleArg(n).flatMap(v -> address(n, c, v)).ifPresent(a -> d.localAddress = a))
            .on("neighbor", BgpKeywords::neighbor);

    static final KeywordTable<BgpDraft.NeighborDraft> NEIGHBOR = new KeywordTable<BgpDraft.NeighborDraft>("neighbor")
            .on(
                    "peer_as",
                    (n, d, c) -> c.singleArg(n).flatMap(v -> asNumber(n, c, v)).ifPresent(a -> d.peerAs = a))
            .on("hold_time", BgpKeywords::holdTime);

    static final KeywordTable<BgpDraft.AnnounceDraft> ANNOUNCE = new KeywordTable<BgpDraft.AnnounceDraft>(
                    "bgp_announce")
            .on("vip", BgpKeywords::vip)
            .on("next_hop", BgpKeywords::nextHop)
            .on(
                    "track_script",
                    (n, d, c) -> d.trackScripts.addAll(TrackLineReader.read(n, c, TrackProcessKeywords.MAX_WEIGHT)))
            .on(
                    "track_interface",
                    (n, d, c) -> d.trackInterfaces.addAll(TrackLineReader.read(n, c, TrackProcessKeywords.MAX_WEIGHT)))
            .on(
                    "track_process",
                    (n, d, c) -> d.trackProcesses.addAll(TrackLineReader.read(n, c, TrackProcessKeywords.MAX_WEIGHT)))
            .on("proxy_backend", (n, d, c) -> c.singleArg(n).ifPresent(v -> {
                d.proxyBackend = v;
                d.proxyBackendLocation = n.location();
            }))
            .on("proxy_stats_socket", (n, d, c) -> c.singleArg(n).ifPresent(v -> d.proxyStatsSocket = Path.of(v)))
            .on("interval", (n, d, c) -> c.secondsArg(n, new BigDecimal("0.05"), BgpDraft.MAX_SECONDS)
                    .ifPresent(v -> d.interval = v))
            .on("rise", (n, d, c) -> c.intArg(n, 1, 100).ifPresent(v -> d.rise = v))
            .on("fall", (n, d, c) -> c.intArg(n, 1, 100).ifPresent(v -> d.fall = v))
            .on("drain_timeout", (n, d, c) -> c.secondsArg(n, BigDecimal.ZERO, BgpDraft.MAX_SECONDS)
                    .ifPresent(v -> d.drainTimeout = v));

    /** {@code bgp_speaker { ... }}: one per file. */
    static void speaker(ConfigNode n, ConfigDraft d, ParseContext c) {
        if (!c.requireBlock(n)) {
            return;
        }
        if (!n.args().isEmpty()) {
            c.error(n, "'bgp_speaker' takes no name (there is one per node): 'bgp_speaker { ... }'");
            return;
        }
        if (d.bgp.speaker != null) {
            c.error(n, "second 'bgp_speaker' (the first is at " + d.bgp.speaker.location + "): one per node");
            return;
        }
        d.bgp.speaker = new BgpDraft.SpeakerDraft(n.location());
        SPEAKER.apply(n.children(), d.bgp.speaker, c, "bgp_speaker");
    }

    /** {@code bgp_announce NAME { ... }}. */
    static void announce(ConfigNode n, ConfigDraft d, ParseContext c) {
        if (n.args().size() != 1) {
            c.error(n, "'bgp_announce' needs one name, e.g. 'bgp_announce web { ... }'");
            return;
        }
        if (!c.requireBlock(n)) {
            return;
        }
        var draft = new BgpDraft.AnnounceDraft(n.arg(0), n.location());
        ANNOUNCE.apply(n.children(), draft, c, "bgp_announce " + draft.name);
        d.bgp.announces.add(draft);
    }

    private static void neighbor(ConfigNode n, BgpDraft.SpeakerDraft d, ParseContext c) {
        if (n.args().size() != 1) {
            c.error(n, "'neighbor' in " + c.where() + " needs one address, e.g. 'neighbor 10.0.0.1 { peer_as 65000 }'");
            return;
        }
        if (!c.requireBlock(n)) {
            return;
        }
        Optional<InetAddress> a = address(n, c, n.arg(0));
        if (a.isEmpty()) {
            return;
        }
        var draft = new BgpDraft.NeighborDraft(a.get(), n.location());
        NEIGHBOR.apply(n.children(), draft, c, "neighbor " + n.arg(0) + " of bgp_speaker");
        d.neighbors.add(draft);
    }

    private static void holdTime(ConfigNode n, BgpDraft.NeighborDraft d, ParseContext c) {
        c.intArg(n, 0, 65535).ifPresent(v -> {
            // RFC 4271 4.2: zero (no keepalives) or at least three seconds
            if (v == 1 || v == 2) {
                c.error(n, "hold_time " + v + " in " + c.where() + " is invalid: 0 or 3..65535 (RFC 4271)");
            } else {
                d.holdTime = v;
            }
        });
    }

    private static void vip(ConfigNode n, BgpDraft.AnnounceDraft d, ParseContext c) {
        if (!c.noBlock(n)) {
            return;
        }
        if (n.args().isEmpty()) {
            c.error(n, "missing address for 'vip' in " + c.where() + " (e.g. vip 192.0.2.10/32)");
            return;
        }
        for (String text : n.argTexts()) {
            int slash = text.indexOf('/');
            String addr = slash < 0 ? text : text.substring(0, slash);
            Optional<Inet4Address> a = ipv4(n, c, addr);
            if (a.isEmpty()) {
                continue;
            }
            int len = 32;
            if (slash >= 0) {
                var l = c.intValue(n, "vip prefix length", text.substring(slash + 1), 1, 32);
                if (l.isEmpty()) {
                    continue;
                }
                len = l.getAsInt();
            }
            byte[] b = a.get().getAddress();
            int bits = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
            if (len < 32 && (bits & (-1 >>> len)) != 0) {
                c.error(n, "vip " + text + " in " + c.where() + " has host bits set for /" + len);
                continue;
            }
            d.vips.add(new BgpAnnounceConfig.Prefix(a.get(), len));
        }
    }

    private static void nextHop(ConfigNode n, BgpDraft.AnnounceDraft d, ParseContext c) {
        c.singleArg(n).ifPresent(v -> {
            if (v.equals("self")) {
                d.nextHopSelf = true;
                d.nextHop = null;
            } else {
                ipv4(n, c, v).ifPresent(a -> {
                    d.nextHop = a;
                    d.nextHopSelf = false;
                });
            }
        });
    }

    private static Optional<Inet4Address> ipv4(ConfigNode n, ParseContext c, String text) {
        Optional<InetAddress> a = IpAddresses.parse(text);
        if (a.isPresent() && a.get() instanceof Inet4Address v4) {
            return Optional.of(v4);
        }
        c.error(n, "invalid IPv4 address '" + text + "' for '" + n.name() + "' in " + c.where());
        return Optional.empty();
    }

    private static Optional<InetAddress> address(ConfigNode n, ParseContext c, String text) {
        Optional<InetAddress> a = IpAddresses.parse(text);
        if (a.isEmpty() || a.get().isAnyLocalAddress() || a.get().isMulticastAddress()) {
            c.error(
                    n,
                    "invalid address '" + text + "' for '" + n.name() + "' in " + c.where()
                            + " (a unicast IPv4 or IPv6 address)");
            return Optional.empty();
        }
        return a;
    }

    /** An AS number: 1..4294967295, plain or asdot (1.10), never AS_TRANS 23456. */
    static Optional<Long> asNumber(ConfigNode n, ParseContext c, String text) {
        long value;
        try {
            int dot = text.indexOf('.');
            if (dot > 0) {
                long hi = Long.parseLong(text.substring(0, dot));
                long lo = Long.parseLong(text.substring(dot + 1));
                value = hi > 65535 || lo > 65535 || hi < 0 || lo < 0 ? -1 : (hi << 16) | lo;
            } else {
                value = text.length() > 10 ? -1 : Long.parseLong(text);
            }
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < 1 || value > BgpSpeakerConfig.MAX_AS) {
            c.error(n, "invalid AS number '" + text + "' for '" + n.name() + "' in " + c.where() + " (1..4294967295)");
            return Optional.empty();
        }
        if (value == BgpSpeakerConfig.AS_TRANS) {
            c.error(
                    n,
                    "AS 23456 for '" + n.name() + "' in " + c.where()
                            + " is AS_TRANS (RFC 6793), a placeholder and not a usable AS number");
            return Optional.empty();
        }
        return Optional.of(value);
    }
}
