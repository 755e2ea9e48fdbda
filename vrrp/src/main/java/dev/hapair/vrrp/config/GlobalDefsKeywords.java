package dev.hapair.vrrp.config;

import java.math.BigDecimal;

/** The vocabulary of {@code global_defs}. */
final class GlobalDefsKeywords {
    private GlobalDefsKeywords() {}

    static final KeywordTable<ConfigDraft.GlobalDefsDraft> TABLE = new KeywordTable<ConfigDraft.GlobalDefsDraft>(
                    "global_defs")
            .on("router_id", (n, d, c) -> c.singleArg(n).ifPresent(v -> d.routerId = v))
            .on("script_user", GlobalDefsKeywords::scriptUser)
            .on("enable_script_security", (n, d, c) -> d.enableScriptSecurity = c.flag(n))
            .on("vrrp_version", (n, d, c) -> c.intArg(n, 2, 3).ifPresent(v -> d.vrrpVersion = v))
            .on("vrrp_garp_master_delay", (n, d, c) -> c.secondsArg(n, BigDecimal.ZERO, BigDecimal.valueOf(3600))
                    .ifPresent(v -> d.garpMasterDelay = v))
            .on("vrrp_garp_master_repeat", (n, d, c) -> c.intArg(n, 0, 1000).ifPresent(v -> d.garpMasterRepeat = v))
            .on("vrrp_garp_master_refresh", (n, d, c) -> c.secondsArg(n, BigDecimal.ZERO, BigDecimal.valueOf(86400))
                    .ifPresent(v -> d.garpMasterRefresh = v))
            .on("vrrp_garp_master_refresh_repeat", (n, d, c) -> c.intArg(n, 1, 1000)
                    .ifPresent(v -> d.garpMasterRefreshRepeat = v))
            .on("vrrp_garp_lower_prio_delay", (n, d, c) -> c.secondsArg(n, BigDecimal.ZERO, BigDecimal.valueOf(3600))
                    .ifPresent(v -> d.garpLowerPrioDelay = v))
            .on("vrrp_garp_lower_prio_repeat", (n, d, c) -> c.intArg(n, 0, 1000)
                    .ifPresent(v -> d.garpLowerPrioRepeat = v))
            .on("vrrp_higher_prio_send_advert", (n, d, c) -> d.higherPrioSendAdvert = c.flag(n))
            .on("metrics_listen", (n, d, c) -> c.singleArg(n).ifPresent(v -> MetricsListen.parse(v)
                    .ifPresentOrElse(
                            a -> d.metricsListen = a,
                            () -> c.error(
                                    n,
                                    "invalid address '" + v + "' for 'metrics_listen' in " + c.where()
                                            + " (PORT, ADDR:PORT or [IPV6]:PORT)"))))
            .tuning()
            .notImplementedBecause(
                    "hapair sends no email; use notify scripts",
                    "notification_email",
                    "notification_email_from",
                    "smtp_server",
                    "smtp_helo_name",
                    "smtp_connect_timeout",
                    "smtp_alert",
                    "smtp_alert_vrrp",
                    "smtp_alert_checker",
                    "no_email_faults",
                    "checker_log_all_failures")
            .notImplemented(
                    "script_security",
                    "vrrp_skip_check_adv_addr",
                    "vrrp_strict",
                    "vrrp_garp_interval",
                    "vrrp_gna_interval",
                    "vrrp_garp_extra_if",
                    "vrrp_down_timer_adverts",
                    "vrrp_min_garp",
                    "vrrp_lower_prio_no_advert",
                    "vrrp_mcast_group4",
                    "vrrp_mcast_group6",
                    "vrrp_iptables",
                    "vrrp_ipsets",
                    "nftables",
                    "nftables_priority",
                    "nftables_ifindex",
                    "nftables_counters",
                    "vrrp_check_unicast_src",
                    "vrrp_startup_delay",
                    "vrrp_notify_fifo",
                    "vrrp_notify_fifo_script",
                    "vrrp_notify_priority_changes",
                    "notify_fifo",
                    "notify_fifo_script",
                    "default_interface",
                    "dynamic_interfaces",
                    "disable_local_igmp",
                    "log_unknown_vrids",
                    "max_auto_priority",
                    "min_auto_priority_delay",
                    "random_seed",
                    "umask",
                    "vmac_prefix",
                    "vmac_addr_prefix",
                    "enable_traps",
                    "enable_dbus",
                    "dbus_service_name",
                    "enable_snmp_vrrp",
                    "enable_snmp_checker",
                    "enable_snmp_rfc",
                    "enable_snmp_rfcv2",
                    "enable_snmp_rfcv3",
                    "snmp_socket",
                    "process_names",
                    "process_name",
                    "vrrp_process_name",
                    "checker_process_name",
                    "bfd_process_name",
                    "startup_script",
                    "startup_script_timeout",
                    "shutdown_script",
                    "shutdown_script_timeout",
                    "tmp_config_directory",
                    "config_save_dir",
                    "reload_check_config",
                    "reload_time_file",
                    "reload_repeat",
                    "reload_file",
                    "data_use_instance",
                    "fifo_write_vrrp_states_on_reload",
                    "include_check",
                    "rs_init_notifies",
                    "no_checker_emails",
                    "lvs_sync_daemon",
                    "lvs_timeouts",
                    "lvs_flush",
                    "lvs_flush_on_stop",
                    "lvs_notify_fifo",
                    "lvs_notify_fifo_script",
                    "nftables_ipvs",
                    "nftables_ipvs_priority",
                    "nftables_ipvs_start_fwmark",
                    "net_namespace",
                    "net_namespace_ipvs",
                    "namespace_with_ipsets",
                    "instance",
                    "use_pid_dir",
                    "linkbeat_use_polling",
                    "child_wait_time");

    private static void scriptUser(ConfigNode n, ConfigDraft.GlobalDefsDraft d, ParseContext c) {
        if (!c.noBlock(n)) {
            return;
        }
        if (n.args().isEmpty() || n.args().size() > 2) {
            c.error(n, "'script_user' in " + c.where() + " takes USERNAME [GROUPNAME]");
            return;
        }
        d.scriptUser = n.arg(0);
        d.scriptGroup = n.args().size() > 1 ? n.arg(1) : null;
    }
}
