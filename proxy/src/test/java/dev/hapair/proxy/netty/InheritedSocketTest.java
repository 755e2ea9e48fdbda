package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code fd@N} accepts: open, listening stream sockets (TCP or unix), made non-blocking; nothing else. */
class InheritedSocketTest {
    private static final int F_GETFL = 3;
    private static final int F_SETFL = 4;
    private static final int O_NONBLOCK = 0x800;

    @TempDir
    Path dir;

    @BeforeAll
    static void epoll() {
        assumeTrue(Epoll.isAvailable(), "epoll transport (Linux) needed");
    }

    private static InheritedSocket.LibC libc() {
        return com.sun.jna.Native.load("c", InheritedSocket.LibC.class);
    }

    @Test
    void listeningTcpSocketIsAdoptedAtItsAddressAndMadeNonBlocking() throws Exception {
        Socket s = Socket.newSocketStream();
        try {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            s.listen(8);
            int fd = s.intValue();
            int flags = libc().fcntl(fd, F_GETFL, 0);
            libc().fcntl(fd, F_SETFL, flags & ~O_NONBLOCK); // a parent usually hands over a blocking socket
            InheritedSocket in = InheritedSocket.inspect(fd);
            assertEquals(InheritedSocket.Family.INET, in.family());
            assertTrue((libc().fcntl(fd, F_GETFL, 0) & O_NONBLOCK) != 0, "non-blocking after inspect");
            ServerChannel ch = in.channel();
            assertEquals(s.localAddress(), ch.localAddress());
            assertTrue(ch.isActive(), "an inactive channel would never accept");
        } finally {
            s.close();
        }
    }

    @Test
    void listeningUnixSocketIsAdopted() throws Exception {
        Socket s = Socket.newSocketDomain();
        try {
            s.bind(new DomainSocketAddress(dir.resolve("cli.sock").toString()));
            s.listen(8);
            InheritedSocket in = InheritedSocket.inspect(s.intValue());
            assertEquals(InheritedSocket.Family.UNIX, in.family());
            assertTrue(in.channel().isActive(), "an inactive channel would never accept");
        } finally {
            s.close();
        }
    }

    @Test
    void anythingElseIsRefusedWithTheReason() throws Exception {
        assertTrue(message(100_000).contains("is not an open file descriptor"), message(100_000));

        FileDescriptor file =
                FileDescriptor.from(Files.writeString(dir.resolve("f"), "x").toFile());
        try {
            assertTrue(message(file.intValue()).contains("is not a socket"), message(file.intValue()));
        } finally {
            file.close();
        }
        Socket unbound = Socket.newSocketStream();
        try {
            assertTrue(message(unbound.intValue()).contains("not listening"), message(unbound.intValue()));
        } finally {
            unbound.close();
        }
        Socket udp = Socket.newSocketDgram();
        try {
            udp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            assertTrue(message(udp.intValue()).contains("is not a stream"), message(udp.intValue()));
        } finally {
            udp.close();
        }
    }

    private static String message(int fd) {
        return assertThrows(IOException.class, () -> InheritedSocket.inspect(fd))
                .getMessage();
    }
}
