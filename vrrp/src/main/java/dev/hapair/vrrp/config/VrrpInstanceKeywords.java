package dev.hapair.vrrp.config;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/** The vocabulary of {@code vrrp_instance NAME { }} and of its {@code authentication { }} block. */
final class VrrpInstanceKeywords {
    private VrrpInstanceKeywords() {}

    static final int MAX_SCRIPT_WEIGHT = 253;
    static final int MAX_INTERFACE_WEIGHT = 253;
    static final int MAX_PROCESS_WEIGHT = 254;

    static final KeywordTable<ConfigDraft.VrrpInstanceDraft> AUTHENTICATION = new KeywordTable<
                    ConfigDraft.VrrpInstanceDraft>("authentication")
            .on("auth_type", VrrpInstanceKeywords::authType)
            .on("auth_pass", (n, d, c) -> c.singleArg(n).ifPresent(v -> {
                d.authPass = v;
                d.authPassLocation = n.location();
            }));

    /** keepalived 2.4's {@code auth_hmac { }} block (see {@link AuthHmac}). */
    static final KeywordTable<ConfigDraft.VrrpInstanceDraft> AUTH_HMAC = new KeywordTable<
                    ConfigDraft.VrrpInstanceDraft>("auth_hmac")
            .on("key", VrrpInstanceKeywords::hmacKey)
            .on("active_key", (n, d, c) -> c.intArg(n, 1, 255).ifPresent(v -> d.hmacActiveKey = v))
            .on("anti_replay", (n, d, c) -> c.singleArg(n).ifPresent(v -> {
                switch (v) {
                    case "time" -> d.hmacAntiReplay = AuthHmac.AntiReplay.TIME;
                    case "monotonic" -> d.hmacAntiReplay = AuthHmac.AntiReplay.MONOTONIC;
                    default -> c.error(
                            n,
                            "invalid anti_replay '" + v + "' in " + c.where() + " (expected time or" + " monotonic)");
                }
            }))
            .on("time_window", (n, d, c) -> c.intArg(n, AuthHmac.MIN_WINDOW, AuthHmac.MAX_WINDOW)
                    .ifPresent(v -> d.hmacTimeWindow = v))
            .on("mode", (n, d, c) -> c.singleArg(n).ifPresent(v -> {
                for (AuthHmac.Mode m : AuthHmac.Mode.values()) {
                    if (m.keyword().equals(v)) {
                        d.hmacMode = m;
                        return;
                    }
                }
                c.error(
                        n,
                        "invalid mode '" + v + "' in " + c.where() + " (expected enforce, permissive or"
                                + " receive-only)");
            }));

    static final KeywordTable<ConfigDraft.VrrpInstanceDraft> TABLE = new KeywordTable<ConfigDraft.VrrpInstanceDraft>(
                    "vrrp_instance")
            .on("state", VrrpInstanceKeywords::state)
            .on("interface", (n, d, c) -> c.singleArg(n).ifPresent(v -> d.interfaceName = v))
            .on("virtual_router_id", (n, d, c) -> c.intArg(n, 1, 255).ifPresent(v -> {
                d.virtualRouterId = v;
                d.virtualRouterIdLocation = n.location();
            }))
            .on("priority", (n, d, c) -> c.intArg(n, 1, 255).ifPresent(v -> d.priority = v))
            .on("advert_int", VrrpInstanceKeywords::advertInt)
            .on("version", (n, d, c) -> c.intArg(n, 2, 3).ifPresent(v -> d.version = v))
            .on("nopreempt", VrrpInstanceKeywords::nopreempt)
            .on("preempt", (n, d, c) -> {
                if (c.flag(n)) {
                    d.nopreempt = false;
                }
            })
            .on("preempt_delay", (n, d, c) -> c.secondsArg(n, BigDecimal.ZERO, BigDecimal.valueOf(1000))
                    .ifPresent(v -> d.preemptDelay = v))
            .on("authentication", VrrpInstanceKeywords::authentication)
            .on("auth_hmac", VrrpInstanceKeywords::authHmac)
            .on("virtual_ipaddress_excluded", (n, d, c) -> addresses(n, d.excludedAddresses, c))
            .on("virtual_ipaddress", (n, d, c) -> addresses(n, d.virtualAddresses, c))
            .on("unicast_src_ip", VrrpInstanceKeywords::unicastSrcIp)
            .on("unicast_peer", VrrpInstanceKeywords::unicastPeer)
            .on("track_script", (n, d, c) -> d.trackScripts.addAll(TrackLineReader.read(n, c, MAX_SCRIPT_WEIGHT)))
            .on(
                    "track_interface",
                    (n, d, c) -> d.trackInterfaces.addAll(TrackLineReader.read(n, c, MAX_INTERFACE_WEIGHT)))
            .on("track_process", (n, d, c) -> d.trackProcesses.addAll(TrackLineReader.read(n, c, MAX_PROCESS_WEIGHT)))
            .on("notify_master", (n, d, c) -> NotifyScriptReader.addTo(d.notify, n, c))
            .on("notify_backup", (n, d, c) -> NotifyScriptReader.addTo(d.notify, n, c))
            .on("notify_fault", (n, d, c) -> NotifyScriptReader.addTo(d.notify, n, c))
            .on("notify_stop", (n, d, c) -> NotifyScriptReader.addTo(d.notify, n, c))
            .on("notify", (n, d, c) -> NotifyScriptReader.addTo(d.notify, n, c))
            .on("garp_master_delay", (n, d, c) -> c.secondsArg(n, BigDecimal.ZERO, BigDecimal.valueOf(3600))
                    .ifPresent(v -> d.garpMasterDelay = v))
            .on("garp_master_repeat", (n, d, c) -> c.intArg(n, 0, 1000).ifPresent(v -> d.garpMasterRepeat = v))
            .on("garp_master_refresh", (n, d, c) -> c.secondsArg(n, BigDecimal.ZERO, BigDecimal.valueOf(86400))
                    .ifPresent(v -> d.garpMasterRefresh = v))
            .on("garp_master_refresh_repeat", (n, d, c) -> c.intArg(n, 1, 1000)
                    .ifPresent(v -> d.garpMasterRefreshRepeat = v))
            .on("garp_lower_prio_delay", (n, d, c) -> c.secondsArg(n, BigDecimal.ZERO, BigDecimal.valueOf(3600))
                    .ifPresent(v -> d.garpLowerPrioDelay = v))
            .on("garp_lower_prio_repeat", (n, d, c) -> c.intArg(n, 0, 1000).ifPresent(v -> d.garpLowerPrioRepeat = v))
            .on("higher_prio_send_advert", (n, d, c) -> d.higherPrioSendAdvert = c.flag(n))
            .on("dont_track_primary", (n, d, c) -> d.dontTrackPrimary = c.flag(n))
            .tuning()
            .notImplementedBecause("hapair sends no email; use notify scripts", "smtp_alert")
            .notImplemented(
                    "use_vmac",
                    "use_vmac_addr",
                    "vmac_xmit_base",
                    "use_ipvlan",
                    "native_ipv6",
                    "vrf",
                    "mcast_src_ip",
                    "mcast_dst_ip",
                    "track_src_ip",
                    "check_unicast_src",
                    "unicast_fault_no_peer",
                    "unicast_ttl",
                    "old_unicast_checksum",
                    "garp_extra_if",
                    "garp_extra_if_vmac",
                    "down_timer_adverts",
                    "lower_prio_no_advert",
                    "track_file",
                    "track_bfd",
                    "virtual_routes",
                    "virtual_rules",
                    "accept",
                    "no_accept",
                    "skip_check_adv_addr",
                    "strict_mode",
                    "debug",
                    "notify_master_rx_lower_pri",
                    "notify_priority_changes",
                    "notify_deleted",
                    "linkbeat_use_polling",
                    "promote_secondaries",
                    "lvs_sync_daemon_interface");

    private static void state(ConfigNode n, ConfigDraft.VrrpInstanceDraft d, ParseContext c) {
        c.singleArg(n).ifPresent(v -> {
            switch (v) {
                case "MASTER" -> d.state = InitialState.MASTER;
                case "BACKUP" -> d.state = InitialState.BACKUP;
                default -> {
                    c.error(n, "invalid state '" + v + "' in " + c.where() + " (expected MASTER or BACKUP)");
                    return;
                }
            }
            d.stateLocation = n.location();
        });
    }

    private static void advertInt(ConfigNode n, ConfigDraft.VrrpInstanceDraft d, ParseContext c) {
        // The range depends on the VRRP version, which may be written later: the resolver checks it.
        c.singleArg(n).ifPresent(v -> {
            try {
                d.advertInt = new BigDecimal(v);
                d.advertIntLocation = n.location();
            } catch (NumberFormatException e) {
                c.error(n, "invalid time '" + v + "' for 'advert_int' in " + c.where() + " (seconds, e.g. 1 or 0.5)");
            }
        });
    }

    private static void nopreempt(ConfigNode n, ConfigDraft.VrrpInstanceDraft d, ParseContext c) {
        if (c.flag(n)) {
            d.nopreempt = true;
            d.nopreemptLocation = n.location();
        }
    }

    private static void authentication(ConfigNode n, ConfigDraft.VrrpInstanceDraft d, ParseContext c) {
        if (!c.requireBlock(n)) {
            return;
        }
        d.authLocation = n.location();
        AUTHENTICATION.apply(n.children(), d, c, "authentication of " + c.where());
    }

    private static void authHmac(ConfigNode n, ConfigDraft.VrrpInstanceDraft d, ParseContext c) {
        if (!c.requireBlock(n)) {
            return;
        }
        if (d.authHmacLocation != null) {
            c.error(n, "second 'auth_hmac' block in " + c.where() + " (the first is at " + d.authHmacLocation + ")");
            return;
        }
        d.authHmacLocation = n.location();
        AUTH_HMAC.apply(n.children(), d, c, "auth_hmac of " + c.where());
    }

    /** {@code key ID VALUE}: 32 to 64 bytes; a second key with the same id is an error, as in keepalived. */
    private static void hmacKey(ConfigNode n, ConfigDraft.VrrpInstanceDraft d, ParseContext c) {
        if (n.hasBlock() || n.args().size() != 2) {
            c.error(n, "'key' in " + c.where() + " needs an id (1-255) and a value (hex:..., file:PATH or text)");
            return;
        }
        var id = c.intValue(n, "key id", n.arg(0), 1, 255);
        if (id.isEmpty()) {
            return;
        }
        byte[] key;
        try {
            key = HmacKeyValue.read(n.arg(1));
        } catch (HmacKeyValue.BadKey e) {
            c.error(n, "key " + id.getAsInt() + " in " + c.where() + ": " + e.getMessage());
            return;
        }
        if (key.length < AuthHmac.MIN_KEY_LENGTH || key.length > AuthHmac.MAX_KEY_LENGTH) {
            c.error(
                    n,
                    "key " + id.getAsInt() + " in " + c.where() + " is " + key.length + " bytes: it must be "
                            + AuthHmac.MIN_KEY_LENGTH + " to " + AuthHmac.MAX_KEY_LENGTH);
            return;
        }
        if (d.hmacKeys.putIfAbsent(id.getAsInt(), key) != null) {
            c.error(n, "duplicate key id " + id.getAsInt() + " in " + c.where());
        }
    }

    private static void authType(ConfigNode n, ConfigDraft.VrrpInstanceDraft d, ParseContext c) {
        c.singleArg(n).ifPresent(v -> {
            switch (v) {
                case "PASS" -> d.authType = AuthType.PASS;
                case "AH" -> d.authType = AuthType.AH;
                default -> c.error(n, "invalid auth_type '" + v + "' in " + c.where() + " (expected PASS or AH)");
            }
        });
    }

    private static void addresses(ConfigNode n, List<VirtualAddress> into, ParseContext c) {
        if (!c.requireBlock(n)) {
            return;
        }
        String where = n.name() + " of " + c.where();
        c.enter(where);
        try {
            for (ConfigNode line : n.children()) {
                VirtualAddressParser.parse(line, c).ifPresent(into::add);
            }
        } finally {
            c.leave();
        }
    }

    private static void unicastSrcIp(ConfigNode n, ConfigDraft.VrrpInstanceDraft d, ParseContext c) {
        c.singleArg(n).ifPresent(v -> {
            Optional<InetAddress> a = IpAddresses.parse(v);
            if (a.isEmpty()) {
                c.error(n, "invalid IP address '" + v + "' for 'unicast_src_ip' in " + c.where());
            } else {
                d.unicastSrcIp = a.get();
                d.unicastSrcIpLocation = n.location();
            }
        });
    }

    private static void unicastPeer(ConfigNode n, ConfigDraft.VrrpInstanceDraft d, ParseContext c) {
        if (!c.requireBlock(n)) {
            return;
        }
        d.unicastPeerLocation = n.location();
        for (ConfigNode peer : n.children()) {
            Optional<InetAddress> a = IpAddresses.parse(peer.name());
            if (a.isEmpty()) {
                c.error(peer, "invalid IP address '" + peer.name() + "' in unicast_peer of " + c.where());
                continue;
            }
            if (!peer.args().isEmpty()) {
                c.error(
                        peer,
                        "'" + peer.arg(0) + "' is not supported by hapair-vrrp (option of unicast_peer " + peer.name()
                                + " in " + c.where() + ")");
                continue;
            }
            d.unicastPeers.add(a.get());
        }
    }
}
