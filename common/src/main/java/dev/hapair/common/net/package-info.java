/**
 * Sockets the JDK does not offer: unix datagram sockets ({@link dev.hapair.common.net.UnixDatagramSocket}),
 * used for {@code /dev/log} and systemd's notification socket.
 */
package dev.hapair.common.net;
