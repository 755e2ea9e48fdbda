package dev.hapair.vrrp.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The unsolicited NA against golden bytes (tcpdump 4.99 decodes them: "[icmp6 sum ok] ... Flags [override]"). */
class NeighbourAdvertFramesTest {
    static final String GOLDEN = "333300000001" + "020000000011" + "86dd"
            + "60000000" + "0020" + "3a" + "ff"
            + "fd000213000000000000000000000100" + "ff020000000000000000000000000001"
            + "88" + "00" + "5467" + "20000000" + "fd000213000000000000000000000100" + "0201" + "020000000011";

    @Test
    void unsolicitedAdvertIsByteExact() throws Exception {
        Inet6Address vip = (Inet6Address) InetAddress.getByName("fd00:213::100");
        byte[] f = NeighbourAdvertFrames.unsolicited(MacAddress.parse("02:00:00:00:00:11"), vip);
        assertEquals(86, f.length);
        assertArrayEquals(HexFormat.of().parseHex(GOLDEN), f);
        var parsed = NeighbourAdvertFrames.parse(f).orElseThrow();
        assertEquals(vip, parsed.target());
        assertEquals(vip, parsed.source());
        assertEquals(MacAddress.parse("02:00:00:00:00:11"), parsed.targetMac());
        assertTrue(parsed.override());
        assertEquals(255, parsed.hopLimit());
    }

    @Test
    void corruptedChecksumOrOtherFramesDoNotParse() throws Exception {
        byte[] f = HexFormat.of().parseHex(GOLDEN);
        f[f.length - 1] ^= 1;
        assertTrue(NeighbourAdvertFrames.parse(f).isEmpty(), "checksum no longer matches");
        assertTrue(NeighbourAdvertFrames.parse(new byte[10]).isEmpty());
        assertTrue(NeighbourAdvertFrames.parse(GarpFrames.gratuitousArp(
                        MacAddress.parse("02:00:00:00:00:11"), Ipv4Addresses.parse("10.0.0.1")))
                .isEmpty());
    }
}
