package dev.hapair.vrrp.plan;

import java.net.Inet4Address;
import java.util.Objects;

/** A virtual address of the plan with the prefix length it gets on the interface ({@code 10.0.0.101/24}). */
public record PlanVip(Inet4Address address, int prefixLength) {
    public PlanVip {
        Objects.requireNonNull(address, "address");
        if (prefixLength < 1 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range 1..32");
        }
    }

    public String ip() {
        return address.getHostAddress();
    }

    public String cidr() {
        return ip() + "/" + prefixLength;
    }
}
