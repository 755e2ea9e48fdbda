package dev.hapair.vrrp.watch;

import dev.hapair.vrrp.packet.MacAddress;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One VRRP router (over IPv4, or VRRPv3 over IPv6) as the watch sees it: the last advert a source sent for a VRID, and how often it sends.
 *
 * @param role            {@link Role#MASTER} while it advertises, {@link Role#STOPPED} after a priority-0
 *                        advert, {@link Role#SILENT} when nothing came for three intervals
 * @param advertsPerSecond over the last seconds (0 when silent or after a single advert)
 */
public record RouterRow(
        int vrid,
        InetAddress source,
        MacAddress sourceMac,
        int version,
        int priority,
        int intervalCentis,
        int authType,
        List<? extends InetAddress> addresses,
        Role role,
        Instant firstSeen,
        Instant lastSeen,
        long adverts,
        double advertsPerSecond) {

    /** What the adverts say about the router: in VRRP only a master sends them. */
    public enum Role {
        MASTER,
        STOPPED,
        SILENT
    }

    public RouterRow {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(role, "role");
        addresses = List.copyOf(addresses);
    }

    public Duration age(Instant now) {
        return Duration.between(lastSeen, now);
    }
}
