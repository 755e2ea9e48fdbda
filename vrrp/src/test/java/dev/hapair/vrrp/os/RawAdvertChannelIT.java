package dev.hapair.vrrp.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.testkit.Host;
import dev.hapair.testkit.Prerequisites;
import dev.hapair.testkit.Topology;
import dev.hapair.vrrp.packet.DecodeResult;
import dev.hapair.vrrp.packet.Ipv4Addresses;
import dev.hapair.vrrp.packet.Ipv4Header;
import dev.hapair.vrrp.packet.VrrpAdvert;
import dev.hapair.vrrp.packet.VrrpCodec;
import java.io.IOException;
import java.net.Inet4Address;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Adverts between two hosts on one bridge, each channel opened inside its host's namespace. */
class RawAdvertChannelIT {
    private static final Inet4Address A_IP = Ipv4Addresses.parse("10.213.22.11");
    private static final Inet4Address B_IP = Ipv4Addresses.parse("10.213.22.12");
    private static final VrrpCodec CODEC = new VrrpCodec();

    private static Topology net;
    private static Host a;
    private static Host b;

    @BeforeAll
    static void setUp() {
        Prerequisites.assumeNamespaces();
        net = Topology.create();
        a = net.addHost("a", "10.213.22.11/24", "10.213.22.21/24");
        b = net.addHost("b", "10.213.22.12/24");
    }

    @AfterAll
    static void tearDown() {
        if (net != null) {
            net.close();
        }
    }

    private static RawAdvertChannel multicast(Host h, Inet4Address source, BlockingQueue<ReceivedPacket> q)
            throws Exception {
        return NetworkNamespace.call(h.namespace(), () -> RawAdvertChannel.multicast("eth0", source, q::add));
    }

    @Test
    void multicastAdvertArrivesWithTtl255Tos0xc0Protocol112ToTheGroup() throws Exception {
        BlockingQueue<ReceivedPacket> atA = new LinkedBlockingQueue<>();
        BlockingQueue<ReceivedPacket> atB = new LinkedBlockingQueue<>();
        try (RawAdvertChannel tx = multicast(a, null, atA);
                RawAdvertChannel rx = multicast(b, null, atB)) {
            VrrpAdvert advert = VrrpAdvert.v3(51, 150, 100, List.of(Ipv4Addresses.parse("10.213.22.100")));
            tx.sendMulticast(CODEC.encode(advert, A_IP, AdvertChannel.VRRP_GROUP));

            ReceivedPacket p = atB.poll(3, TimeUnit.SECONDS);
            assertNotNull(p, "advert received on b");
            assertEquals(A_IP, p.source());
            assertEquals("eth0", p.interfaceName());
            DecodeResult.Accepted ok = assertInstanceOf(DecodeResult.Accepted.class, CODEC.decodeIpv4(p.ipPacket()));
            Ipv4Header ip = ok.ipHeader();
            assertEquals(255, ip.ttl());
            assertEquals(0xc0, ip.tos());
            assertEquals(112, ip.protocol());
            assertEquals(AdvertChannel.VRRP_GROUP, ip.destination());
            assertEquals(A_IP, ip.source(), "kernel chose the primary address");
            assertEquals(51, ok.advert().vrid());
            assertEquals(150, ok.advert().priority());
            assertEquals(advert.addresses(), ok.advert().addresses());
            assertEquals(1, rx.receivedCount());

            assertNull(atA.poll(300, TimeUnit.MILLISECONDS), "IP_MULTICAST_LOOP 0: no copy of our own advert");
        }
    }

    @Test
    void fixedSourceAddressIsUsedForMulticast() throws Exception {
        Inet4Address secondary = Ipv4Addresses.parse("10.213.22.21");
        BlockingQueue<ReceivedPacket> atB = new LinkedBlockingQueue<>();
        try (RawAdvertChannel tx = multicast(a, secondary, new LinkedBlockingQueue<>());
                RawAdvertChannel rx = multicast(b, null, atB)) {
            tx.sendMulticast(
                    CODEC.encode(VrrpAdvert.v3(52, 100, 100, List.of(B_IP)), secondary, AdvertChannel.VRRP_GROUP));
            ReceivedPacket p = atB.poll(3, TimeUnit.SECONDS);
            assertNotNull(p);
            assertEquals(secondary, p.source());
            assertTrue(CODEC.decodeIpv4(p.ipPacket()).accepted(), "v3 checksum over the chosen source is valid");
        }
    }

    @Test
    void unicastAdvertReachesThePeerWithTtl255() throws Exception {
        BlockingQueue<ReceivedPacket> atB = new LinkedBlockingQueue<>();
        try (RawAdvertChannel tx =
                        NetworkNamespace.call(a.namespace(), () -> RawAdvertChannel.unicast("eth0", A_IP, p -> {}));
                RawAdvertChannel rx =
                        NetworkNamespace.call(b.namespace(), () -> RawAdvertChannel.unicast("eth0", B_IP, atB::add))) {
            VrrpAdvert advert = VrrpAdvert.v2(
                    53,
                    100,
                    VrrpAdvert.AUTH_PASS,
                    VrrpAdvert.passwordBytes("secret"),
                    1,
                    List.of(Ipv4Addresses.parse("10.213.22.100")));
            tx.send(CODEC.encode(advert, A_IP, B_IP), B_IP);
            ReceivedPacket p = atB.poll(3, TimeUnit.SECONDS);
            assertNotNull(p, "unicast advert received");
            DecodeResult.Accepted ok = assertInstanceOf(DecodeResult.Accepted.class, CODEC.decodeIpv4(p.ipPacket()));
            assertEquals(255, ok.ipHeader().ttl(), "IP_TTL 255 applies to unicast too");
            assertEquals(B_IP, ok.ipHeader().destination());
            assertEquals("secret", ok.advert().authPassword());
        }
    }

    @Test
    void closeStopsTheBlockedReceiverPromptlyAndSendsFailAfterwards() throws Exception {
        RawAdvertChannel ch = multicast(b, null, new LinkedBlockingQueue<>());
        Thread.sleep(50); // let the receiver block in poll()
        long t0 = System.nanoTime();
        ch.close();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(millis < 500, "close took " + millis + " ms");
        System.out.printf("close() of a channel blocked in poll took %d ms%n", millis);
        assertThrows(IOException.class, () -> ch.sendMulticast(new byte[] {0x31}));
        ch.close(); // idempotent
    }

    @Test
    void listenerFailureDoesNotStopReception() throws Exception {
        BlockingQueue<ReceivedPacket> got = new LinkedBlockingQueue<>();
        AdvertListener flaky = p -> {
            got.add(p);
            throw new IllegalStateException("listener bug");
        };
        try (RawAdvertChannel rx =
                        NetworkNamespace.call(b.namespace(), () -> RawAdvertChannel.multicast("eth0", null, flaky));
                RawAdvertChannel tx = multicast(a, null, new LinkedBlockingQueue<>())) {
            byte[] msg = CODEC.encode(VrrpAdvert.v3(54, 100, 100, List.of(B_IP)), A_IP, AdvertChannel.VRRP_GROUP);
            tx.sendMulticast(msg);
            tx.sendMulticast(msg);
            assertNotNull(got.poll(3, TimeUnit.SECONDS));
            assertNotNull(got.poll(3, TimeUnit.SECONDS), "second packet still delivered");
        }
    }

    @Test
    void missingInterfaceIsAClearError() {
        NativeException e = assertThrows(
                NativeException.class,
                () -> NetworkNamespace.call(a.namespace(), () -> RawAdvertChannel.multicast("eth9", null, p -> {})));
        assertEquals(Errno.ENODEV, e.errno());
        assertEquals(
                "open VRRP socket on eth9: ENODEV (No such device): no interface 'eth9' in this network " + "namespace",
                e.getMessage());
    }

    @Test
    void boundToItsInterfaceItIgnoresAdvertsOnOtherSegments() throws Exception {
        try (Topology net2 = Topology.create()) {
            Host router = net2.addHost("r", "10.213.27.1/24");
            net2.addSegment("lan2");
            router.attach(net2.segment("lan2"), "10.213.28.1/24");
            Host onLan1 = net2.addHost("x", "10.213.27.2/24");
            Host onLan2 = net2.addHost("y");
            onLan2.attach(net2.segment("lan2"), "10.213.28.2/24");

            BlockingQueue<ReceivedPacket> atRouterEth0 = new LinkedBlockingQueue<>();
            BlockingQueue<ReceivedPacket> atRouterEth1 = new LinkedBlockingQueue<>();
            try (RawAdvertChannel r0 = NetworkNamespace.call(
                            router.namespace(), () -> RawAdvertChannel.multicast("eth0", null, atRouterEth0::add));
                    RawAdvertChannel r1 = NetworkNamespace.call(
                            router.namespace(), () -> RawAdvertChannel.multicast("eth1", null, atRouterEth1::add));
                    RawAdvertChannel fromY = multicast(onLan2, null, new LinkedBlockingQueue<>());
                    RawAdvertChannel fromX = multicast(onLan1, null, new LinkedBlockingQueue<>())) {
                Inet4Address y = Ipv4Addresses.parse("10.213.28.2");
                fromY.sendMulticast(CODEC.encode(VrrpAdvert.v3(60, 100, 100, List.of(y)), y, AdvertChannel.VRRP_GROUP));
                ReceivedPacket p = atRouterEth1.poll(3, TimeUnit.SECONDS);
                assertNotNull(p, "eth1 channel hears lan2");
                assertEquals(y, p.source());
                Inet4Address x = Ipv4Addresses.parse("10.213.27.2");
                fromX.sendMulticast(CODEC.encode(VrrpAdvert.v3(61, 100, 100, List.of(x)), x, AdvertChannel.VRRP_GROUP));
                ReceivedPacket q = atRouterEth0.poll(3, TimeUnit.SECONDS);
                assertNotNull(q, "eth0 channel hears lan1");
                assertEquals(x, q.source());
                assertNull(atRouterEth0.poll(200, TimeUnit.MILLISECONDS), "eth0 channel never heard lan2");
                assertNull(atRouterEth1.poll(1, TimeUnit.MILLISECONDS), "eth1 channel never heard lan1");
            }
        }
    }

    @Test
    void advertsCrossTheBridgeInWellUnderAMillisecond() throws Exception {
        BlockingQueue<ReceivedPacket> atB = new LinkedBlockingQueue<>();
        try (RawAdvertChannel tx = multicast(a, null, new LinkedBlockingQueue<>());
                RawAdvertChannel rx = multicast(b, null, atB)) {
            byte[] msg = CODEC.encode(VrrpAdvert.v3(55, 100, 10, List.of(A_IP)), A_IP, AdvertChannel.VRRP_GROUP);
            int n = 200;
            long[] micros = new long[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                tx.sendMulticast(msg);
                assertNotNull(atB.poll(2, TimeUnit.SECONDS), "advert " + i);
                micros[i] = (System.nanoTime() - t0) / 1000;
            }
            java.util.Arrays.sort(micros);
            System.out.printf(
                    "advert send->listener latency over %d: median %d us, p99 %d us, max %d us%n",
                    n, micros[n / 2], micros[n * 99 / 100], micros[n - 1]);
            assertTrue(micros[n / 2] < 5_000, "median " + micros[n / 2] + " us");
        }
    }

    @Test
    void unicastChannelDoesNotHearMulticastAdverts() throws Exception {
        BlockingQueue<ReceivedPacket> unicastAtB = new LinkedBlockingQueue<>();
        BlockingQueue<ReceivedPacket> multicastAtB = new LinkedBlockingQueue<>();
        try (RawAdvertChannel u = NetworkNamespace.call(
                        b.namespace(), () -> RawAdvertChannel.unicast("eth0", null, unicastAtB::add));
                RawAdvertChannel m = multicast(b, null, multicastAtB);
                RawAdvertChannel tx = multicast(a, null, new LinkedBlockingQueue<>())) {
            tx.sendMulticast(CODEC.encode(VrrpAdvert.v3(56, 100, 100, List.of(A_IP)), A_IP, AdvertChannel.VRRP_GROUP));
            assertNotNull(multicastAtB.poll(3, TimeUnit.SECONDS), "the multicast channel hears it");
            assertNull(unicastAtB.poll(200, TimeUnit.MILLISECONDS), "IP_MULTICAST_ALL 0: the unicast one does not");
        }
    }

    @Test
    void unicastSourceThatIsNotOursIsAClearError() {
        NativeException e = assertThrows(
                NativeException.class,
                () -> NetworkNamespace.call(
                        a.namespace(),
                        () -> RawAdvertChannel.unicast("eth0", Ipv4Addresses.parse("10.213.22.99"), p -> {})));
        assertEquals(Errno.EADDRNOTAVAIL, e.errno());
        assertEquals(
                "bind VRRP socket on eth0 to 10.213.22.99: EADDRNOTAVAIL (Cannot assign requested address): "
                        + "the unicast source address is not configured on this host",
                e.getMessage());
    }
}
