package dev.hapair.proxy.runtime.master;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the master-worker ITs share: a one-frontend configuration answering by itself, and a master CLI client. */
public final class MasterWorkerFixture {
    private MasterWorkerFixture() {}

    /** A free loopback port and a configuration whose frontend on it answers 200 "served". */
    public record Config(int port, Path file) {}

    public static Config config(Path dir) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path cfg = Files.writeString(
                dir.resolve("proxy.cfg"),
                String.join(
                        "\n",
                        "defaults",
                        "    mode http",
                        "    timeout connect 1s",
                        "    timeout client 5s",
                        "    timeout server 5s",
                        "frontend f",
                        "    bind 127.0.0.1:" + port,
                        "    http-request return status 200 content-type text/plain string served",
                        ""));
        return new Config(port, cfg);
    }

    /** One command line on the master CLI (unix socket), the whole answer. */
    public static String cli(Path socket, String line) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ch.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            ch.shutdownOutput(); // as socat at the end of its input: the whole request is there
            return new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
