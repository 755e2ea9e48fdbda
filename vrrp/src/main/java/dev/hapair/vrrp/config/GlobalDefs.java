package dev.hapair.vrrp.config;

import dev.hapair.common.config.SourceLocation;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code global_defs}, defaults applied: vrrp_version 2, vrrp_garp_master_delay 5 s, vrrp_garp_master_repeat
 * 5, vrrp_garp_master_refresh 0 (off). {@code scriptUser} empty means keepalived's rule: user
 * {@code keepalived_script} if it exists, else root.
 */
public record GlobalDefs(
        Optional<String> routerId,
        Optional<String> scriptUser,
        Optional<String> scriptGroup,
        boolean enableScriptSecurity,
        int vrrpVersion,
        Duration garpMasterDelay,
        int garpMasterRepeat,
        Duration garpMasterRefresh,
        Reannounce reannounce,
        Optional<java.net.InetSocketAddress> metricsListen,
        SourceLocation location) {
    public static final int DEFAULT_VRRP_VERSION = 2;
    public static final Duration DEFAULT_GARP_MASTER_DELAY = Duration.ofSeconds(5);
    public static final int DEFAULT_GARP_MASTER_REPEAT = 5;
    public static final Duration DEFAULT_GARP_MASTER_REFRESH = Duration.ZERO;

    public static final GlobalDefs DEFAULTS = new GlobalDefs(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            false,
            DEFAULT_VRRP_VERSION,
            DEFAULT_GARP_MASTER_DELAY,
            DEFAULT_GARP_MASTER_REPEAT,
            DEFAULT_GARP_MASTER_REFRESH,
            Reannounce.defaults(DEFAULT_GARP_MASTER_DELAY, DEFAULT_GARP_MASTER_REPEAT),
            Optional.empty(),
            SourceLocation.NONE);

    public GlobalDefs {
        Objects.requireNonNull(routerId, "routerId");
        Objects.requireNonNull(scriptUser, "scriptUser");
        Objects.requireNonNull(scriptGroup, "scriptGroup");
        Objects.requireNonNull(garpMasterDelay, "garpMasterDelay");
        Objects.requireNonNull(garpMasterRefresh, "garpMasterRefresh");
        Objects.requireNonNull(reannounce, "reannounce");
        Objects.requireNonNull(metricsListen, "metricsListen");
        Objects.requireNonNull(location, "location");
    }
}
