package dev.hapair.vrrp.watch;

import dev.hapair.vrrp.packet.MacAddress;
import java.net.Inet4Address;
import java.time.Instant;

/** Gratuitous ARPs seen for one address from one MAC: who last claimed a VIP. */
public record GarpRow(Inet4Address address, MacAddress mac, long count, Instant lastSeen) {}
