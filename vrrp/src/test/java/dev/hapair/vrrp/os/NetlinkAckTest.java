package dev.hapair.vrrp.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NetlinkAckTest {
    @BeforeAll
    static void littleEndianOnly() {
        Assumptions.assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "golden bytes are little-endian");
    }

    /** The kernel's answer to a second `ip addr add 10.213.0.100/32 dev d0 label d0:vip` (strace -xx). */
    static final byte[] EEXIST_WITH_EXT_ACK = Hex.bytes(
            """
            6c000000 0200 0002 d3fe016b 5a360000   # NLMSG_ERROR, flags ACK_TLVS, len 108
            efffffff                               # error -17
            34000000 1400 0506 d3fe016b 00000000   # echoed request header
            02200000 03000000 08000200 0ad50064 0b000300 64303a76 69700000 08000100 0ad50064
            2300 0100                              # NLMSGERR_ATTR_MSG, len 35
            697076343a2041646472657373 20616c7265616479 2061737369676e6564 00 00
            """);

    @Test
    void decodesErrnoAndKernelTextFromExtendedAck() {
        List<NetlinkMessage> msgs = NetlinkCodec.split(EEXIST_WITH_EXT_ACK, EEXIST_WITH_EXT_ACK.length);
        assertEquals(1, msgs.size());
        NetlinkAck ack = NetlinkAck.decode(msgs.get(0));
        assertEquals(Errno.EEXIST, ack.errno());
        assertEquals(1795292883, ack.requestSeq());
        assertEquals(Optional.of("ipv4: Address already assigned"), ack.message());
    }

    @Test
    void decodesCappedSuccessAck() {
        // The kernel's success answer to the same request (NLM_F_CAPPED: only the echoed header).
        byte[] ok = Hex.bytes("24000000 0200 0001 d3fe016b 54360000 00000000 34000000 1400 0506 d3fe016b 00000000");
        NetlinkAck ack = NetlinkAck.decode(NetlinkCodec.split(ok, ok.length).get(0));
        assertTrue(ack.ok());
        assertEquals(Optional.empty(), ack.message());
    }

    @Test
    void cappedErrorWithTextFindsTheTextAfterTheHeader() {
        byte[] capped = Hex.bytes(
                """
                2c000000 0200 0003 01000000 00000000   # NLMSG_ERROR, CAPPED|ACK_TLVS, len 44
                edffffff                               # -ENODEV
                2c000000 1400 0506 01000000 00000000   # echoed header only
                0800 0100 6e6f00 00                    # NLMSGERR_ATTR_MSG "no"
                """);
        NetlinkAck ack =
                NetlinkAck.decode(NetlinkCodec.split(capped, capped.length).get(0));
        assertEquals(Errno.ENODEV, ack.errno());
        assertEquals(Optional.of("no"), ack.message());
    }

    @Test
    void errorMessageNamesOperationErrnoKernelTextAndHint() {
        NetlinkAck ack = NetlinkAck.decode(NetlinkCodec.split(EEXIST_WITH_EXT_ACK, EEXIST_WITH_EXT_ACK.length)
                .get(0));
        NativeException e = assertThrows(
                NativeException.class,
                () -> NetlinkAddressManager.check(ack, "add 10.213.0.100/32 dev d0 label d0:vip"));
        assertEquals(
                "add 10.213.0.100/32 dev d0 label d0:vip: EEXIST (File exists): kernel says "
                        + "'ipv4: Address already assigned': address already assigned",
                e.getMessage());
        assertEquals(Errno.EEXIST, e.errno());
    }

    @Test
    void truncatedErrorIsRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> NetlinkAck.decode(new NetlinkMessage(NetlinkMessage.NLMSG_ERROR, 0, 1, 0, new byte[8])));
    }

    @Test
    void malformedLengthIsRefused() {
        byte[] bad = Hex.bytes("ff000000 0200 0000 01000000 00000000");
        assertThrows(IllegalArgumentException.class, () -> NetlinkCodec.split(bad, bad.length));
    }
}
