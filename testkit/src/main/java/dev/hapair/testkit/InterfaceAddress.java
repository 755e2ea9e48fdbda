package dev.hapair.testkit;

/**
 * One address of an interface, as {@code ip -j addr} reports it.
 *
 * @param device    interface name, e.g. {@code eth0}
 * @param family    {@code inet} or {@code inet6}
 * @param address   the address without prefix, e.g. {@code 10.213.1.11}
 * @param prefixLength prefix length, e.g. 24
 * @param scope     {@code global}, {@code link} or {@code host}
 * @param secondary true when the kernel lists it as secondary (a VIP added beside the primary is)
 */
public record InterfaceAddress(
        String device, String family, String address, int prefixLength, String scope, boolean secondary) {
    public boolean isIpv4() {
        return "inet".equals(family);
    }

    /** {@code address/prefixLength}, the form {@code ip addr add} takes. */
    public String cidr() {
        return address + "/" + prefixLength;
    }
}
