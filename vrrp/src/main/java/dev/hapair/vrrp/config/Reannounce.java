package dev.hapair.vrrp.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How a master re-announces beyond the garp_master_delay/repeat/refresh basics (keepalived's keywords, same
 * defaults): {@code garp_lower_prio_delay} (default garp_master_delay), {@code garp_lower_prio_repeat}
 * (default garp_master_repeat), {@code garp_master_refresh_repeat} (default 1) and {@code higher_prio_send_advert}
 * (default off). In global_defs they carry the {@code vrrp_} prefix and are the defaults of every instance.
 */
public record Reannounce(
        Duration lowerPrioDelay, int lowerPrioRepeat, int masterRefreshRepeat, boolean higherPrioSendAdvert) {
    public static final int DEFAULT_MASTER_REFRESH_REPEAT = 1;

    public Reannounce {
        Objects.requireNonNull(lowerPrioDelay, "lowerPrioDelay");
    }

    /** keepalived's defaults, given the garp_master_delay and garp_master_repeat in force. */
    public static Reannounce defaults(Duration garpMasterDelay, int garpMasterRepeat) {
        return new Reannounce(garpMasterDelay, garpMasterRepeat, DEFAULT_MASTER_REFRESH_REPEAT, false);
    }
}
