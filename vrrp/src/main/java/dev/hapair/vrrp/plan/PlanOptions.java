package dev.hapair.vrrp.plan;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings shared by every instance of a plan.
 *
 * @param firstVrid      VRID of VIP 1; VIP i gets {@code firstVrid + i - 1}
 * @param advertInt      advert_int in whole seconds
 * @param proxyPidfile   the local proxy's pid file, tracked with weight 0 (a dead proxy = FAULT)
 * @param authPass       PASS authentication when present (VRRPv2 only)
 * @param unicast        unicast_src_ip / unicast_peer instead of multicast (clouds without multicast)
 */
public record PlanOptions(int firstVrid, int advertInt, Path proxyPidfile, Optional<String> authPass, boolean unicast) {
    public static final int DEFAULT_FIRST_VRID = 51;
    public static final Path DEFAULT_PROXY_PIDFILE = Path.of("/run/hapair/hapair-proxy.pid");

    public PlanOptions {
        Objects.requireNonNull(proxyPidfile, "proxyPidfile");
        Objects.requireNonNull(authPass, "authPass");
        if (firstVrid < 1 || firstVrid > 255) {
            throw new IllegalArgumentException("first VRID " + firstVrid + " out of range 1..255");
        }
        if (advertInt < 1 || advertInt > 255) {
            throw new IllegalArgumentException("advert_int " + advertInt + " out of range 1..255");
        }
        authPass.ifPresent(p -> {
            if (p.isEmpty() || p.length() > 8 || !p.matches("[\\x21-\\x7e]+")) {
                throw new IllegalArgumentException("auth_pass: 1..8 printable characters without spaces");
            }
        });
    }

    public static PlanOptions defaults() {
        return new PlanOptions(DEFAULT_FIRST_VRID, 1, DEFAULT_PROXY_PIDFILE, Optional.empty(), false);
    }
}
