package dev.hapair.proxy.log;

import dev.hapair.common.net.UnixDatagramSocket;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Sends datagrams to a unix socket path ({@code /dev/log}) through an unconnected non-blocking socket: each
 * send names the path, so a restarted syslog daemon (or a chroot) is followed, and a missing daemon only
 * loses the line.
 */
final class UnixDatagramSender implements SyslogLogSink.Destination {
    private final UnixDatagramSocket socket;
    private final byte[] address;

    UnixDatagramSender(String path) throws IOException {
        try {
            address = UnixDatagramSocket.address(path);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage());
        }
        socket = UnixDatagramSocket.open();
    }

    @Override
    public void send(ByteBuffer datagram) throws IOException {
        byte[] b = new byte[datagram.remaining()];
        datagram.get(b);
        socket.send(address, b, b.length);
    }

    @Override
    public void close() {
        socket.close();
    }
}
