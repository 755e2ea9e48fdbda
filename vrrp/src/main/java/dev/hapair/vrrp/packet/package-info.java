/**
 * VRRP wire formats, pure Java: {@link dev.hapair.vrrp.packet.VrrpCodec} (RFC 3768 v2 and RFC 5798 v3 adverts,
 * whole IPv4 packets), {@link dev.hapair.vrrp.packet.AdvertFilter} (receive checks with counted
 * {@link dev.hapair.vrrp.packet.DropReason}s), {@link dev.hapair.vrrp.packet.GarpFrames} (gratuitous ARP).
 * Verified byte for byte against captures of keepalived 2.2.7 (read by the test tree's {@code PcapFile}).
 */
package dev.hapair.vrrp.packet;
