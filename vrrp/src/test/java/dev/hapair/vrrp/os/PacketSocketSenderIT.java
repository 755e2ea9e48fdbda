package dev.hapair.vrrp.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.testkit.Host;
import dev.hapair.testkit.Neighbour;
import dev.hapair.testkit.Prerequisites;
import dev.hapair.testkit.Topology;
import dev.hapair.testkit.Wait;
import dev.hapair.vrrp.packet.GarpFrames;
import dev.hapair.vrrp.packet.Ipv4Addresses;
import dev.hapair.vrrp.packet.MacAddress;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A gratuitous ARP sent through the packet socket updates another host's neighbour entry for the VIP,
 * which is what moves clients to the new master. Linux only updates existing entries from a GARP
 * (arp_accept=0), so the client first holds a stale entry pointing at a made-up MAC.
 */
class PacketSocketSenderIT {
    @Test
    void gratuitousArpRewritesTheClientsNeighbourEntry() throws Exception {
        Prerequisites.assumeNamespaces();
        try (Topology net = Topology.create()) {
            Host lb = net.addHost("lb", "10.213.23.11/24");
            Host client = net.addHost("client", "10.213.23.50/24");
            String vip = "10.213.23.100";
            client.exec("ip", "neigh", "replace", vip, "lladdr", "02:00:00:00:00:99", "dev", "eth0", "nud", "stale")
                    .orThrow();

            InterfaceInfo eth0;
            try (NetlinkInterfaces ifs = NetworkNamespace.call(lb.namespace(), NetlinkInterfaces::open)) {
                eth0 = ifs.lookup("eth0");
            }
            MacAddress lbMac = eth0.mac().orElseThrow();
            assertEquals(lb.mac("eth0"), lbMac.toString(), "netlink MAC matches ip link");

            try (PacketSocketSender sender =
                    NetworkNamespace.call(lb.namespace(), () -> PacketSocketSender.open("eth0"))) {
                sender.send(GarpFrames.gratuitousArp(lbMac, Ipv4Addresses.parse(vip)));
            }
            Wait.until("client neighbour entry for the VIP points at lb", Duration.ofSeconds(3), () -> client.neighbour(
                            vip)
                    .map(Neighbour::mac)
                    .filter(lbMac.toString()::equals)
                    .isPresent());
            Optional<Neighbour> n = client.neighbour(vip);
            assertTrue(n.isPresent());
            assertEquals(lbMac.toString(), n.get().mac());
        }
    }
}
