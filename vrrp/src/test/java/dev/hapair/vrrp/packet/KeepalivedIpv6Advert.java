package dev.hapair.vrrp.packet;

import java.net.Inet6Address;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Golden bytes: one advert keepalived 2.2.7 sent over IPv6 in a test namespace (VRID 62, priority 150,
 * advert_int 1, VIP fd00:213:52::100/64), captured with tcpdump, which decoded it as {@code class 0xc0,
 * flowlabel 0x22efd, hlim 255, next-header VRRP (112) payload length: 24 fe80::b481:6ff:fed3:8f6e > ff02::12:
 * VRRPv3, Advertisement, vrid 62, prio 150, intvl 100cs}; the checksum 0xf014 was verified independently.
 */
public final class KeepalivedIpv6Advert {
    /** The whole Ethernet frame (to 33:33:00:00:00:12). */
    public static final String FRAME_HEX = "333300000012b68106d38f6e86dd"
            + "6c022efd001870fffe80000000000000b48106fffed38f6eff020000000000000000000000000012"
            + "313e96010064f014fd000213005200000000000000000100";

    public static final Inet6Address SOURCE = Ipv6Header.parse("fe80::b481:6ff:fed3:8f6e");
    public static final Inet6Address VIP = Ipv6Header.parse("fd00:213:52::100");

    private KeepalivedIpv6Advert() {}

    public static byte[] frame() {
        return HexFormat.of().parseHex(FRAME_HEX);
    }

    /** The IPv6 packet (the frame without its 14-byte Ethernet header). */
    public static byte[] ipPacket() {
        byte[] f = frame();
        return Arrays.copyOfRange(f, 14, f.length);
    }
}
