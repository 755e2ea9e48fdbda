/**
 * The VRRP daemon's operating-system side, through JNA on libc (no JNI, no pcap for sending).
 *
 * <ul>
 *   <li>{@link dev.hapair.vrrp.os.AdvertChannel} → {@link dev.hapair.vrrp.os.RawAdvertChannel}: raw IPv4
 *       socket for protocol 112 bound to one interface; a receiver thread per channel (poll on the socket
 *       and an eventfd, so close is immediate) hands whole IPv4 packets to a listener.</li>
 *   <li>{@link dev.hapair.vrrp.os.AddressManager} → {@link dev.hapair.vrrp.os.NetlinkAddressManager}:
 *       RTM_NEWADDR/RTM_DELADDR/RTM_GETADDR, reading every ACK; errno and the kernel's extended-ack text
 *       end up in {@link dev.hapair.vrrp.os.NativeException}.</li>
 *   <li>{@link dev.hapair.vrrp.os.FrameSender} → {@link dev.hapair.vrrp.os.PacketSocketSender}: AF_PACKET
 *       socket for gratuitous ARP frames built by {@code dev.hapair.vrrp.packet.GarpFrames}.</li>
 *   <li>{@link dev.hapair.vrrp.os.Interfaces} → {@link dev.hapair.vrrp.os.NetlinkInterfaces} and
 *       {@link dev.hapair.vrrp.os.LinkMonitor} → {@link dev.hapair.vrrp.os.NetlinkLinkMonitor}: index, MAC,
 *       addresses and pushed link changes (RTMGRP_LINK) for track_interface.</li>
 *   <li>{@link dev.hapair.vrrp.os.NetworkOs} bundles them ({@link dev.hapair.vrrp.os.LinuxNetworkOs});
 *       every interface has a {@code Fake*} twin in the test tree ({@code FakeNetworkOs}).</li>
 * </ul>
 *
 * <p>Namespaces: every socket belongs to the network namespace of the thread that created it, for life.
 * Tests exploit that with the test tree's {@code NetworkNamespace.call}: a fresh thread setns()es into
 * the test's namespace, opens the socket and dies; the test thread then uses the socket. Interface names
 * are therefore resolved at open time (raw/packet sockets) or over the object's own netlink socket
 * (address manager, interfaces), never through /sys, which shows the namespace it was mounted in.
 *
 * <p>Message encodings (netlink, sockaddr_in, ip_mreqn, sockaddr_ll, sockaddr_nl) are pure functions,
 * tested against bytes captured from iproute2 and the kernel.
 */
package dev.hapair.vrrp.os;
