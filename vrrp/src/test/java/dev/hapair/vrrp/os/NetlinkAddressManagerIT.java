package dev.hapair.vrrp.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.testkit.Host;
import dev.hapair.testkit.Prerequisites;
import dev.hapair.testkit.Topology;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * VIP management over real rtnetlink inside a test namespace. The manager is opened on a thread that
 * entered the namespace ({@link NetworkNamespace#call}); every later call, from the test thread, still
 * acts in that namespace because the socket belongs to it. {@code ip -j addr} in the namespace is the
 * independent witness.
 */
class NetlinkAddressManagerIT {
    private static Topology net;
    private static Host host;
    private static NetlinkAddressManager manager;

    @BeforeAll
    static void setUp() throws Exception {
        Prerequisites.assumeNamespaces();
        net = Topology.create();
        host = net.addHost("lb1", "10.213.21.11/24");
        manager = NetworkNamespace.call(host.namespace(), NetlinkAddressManager::open);
    }

    @AfterAll
    static void tearDown() {
        if (manager != null) {
            manager.close();
        }
        if (net != null) {
            net.close();
        }
    }

    @Test
    void addListAndDeleteAVipWithLabel() throws Exception {
        IfAddress vip = IfAddress.parse("eth0", "10.213.21.100/32").withLabel("eth0:vip");
        manager.add(vip);
        try {
            assertTrue(host.hasAddress("eth0", "10.213.21.100"), "ip addr shows the VIP");
            String json = host.exec("ip", "-j", "addr", "show", "dev", "eth0")
                    .orThrow()
                    .stdout();
            assertTrue(json.contains("\"label\":\"eth0:vip\""), json);

            List<IfAddress> listed = manager.list("eth0");
            assertEquals(IfAddress.parse("eth0", "10.213.21.11/24"), listed.get(0), "primary first");
            assertTrue(listed.contains(vip), listed.toString());
        } finally {
            manager.delete(vip);
        }
        assertFalse(host.hasAddress("eth0", "10.213.21.100"));
        assertFalse(manager.list("eth0").contains(vip));
    }

    @Test
    void ipv6VipIsAddedWithNodadSoItIsUsableAtOnce() throws Exception {
        Ip6Address vip =
                new Ip6Address("eth0", (java.net.Inet6Address) java.net.InetAddress.getByName("fd00:213:21::100"), 64);
        manager.add6(vip);
        try {
            String json = host.exec("ip", "-j", "-6", "addr", "show", "dev", "eth0")
                    .orThrow()
                    .stdout();
            java.util.regex.Matcher entry = java.util.regex.Pattern.compile(
                            "\\{[^{}]*\"local\":\"fd00:213:21::100\",\"prefixlen\":64[^{}]*}")
                    .matcher(json);
            assertTrue(entry.find(), json);
            assertTrue(entry.group().contains("\"nodad\":true"), "no duplicate address detection: " + json);
            assertFalse(entry.group().contains("\"tentative\":true"), "usable at once: " + json);
            NativeException e = assertThrows(NativeException.class, () -> manager.add6(vip));
            assertEquals(Errno.EEXIST, e.errno());
        } finally {
            manager.delete6(vip);
        }
        String after = host.exec("ip", "-j", "-6", "addr", "show", "dev", "eth0")
                .orThrow()
                .stdout();
        assertFalse(after.contains("fd00:213:21::100"), after);
        assertEquals(
                Errno.EADDRNOTAVAIL,
                assertThrows(NativeException.class, () -> manager.delete6(vip)).errno());
    }

    @Test
    void listFindsAddressesLeftByACrashedRunForReconciliation() throws Exception {
        host.exec("ip", "addr", "add", "10.213.21.101/32", "dev", "eth0", "label", "eth0:old")
                .orThrow();
        IfAddress left = IfAddress.parse("eth0", "10.213.21.101/32").withLabel("eth0:old");
        assertTrue(manager.list("eth0").contains(left));
        manager.delete(left);
        assertFalse(host.hasAddress("eth0", "10.213.21.101"));
    }

    @Test
    void addingTwiceFailsWithEexistAndTheKernelsReason() throws Exception {
        IfAddress vip = IfAddress.parse("eth0", "10.213.21.102/32");
        manager.add(vip);
        try {
            NativeException e = assertThrows(NativeException.class, () -> manager.add(vip));
            assertEquals(Errno.EEXIST, e.errno());
            assertEquals(Optional.of("ipv4: Address already assigned"), e.kernelMessage());
            assertEquals(
                    "add 10.213.21.102/32 dev eth0: EEXIST (File exists): kernel says 'ipv4: Address "
                            + "already assigned': address already assigned",
                    e.getMessage());
        } finally {
            manager.delete(vip);
        }
    }

    @Test
    void deletingAnAbsentAddressFailsWithEaddrnotavail() {
        NativeException e =
                assertThrows(NativeException.class, () -> manager.delete(IfAddress.parse("eth0", "10.213.21.103/32")));
        assertEquals(Errno.EADDRNOTAVAIL, e.errno());
        assertTrue(e.getMessage().startsWith("delete 10.213.21.103/32 dev eth0: EADDRNOTAVAIL"), e.getMessage());
    }

    @Test
    void unknownInterfaceFailsWithEnodevNamingIt() {
        NativeException e =
                assertThrows(NativeException.class, () -> manager.add(IfAddress.parse("eth7", "10.213.21.104/32")));
        assertEquals(Errno.ENODEV, e.errno());
        assertEquals(
                "add 10.213.21.104/32 dev eth7: ENODEV (No such device): no interface 'eth7' in this "
                        + "network namespace",
                e.getMessage());
    }

    @Test
    void kernelRefusesAVanishedIfindexWithEnodev() throws Exception {
        // An interface deleted between lookup and request: the kernel's own ENODEV answer must decode.
        NetlinkAck ack =
                manager.rawRequest(NetlinkMessage.RTM_NEWADDR, 999_999, IfAddress.parse("eth0", "10.213.21.105/32"));
        assertEquals(Errno.ENODEV, ack.errno());
        NativeException e = assertThrows(NativeException.class, () -> NetlinkAddressManager.check(ack, "add x"));
        assertTrue(e.getMessage().startsWith("add x: ENODEV (No such device)"), e.getMessage());
    }

    @Test
    void ensurePresentAndAbsentReconcileAgainstTheKernel() throws Exception {
        IfAddress vip = IfAddress.parse("eth0", "10.213.21.106/32");
        assertTrue(manager.ensurePresent(vip));
        assertFalse(manager.ensurePresent(vip), "already there: no error, nothing done");
        assertTrue(host.hasAddress("eth0", "10.213.21.106"));
        assertTrue(manager.ensureAbsent(vip));
        assertFalse(manager.ensureAbsent(vip));
        assertFalse(host.hasAddress("eth0", "10.213.21.106"));
    }
}
