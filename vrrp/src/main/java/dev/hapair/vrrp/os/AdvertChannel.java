package dev.hapair.vrrp.os;

import dev.hapair.vrrp.packet.Ipv4Header;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Sends VRRP payloads (the kernel adds the IP header: protocol 112, TTL/hop limit 255, TOS/traffic class
 * 0xc0) and delivers
 * received VRRP packets to the {@link AdvertListener} given when the channel was opened. Sending never
 * waits for receiving; receiving happens on a thread of the channel's own.
 */
public interface AdvertChannel extends AutoCloseable {
    /** RFC 3768 section 5.2.2 / RFC 5798 section 5.1.1.2: VRRP's IPv4 multicast group. */
    Inet4Address VRRP_GROUP = Ipv4Header.VRRP_MULTICAST;

    /**
     * Sends one VRRP message (no IP header) to {@link #VRRP_GROUP} or to a unicast peer; an IPv6 channel sends
     * to ff02::12. The destination's family must be the channel's.
     */
    void send(byte[] vrrpPayload, InetAddress destination) throws IOException;

    default void sendMulticast(byte[] vrrpPayload) throws IOException {
        send(vrrpPayload, VRRP_GROUP);
    }

    String interfaceName();

    /** Stops the receiver thread promptly and releases the socket; idempotent, callable from any thread. */
    @Override
    void close();
}
