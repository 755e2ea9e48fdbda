package dev.hapair.vrrp.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hapair.vrrp.packet.Ipv4Addresses;
import dev.hapair.vrrp.packet.MacAddress;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Layouts against the kernel headers, on little-endian hosts (x86_64, aarch64). */
class SockAddrsTest {
    @BeforeAll
    static void littleEndianOnly() {
        Assumptions.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "golden bytes are little-endian");
    }

    @Test
    void sockaddrInHasHostOrderFamilyAndNetworkOrderPortAndAddress() {
        byte[] b = SockAddrs.sockaddrIn(Ipv4Addresses.parse("224.0.0.18"), 0x1234);
        assertEquals("0200" + "1234" + "e0000012" + "0000000000000000", Hex.of(b));
    }

    @Test
    void sockaddrInAddressReadsBackWhatRecvfromFills() {
        byte[] b = Hex.bytes("0200 0000 0ad50002 0000000000000000");
        assertEquals(Ipv4Addresses.parse("10.213.0.2"), SockAddrs.sockaddrInAddress(b));
    }

    @Test
    void ipMreqnIsGroupThenAddressThenHostOrderIfindex() {
        byte[] join = SockAddrs.ipMreqn(Ipv4Addresses.parse("224.0.0.18"), null, 7);
        assertEquals("e0000012" + "00000000" + "07000000", Hex.of(join));
        byte[] mcastIf = SockAddrs.ipMreqn(null, Ipv4Addresses.parse("10.213.0.2"), 0x0102);
        assertEquals("00000000" + "0ad50002" + "02010000", Hex.of(mcastIf));
        assertEquals(SockAddrs.IP_MREQN_SIZE, join.length);
    }

    @Test
    void sockaddrLlCarriesBigEndianEthertypeIfindexAndBroadcast() {
        byte[] b = SockAddrs.sockaddrLl(0x0806, 3, MacAddress.BROADCAST.bytes());
        // family 17 | proto 0x0806 BE | ifindex 3 | hatype 0 | pkttype 0 | halen 6 | addr[8]
        assertEquals("1100" + "0806" + "03000000" + "0000" + "00" + "06" + "ffffffffffff0000", Hex.of(b));
        assertEquals(SockAddrs.SOCKADDR_LL_SIZE, b.length);
    }

    @Test
    void sockaddrLlRefusesOverlongHardwareAddress() {
        assertThrows(IllegalArgumentException.class, () -> SockAddrs.sockaddrLl(0x0806, 1, new byte[9]));
    }

    @Test
    void sockaddrNlHasPidAndGroups() {
        assertEquals("1000" + "0000" + "00000000" + "01000000", Hex.of(SockAddrs.sockaddrNl(0, 1)));
    }
}
