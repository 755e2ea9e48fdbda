package dev.hapair.vrrp.runtime;

import dev.hapair.vrrp.config.KeepalivedConfig;
import dev.hapair.vrrp.config.VrrpInstanceConfig;
import dev.hapair.vrrp.os.AddressManager;
import dev.hapair.vrrp.os.IfAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VIP reconciliation at start. A previous run killed with SIGKILL (or OOM) left its VIPs: we start as
 * BACKUP, so they go now, before two hosts answer for them. An address owner (priority 255) becomes master
 * at once and keeps them.
 */
final class LeftoverVips {
    private static final Logger LOG = LoggerFactory.getLogger(LeftoverVips.class);

    private LeftoverVips() {}

    static void remove(KeepalivedConfig c, AddressManager addresses) {
        for (VrrpInstanceConfig i : c.instances()) {
            if (i.priority() == VrrpInstanceConfig.OWNER_PRIORITY) {
                continue;
            }
            for (IfAddress vip : VipRelease.addresses(i)) {
                if (VipRelease.removeIfPresent(addresses, vip)) {
                    LOG.warn("{}: removed {} left by a previous run", i.name(), vip);
                }
            }
            for (dev.hapair.vrrp.os.Ip6Address vip : VipRelease.ipv6Addresses(i)) {
                if (VipRelease.removeIfPresent(addresses, vip)) {
                    LOG.warn("{}: removed {} left by a previous run", i.name(), vip);
                }
            }
        }
    }
}
