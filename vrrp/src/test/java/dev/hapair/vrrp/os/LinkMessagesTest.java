package dev.hapair.vrrp.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.vrrp.packet.MacAddress;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LinkMessagesTest {
    @BeforeAll
    static void littleEndianOnly() {
        Assumptions.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "golden bytes are little-endian");
    }

    @Test
    void decodesAKernelLinkMessage() throws Exception {
        byte[] raw = Hex.resource("rtm-newlink-veth.hex");
        List<NetlinkMessage> msgs = NetlinkCodec.split(raw, raw.length);
        LinkState link = LinkMessages.decode(msgs.get(0));
        assertEquals(3, link.index());
        assertEquals("d0", link.name());
        assertEquals(Optional.of(MacAddress.parse("02:00:0a:d5:00:01")), link.mac());
        assertEquals(OperState.UP, link.operState());
        assertTrue(link.usable());
        assertFalse(link.deleted());
    }

    @Test
    void adminUpWithoutCarrierIsNotUsable() throws Exception {
        byte[] raw = Hex.resource("rtm-newlink-veth.hex");
        NetlinkMessage m = NetlinkCodec.split(raw, raw.length).get(0);
        byte[] p = m.payload().clone();
        p[8] &= ~LinkState.IFF_RUNNING; // clear IFF_RUNNING in ifi_flags
        LinkState link = LinkMessages.decode(new NetlinkMessage(m.type(), m.flags(), m.seq(), m.pid(), p));
        assertTrue(link.adminUp());
        assertFalse(link.usable());
    }

    @Test
    void dellinkMeansGone() throws Exception {
        byte[] raw = Hex.resource("rtm-newlink-veth.hex");
        NetlinkMessage m = NetlinkCodec.split(raw, raw.length).get(0);
        LinkState link = LinkMessages.decode(new NetlinkMessage(NetlinkMessage.RTM_DELLINK, 0, 0, 0, m.payload()));
        assertTrue(link.deleted());
        assertFalse(link.usable());
    }

    @Test
    void getLinkByNameIsByteIdenticalToIproute2() {
        // strace -xx of `ip addr add ... dev d0`: its lookup of d0 (seq 1795292881)
        byte[] iproute2 = Hex.bytes(
                """
                30000000 1200 0100 d1fe016b 00000000      # nlmsghdr: len 48, RTM_GETLINK, REQUEST
                00000000 00000000 00000000 00000000       # ifinfomsg: any family, index 0
                0800 1d00 09000000                        # IFLA_EXT_MASK VF|SKIP_STATS
                0700 0300 643000 00                       # IFLA_IFNAME "d0"
                """);
        assertArrayEquals(iproute2, LinkMessages.getLink(1795292881, "d0"));
    }

    @Test
    void dumpRequestCoversAllFamilies() {
        assertEquals(
                "20000000" + "1200" + "0103" + "02000000" + "00000000" + "00".repeat(16),
                Hex.of(LinkMessages.dumpLinks(2)));
    }
}
