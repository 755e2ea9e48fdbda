/**
 * {@code hapair-vrrp watch -i IFACE [-c COUNT] [-t SECONDS]}: what the VRRP routers on a segment are doing, as
 * seen on the wire. {@link dev.hapair.vrrp.watch.PcapCapture} (pcap4j, filter {@code ip proto 112 or arp})
 * delivers frames, {@link dev.hapair.vrrp.watch.WireDecoder} decodes them with the daemon's own codec,
 * {@link dev.hapair.vrrp.watch.WatchTable} (pure; the capture timestamps are its only clock) keeps one row per
 * (VRID, source) and finds conflicts, {@link dev.hapair.vrrp.watch.WatchRenderer} prints the table, and
 * {@link dev.hapair.vrrp.watch.WatchCommand} ties them together. The capture and decoder also serve the
 * integration tests' {@code WireCapture}, which asserts what really went on the wire.
 */
package dev.hapair.vrrp.watch;
