package dev.hapair.vrrp.os;

import java.io.IOException;

/** Puts complete Ethernet frames (destination MAC first, no FCS) on one interface: gratuitous ARP. */
public interface FrameSender extends AutoCloseable {
    void send(byte[] ethernetFrame) throws IOException;

    String interfaceName();

    @Override
    void close();
}
