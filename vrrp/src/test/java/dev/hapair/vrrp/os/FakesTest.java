package dev.hapair.vrrp.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.vrrp.packet.Ipv4Addresses;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fakes must fail like the kernel, or daemon tests built on them would prove nothing. */
class FakesTest {
    @Test
    void fakeAddressManagerFailsLikeTheKernel() throws Exception {
        FakeAddressManager m = new FakeAddressManager("eth0");
        IfAddress vip = IfAddress.parse("eth0", "10.0.0.100");
        m.add(vip);
        assertEquals(
                Errno.EEXIST,
                assertThrows(NativeException.class, () -> m.add(vip)).errno());
        assertEquals(List.of(vip), m.list("eth0"));
        m.delete(vip);
        assertEquals(
                Errno.EADDRNOTAVAIL,
                assertThrows(NativeException.class, () -> m.delete(vip)).errno());
        assertEquals(
                Errno.ENODEV,
                assertThrows(NativeException.class, () -> m.add(IfAddress.parse("eth9", "10.0.0.1")))
                        .errno());
        m.failNext(Errno.EPERM);
        NativeException e = assertThrows(NativeException.class, () -> m.add(vip));
        assertEquals("add 10.0.0.100/32 dev eth0: EPERM (Operation not permitted): need CAP_NET_ADMIN", e.getMessage());
        assertEquals(
                List.of(
                        "add 10.0.0.100/32 dev eth0",
                        "add 10.0.0.100/32 dev eth0",
                        "list eth0",
                        "delete 10.0.0.100/32 dev eth0",
                        "delete 10.0.0.100/32 dev eth0",
                        "add 10.0.0.1/32 dev eth9",
                        "add 10.0.0.100/32 dev eth0"),
                m.operations());
    }

    @Test
    void fakeAdvertChannelRecordsAndInjects() throws Exception {
        List<ReceivedPacket> got = new ArrayList<>();
        FakeAdvertChannel ch = new FakeAdvertChannel("eth0", got::add);
        ch.sendMulticast(new byte[] {0x21, 1});
        assertEquals(AdvertChannel.VRRP_GROUP, ch.sent().get(0).destination());
        ch.inject(new ReceivedPacket(new byte[20], Ipv4Addresses.parse("10.0.0.2"), "eth0"));
        assertEquals(1, got.size());
        ch.close();
        assertThrows(IOException.class, () -> ch.sendMulticast(new byte[] {1}));
    }

    @Test
    void fakeLinkMonitorFiresOnlyOnFlips() {
        FakeLinkMonitor mon = new FakeLinkMonitor();
        List<Boolean> seen = new ArrayList<>();
        mon.watch("eth0", (before, now) -> seen.add(now.usable()));
        mon.setUp("eth0", true);
        mon.setUp("eth0", true);
        mon.setUp("eth0", false);
        assertEquals(List.of(true, false), seen);
        assertTrue(!mon.current("eth0").usable());
    }

    @Test
    void fakeInterfacesKnowPrimaryAddressAndMac() throws Exception {
        FakeInterfaces ifs = new FakeInterfaces().add("eth0", 2, "02:00:00:00:00:01", "10.0.0.2/24");
        InterfaceInfo i = ifs.lookup("eth0");
        assertEquals(Ipv4Addresses.parse("10.0.0.2"), i.primaryIpv4().orElseThrow());
        assertEquals(
                Errno.ENODEV,
                assertThrows(NativeException.class, () -> ifs.lookup("eth1")).errno());
    }

    @Test
    void fakeNetworkOsKeepsWhatItOpensAndRefusesUnknownInterfaces() throws Exception {
        FakeNetworkOs os =
                new FakeNetworkOs(new FakeInterfaces().add("eth0", 2, "02:00:00:00:00:01", "10.0.0.2/24"), "eth0");
        FakeAdvertChannel ch = os.openMulticastChannel("eth0", null, p -> {});
        ch.sendMulticast(new byte[] {0x31});
        assertEquals(1, os.channels("eth0").get(0).sent().size());
        os.openFrameSender("eth0").send(new byte[42]);
        assertEquals(1, os.frameSenders("eth0").get(0).frames().size());
        assertTrue(os.links().current("eth0").usable());
        assertEquals(
                Errno.ENODEV,
                assertThrows(NativeException.class, () -> os.openMulticastChannel("eth1", null, p -> {}))
                        .errno());
    }

    @Test
    void ensurePresentAndAbsentAreIdempotentButKeepOtherErrors() throws Exception {
        FakeAddressManager m = new FakeAddressManager("eth0");
        IfAddress vip = IfAddress.parse("eth0", "10.0.0.100");
        assertTrue(m.ensurePresent(vip));
        assertFalse(m.ensurePresent(vip));
        assertTrue(m.ensureAbsent(vip));
        assertFalse(m.ensureAbsent(vip));
        m.failNext(Errno.EPERM);
        assertEquals(
                Errno.EPERM,
                assertThrows(NativeException.class, () -> m.ensurePresent(vip)).errno());
        assertEquals(
                Errno.ENODEV,
                assertThrows(NativeException.class, () -> m.ensureAbsent(IfAddress.parse("eth5", "10.0.0.100")))
                        .errno());
    }
}
