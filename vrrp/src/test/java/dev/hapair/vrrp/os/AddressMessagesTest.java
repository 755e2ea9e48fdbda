package dev.hapair.vrrp.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.vrrp.packet.Ipv4Addresses;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AddressMessagesTest {
    /** seq iproute2 used in the capture below. */
    private static final int SEQ = 1795292883;

    @BeforeAll
    static void littleEndianOnly() {
        Assumptions.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "golden bytes are little-endian");
    }

    @Test
    void newAddressIsByteIdenticalToIproute2() {
        // strace -xx of `ip addr add 10.213.0.100/32 dev d0 label d0:vip` (d0 = ifindex 3)
        byte[] iproute2 = Hex.bytes(
                """
                34000000 1400 0506 d3fe016b 00000000   # nlmsghdr: len 52, RTM_NEWADDR, REQUEST|ACK|EXCL|CREATE
                02 20 00 00 03000000                   # ifaddrmsg: AF_INET, /32, flags 0, scope global, index 3
                0800 0200 0ad50064                     # IFA_LOCAL 10.213.0.100
                0b00 0300 64303a76697000 00            # IFA_LABEL "d0:vip"
                0800 0100 0ad50064                     # IFA_ADDRESS 10.213.0.100
                """);
        IfAddress vip = IfAddress.parse("d0", "10.213.0.100/32").withLabel("d0:vip");
        assertArrayEquals(iproute2, AddressMessages.newAddress(SEQ, 3, vip));
    }

    @Test
    void deleteAddressAsksForAckButNeverCreates() {
        IfAddress vip = IfAddress.parse("eth0", "192.168.200.17/24");
        byte[] msg = AddressMessages.deleteAddress(7, 2, vip);
        assertEquals(
                """
                28000000 1500 0500 07000000 00000000
                02 18 00 00 02000000
                0800 0200 c0a8c811
                0800 0100 c0a8c811"""
                        .replaceAll("\\s", ""),
                Hex.of(msg));
    }

    @Test
    void scopeAndBroadcastAreEncoded() {
        IfAddress a = IfAddress.parse("eth0", "10.0.0.5/24")
                .withScope(AddressScope.LINK)
                .withBroadcast(Ipv4Addresses.parse("10.0.0.255"));
        byte[] msg = AddressMessages.newAddress(1, 9, a);
        assertEquals((byte) 253, msg[16 + 3], "scope link");
        assertEquals("08000400" + "0a0000ff", Hex.of(msg).substring(Hex.of(msg).length() - 16));
    }

    @Test
    void dumpRequestAsksForEveryIpv4Address() {
        assertEquals(
                "18000000" + "1600" + "0103" + "05000000" + "00000000" + "0200000000000000",
                Hex.of(AddressMessages.dumpAddresses(5)));
    }

    @Test
    void decodesAKernelAddressDump() throws Exception {
        byte[] dump = Hex.resource("rtm-newaddr-dump.hex");
        List<NetlinkMessage> msgs = NetlinkCodec.split(dump, dump.length);
        assertEquals(3, msgs.size());
        assertEquals(NetlinkMessage.NLMSG_DONE, msgs.get(2).type());

        NetlinkMessage vipMsg = msgs.get(0);
        assertTrue(AddressMessages.isIpv4Address(vipMsg));
        assertEquals(3, AddressMessages.ifindex(vipMsg));
        assertFalse(AddressMessages.isSecondary(vipMsg));
        IfAddress vip = AddressMessages.decode(vipMsg, "d0");
        assertEquals(IfAddress.parse("d0", "10.213.0.100/32").withLabel("d0:vip"), vip);
        assertEquals("10.213.0.100/32 dev d0 label d0:vip", vip.toString());

        IfAddress real = AddressMessages.decode(msgs.get(1), "d0");
        assertEquals(Ipv4Addresses.parse("10.213.0.2"), real.address());
        assertEquals(24, real.prefixLength());
        assertEquals(Optional.empty(), real.label(), "label equal to the device name is the default");
        assertEquals(Optional.empty(), real.broadcast(), "added without brd");
        assertEquals(AddressScope.GLOBAL, real.scope());
    }
}
