package dev.hapair.vrrp.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.hapair.testkit.Host;
import dev.hapair.testkit.Prerequisites;
import dev.hapair.testkit.Topology;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an operator sees when the daemon runs without CAP_NET_RAW / CAP_NET_ADMIN. Capabilities, like
 * network namespaces, are per thread in Linux: a fresh thread enters the test namespace, drops every
 * capability with the raw capset(2) and then tries; the rest of the JVM keeps root's powers.
 */
class WithoutCapabilitiesIT {
    interface Caps extends Library {
        Caps C = Native.load("c", Caps.class);

        int capset(byte[] header, byte[] data);
    }

    private static Topology net;
    private static Host host;

    @BeforeAll
    static void setUp() {
        Prerequisites.assumeNamespaces();
        net = Topology.create();
        host = net.addHost("lb", "10.213.26.11/24");
    }

    @AfterAll
    static void tearDown() {
        if (net != null) {
            net.close();
        }
    }

    private static <T> T withoutCapabilities(Callable<T> body) throws Exception {
        return NetworkNamespace.call(host.namespace(), () -> {
            // struct __user_cap_header_struct { u32 version = _LINUX_CAPABILITY_VERSION_3; int pid = 0 (self) }
            byte[] header = ByteBuffer.allocate(8)
                    .order(ByteOrder.nativeOrder())
                    .putInt(0x20080522)
                    .putInt(0)
                    .array();
            byte[] none = new byte[24]; // two struct __user_cap_data_struct, all sets empty
            if (Caps.C.capset(header, none) != 0) {
                throw new IllegalStateException("capset failed: errno " + Native.getLastError());
            }
            return body.call();
        });
    }

    @Test
    void rawSocketNeedsCapNetRaw() {
        NativeException e = assertThrows(
                NativeException.class,
                () -> withoutCapabilities(() -> RawAdvertChannel.multicast("eth0", null, p -> {})));
        assertEquals(Errno.EPERM, e.errno());
        assertEquals(
                "socket(AF_INET, SOCK_RAW, 112): EPERM (Operation not permitted): need CAP_NET_RAW", e.getMessage());
    }

    @Test
    void packetSocketNeedsCapNetRaw() {
        NativeException e =
                assertThrows(NativeException.class, () -> withoutCapabilities(() -> PacketSocketSender.open("eth0")));
        assertEquals(Errno.EPERM, e.errno());
        assertEquals("socket(AF_PACKET, SOCK_RAW): EPERM (Operation not permitted): need CAP_NET_RAW", e.getMessage());
    }

    @Test
    void addressChangesNeedCapNetAdmin() throws Exception {
        NativeException e = assertThrows(
                NativeException.class,
                () -> withoutCapabilities(() -> {
                    try (NetlinkAddressManager m = NetlinkAddressManager.open()) {
                        m.add(IfAddress.parse("eth0", "10.213.26.100/32"));
                    }
                    return null;
                }));
        assertEquals(Errno.EPERM, e.errno());
        assertEquals(
                "add 10.213.26.100/32 dev eth0: EPERM (Operation not permitted): need CAP_NET_ADMIN", e.getMessage());
        assertFalse(host.hasAddress("eth0", "10.213.26.100"));
    }
}
