package dev.hapair.vrrp.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.testkit.CutMode;
import dev.hapair.testkit.Host;
import dev.hapair.testkit.Prerequisites;
import dev.hapair.testkit.Topology;
import dev.hapair.vrrp.packet.Ipv4Addresses;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** track_interface groundwork: link state and interface facts from netlink inside a test namespace. */
class NetlinkLinkMonitorIT {
    @Test
    void carrierLossAndReturnAreReportedWithinMilliseconds() throws Exception {
        Prerequisites.assumeNamespaces();
        try (Topology net = Topology.create()) {
            Host lb = net.addHost("lb", "10.213.24.11/24");
            BlockingQueue<LinkState> changes = new LinkedBlockingQueue<>();
            try (NetlinkLinkMonitor monitor = NetworkNamespace.call(lb.namespace(), NetlinkLinkMonitor::open)) {
                assertTrue(monitor.current("eth0").usable(), "eth0 starts up");
                assertFalse(monitor.current("eth7").usable(), "unknown interface is not usable");
                monitor.watch("eth0", (before, now) -> changes.add(now));

                long t0 = System.nanoTime();
                lb.cutLink("eth0", CutMode.CARRIER_DOWN);
                LinkState down = changes.poll(2, TimeUnit.SECONDS);
                long downMillis = (System.nanoTime() - t0) / 1_000_000;
                assertNotNull(down, "carrier loss reported");
                assertFalse(down.usable());
                assertTrue(down.adminUp(), "admin state unchanged, only carrier lost");
                assertTrue(downMillis < 1000, "reported after " + downMillis + " ms");
                System.out.printf("carrier loss reported to the listener %d ms after the cut command%n", downMillis);

                lb.restoreLink("eth0");
                LinkState up = changes.poll(2, TimeUnit.SECONDS);
                assertNotNull(up, "carrier return reported");
                assertTrue(up.usable());
                assertTrue(monitor.current("eth0").usable());

                lb.exec("ip", "link", "set", "eth0", "down").orThrow();
                LinkState adminDown = changes.poll(2, TimeUnit.SECONDS);
                assertNotNull(adminDown, "admin down reported");
                assertFalse(adminDown.adminUp());
            }
        }
    }

    @Test
    void interfaceInfoComesFromTheNamespace() throws Exception {
        Prerequisites.assumeNamespaces();
        try (Topology net = Topology.create()) {
            Host lb = net.addHost("lb", "10.213.25.11/24");
            lb.addAddress("eth0", "10.213.25.100/32");
            try (NetlinkInterfaces ifs = NetworkNamespace.call(lb.namespace(), NetlinkInterfaces::open)) {
                InterfaceInfo eth0 = ifs.lookup("eth0");
                assertEquals(
                        Ipv4Addresses.parse("10.213.25.11"),
                        eth0.primaryIpv4().orElseThrow(),
                        "the VIP added later is not the primary");
                assertEquals(2, eth0.ipv4Addresses().size());
                assertEquals(lb.mac("eth0"), eth0.mac().orElseThrow().toString());
                assertTrue(eth0.link().usable());
                assertEquals(eth0.index(), eth0.link().index());
                NativeException e =
                        org.junit.jupiter.api.Assertions.assertThrows(NativeException.class, () -> ifs.lookup("eth9"));
                assertEquals(Errno.ENODEV, e.errno());
            }
        }
    }
}
