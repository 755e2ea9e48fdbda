package dev.hapair.vrrp.watch;

import dev.hapair.vrrp.packet.MacAddress;
import java.net.InetAddress;
import java.time.Instant;

/**
 * Gratuitous ARPs (IPv4) or unsolicited neighbour advertisements (IPv6) seen for one address from one MAC: who
 * last claimed a VIP.
 */
public record GarpRow(InetAddress address, MacAddress mac, long count, Instant lastSeen) {
    /** {@code GARP} or {@code NA}, as the table prints it. */
    public String kind() {
        return address.getAddress().length == 4 ? "GARP" : "NA";
    }
}
