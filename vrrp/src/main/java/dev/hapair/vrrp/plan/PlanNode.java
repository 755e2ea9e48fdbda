package dev.hapair.vrrp.plan;

import java.net.Inet4Address;
import java.util.Objects;

/**
 * One load-balancer node of an N-way plan: its name (router_id, file name), the interface carrying the VIPs
 * and its own address on that interface (unicast_src_ip when unicast is chosen).
 */
public record PlanNode(String name, String interfaceName, Inet4Address address) {
    public PlanNode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(address, "address");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("node name '" + name + "': letters, digits, '.', '_', '-' only");
        }
        if (!interfaceName.matches("[A-Za-z0-9][A-Za-z0-9_.@:-]{0,14}")) {
            throw new IllegalArgumentException("interface '" + interfaceName + "' is not a Linux interface name");
        }
    }

    public String ip() {
        return address.getHostAddress();
    }
}
