package dev.hapair.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Parsing of output captured from iproute2 6.1 inside kit namespaces (LINK: a veth whose peer is down). */
class IpJsonTest {
    static final String ADDR =
            "[{\"ifindex\":2,\"link_index\":3,\"ifname\":\"eth0\",\"flags\":[\"BROADCAST\",\"MULTICAST\","
                    + "\"UP\",\"LOWER_UP\"],\"mtu\":1500,\"qdisc\":\"noqueue\",\"operstate\":\"UP\",\"group\":\"default\","
                    + "\"txqlen\":1000,\"link_type\":\"ether\",\"address\":\"72:65:cd:0f:b4:9d\",\"broadcast\":\"ff:ff:ff:ff:ff:ff\","
                    + "\"link_netnsid\":0,\"addr_info\":[{\"family\":\"inet\",\"local\":\"10.213.9.1\",\"prefixlen\":24,"
                    + "\"scope\":\"global\",\"label\":\"eth0\",\"valid_life_time\":4294967295,\"preferred_life_time\":4294967295},"
                    + "{\"family\":\"inet\",\"local\":\"10.213.9.100\",\"prefixlen\":24,\"scope\":\"global\",\"secondary\":true,"
                    + "\"label\":\"eth0\",\"valid_life_time\":4294967295,\"preferred_life_time\":4294967295},{\"family\":\"inet6\","
                    + "\"local\":\"fe80::7065:cdff:fe0f:b49d\",\"prefixlen\":64,\"scope\":\"link\",\"tentative\":true,"
                    + "\"valid_life_time\":4294967295,\"preferred_life_time\":4294967295}]}]";
    static final String LO =
            "[{\"ifindex\":1,\"ifname\":\"lo\",\"flags\":[\"LOOPBACK\",\"UP\",\"LOWER_UP\"],\"mtu\":65536,"
                    + "\"qdisc\":\"noqueue\",\"operstate\":\"UNKNOWN\",\"group\":\"default\",\"txqlen\":1000,\"link_type\":\"loopback\","
                    + "\"address\":\"00:00:00:00:00:00\",\"broadcast\":\"00:00:00:00:00:00\",\"addr_info\":[{\"family\":\"inet\","
                    + "\"local\":\"127.0.0.1\",\"prefixlen\":8,\"scope\":\"host\",\"label\":\"lo\",\"valid_life_time\":4294967295,"
                    + "\"preferred_life_time\":4294967295},{\"family\":\"inet6\",\"local\":\"::1\",\"prefixlen\":128,\"scope\":\"host\","
                    + "\"valid_life_time\":4294967295,\"preferred_life_time\":4294967295}]}]";
    static final String NEIGH = "[{\"dst\":\"10.213.9.2\",\"dev\":\"eth0\",\"lladdr\":\"2e:ac:51:C0:f6:e4\",\"state\":"
            + "[\"REACHABLE\"]},{\"dst\":\"10.213.9.77\",\"dev\":\"eth0\",\"state\":[\"FAILED\"]}]";
    static final String LINK =
            "[{\"ifindex\":2,\"link_index\":3,\"ifname\":\"eth0\",\"flags\":[\"NO-CARRIER\",\"BROADCAST\","
                    + "\"MULTICAST\",\"UP\"],\"mtu\":1500,\"qdisc\":\"noqueue\",\"operstate\":\"LOWERLAYERDOWN\",\"linkmode\":\"DEFAULT\","
                    + "\"group\":\"default\",\"txqlen\":1000,\"link_type\":\"ether\",\"address\":\"72:65:CD:0f:b4:9d\","
                    + "\"broadcast\":\"ff:ff:ff:ff:ff:ff\",\"link_netnsid\":0}]";

    @Test
    void addressesKeepFamilyPrefixScopeAndSecondaryFlag() {
        List<InterfaceAddress> a = IpJson.addresses(ADDR);
        assertEquals(3, a.size());
        assertEquals(new InterfaceAddress("eth0", "inet", "10.213.9.1", 24, "global", false), a.get(0));
        assertEquals(new InterfaceAddress("eth0", "inet", "10.213.9.100", 24, "global", true), a.get(1));
        assertEquals("10.213.9.100/24", a.get(1).cidr());
        assertTrue(a.get(1).isIpv4());
        assertEquals("inet6", a.get(2).family());
        assertEquals("link", a.get(2).scope());
        assertFalse(a.get(2).isIpv4());
    }

    @Test
    void loopbackAddresses() {
        List<InterfaceAddress> a = IpJson.addresses(LO);
        assertEquals(
                List.of("127.0.0.1", "::1"),
                a.stream().map(InterfaceAddress::address).toList());
        assertEquals(
                List.of("lo", "lo"), a.stream().map(InterfaceAddress::device).toList());
    }

    @Test
    void neighboursWithAndWithoutLinkLayerAddress() {
        List<Neighbour> n = IpJson.neighbours(NEIGH);
        assertEquals(2, n.size());
        assertEquals(new Neighbour("10.213.9.2", "eth0", "2e:ac:51:c0:f6:e4", Set.of("REACHABLE")), n.get(0));
        assertTrue(n.get(0).hasState("REACHABLE"));
        assertNull(n.get(1).mac());
        assertTrue(n.get(1).hasState("FAILED"));
    }

    @Test
    void macAndOperStateOfNamedLink() {
        assertEquals(Optional.of("72:65:cd:0f:b4:9d"), IpJson.mac(LINK, "eth0"));
        assertEquals(Optional.empty(), IpJson.mac(LINK, "eth1"));
        assertEquals(Optional.of("LOWERLAYERDOWN"), IpJson.operState(LINK, "eth0"));
        assertEquals(List.of("eth0"), IpJson.linkNames(LINK));
        assertTrue(IpJson.flags(LINK, "eth0").contains("NO-CARRIER"));
        assertFalse(IpJson.flags(LINK, "eth0").contains("LOWER_UP"));
        assertEquals(List.of(), IpJson.flags(LINK, "eth9"));
    }

    @Test
    void emptyOutputIsEmptyList() {
        assertEquals(List.of(), IpJson.neighbours(""));
        assertEquals(List.of(), IpJson.neighbours("[]\n"));
        assertEquals(List.of(), IpJson.addresses("  \n"));
    }

    @Test
    void malformedJsonIsRejectedWithOffset() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> IpJson.neighbours("[{\"dst\":\"10.0.0.1\",}]"));
        assertTrue(e.getMessage().contains("offset"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IpJson.neighbours("{\"a\":1}"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1] x"));
    }

    @Test
    void jsonScalarsAndEscapes() {
        assertEquals(
                List.of(1L, -2.5, true, false, "a\"b\\c\u00e9\n"),
                Json.parse("[1, -2.5, true, false, \"a\\\"b\\\\c\\u00e9\\n\"]"));
        assertEquals(java.util.Arrays.asList((Object) null), Json.parse("[null]"));
    }
}
