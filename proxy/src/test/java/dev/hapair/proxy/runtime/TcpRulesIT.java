package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hapair.proxy.config.HaproxyConfigLoader;
import dev.hapair.proxy.testing.NginxServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mode tcp} content rules on real connections: a protocol router on the client's first bytes
 * ({@code req.payload}, a client that talks slowly), {@code tcp-response content} accepting, rejecting and
 * closing on the server's first bytes ({@code res.payload}, {@code res.len}).
 */
class TcpRulesIT {
    @TempDir
    static Path dir;

    static final List<ServerSocket> servers = new ArrayList<>();
    static ProxyDaemon proxy;
    static int router;
    static int ssh;
    static int http;
    static int bye;
    static int pick;

    /** A server that greets every connection with {@code greeting}, then echoes what it reads (until EOF). */
    static int greeter(String greeting) throws Exception {
        ServerSocket ss = new ServerSocket();
        ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        servers.add(ss);
        Thread t = new Thread(() -> {
            while (!ss.isClosed()) {
                try {
                    Socket s = ss.accept();
                    Thread c = new Thread(() -> {
                        try (s) {
                            s.getOutputStream().write(greeting.getBytes(StandardCharsets.US_ASCII));
                            s.getOutputStream().flush();
                            s.getInputStream().transferTo(s.getOutputStream());
                        } catch (Exception e) {
                            // the proxy closed it
                        }
                    });
                    c.setDaemon(true);
                    c.start();
                } catch (Exception e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return ss.getLocalPort();
    }

    @BeforeAll
    static void start() throws Exception {
        int sshServer = greeter("SSH-2.0-test\r\n");
        int httpServer = greeter("HTTP/1.0 200 OK\r\n\r\n");
        int byeServer = greeter("hello bye");
        int echo = greeter("");
        int one = greeter("1:");
        int two = greeter("2:");
        pick = NginxServer.freePort();
        router = NginxServer.freePort();
        ssh = NginxServer.freePort();
        http = NginxServer.freePort();
        bye = NginxServer.freePort();
        String cfg = "defaults\n  mode tcp\n  timeout connect 2s\n  timeout client 10s\n  timeout server 10s\n"
                + "frontend router\n  bind 127.0.0.1:" + router + "\n  tcp-request inspect-delay 5s\n"
                + "  tcp-request content accept if { req.payload(0,4) -m bin 50494e47 }\n"
                + "  tcp-request content reject if { req.len ge 4 }\n"
                + "  default_backend echo\n"
                + "backend echo\n  server s 127.0.0.1:" + echo + "\n"
                + "listen ssh\n  bind 127.0.0.1:" + ssh + "\n  tcp-response inspect-delay 5s\n"
                + "  tcp-response content accept if { res.payload(0,4) -m bin 5353482d }\n"
                + "  tcp-response content reject if { res.len ge 4 }\n"
                + "  server s 127.0.0.1:" + sshServer + "\n"
                + "listen notssh\n  bind 127.0.0.1:" + http + "\n  tcp-response inspect-delay 5s\n"
                + "  tcp-response content accept if { res.payload(0,4) -m bin 5353482d }\n"
                + "  tcp-response content reject if { res.len ge 4 }\n"
                + "  server s 127.0.0.1:" + httpServer + "\n"
                + "listen bye\n  bind 127.0.0.1:" + bye + "\n  tcp-response inspect-delay 5s\n"
                + "  tcp-response content close if { res.payload(0,0) -m sub bye }\n"
                + "  server s 127.0.0.1:" + byeServer + "\n"
                + "listen pick\n  bind 127.0.0.1:" + pick + "\n  balance roundrobin\n  tcp-request inspect-delay 5s\n"
                + "  tcp-request content accept if { req.len ge 3 }\n"
                + "  use-server s2 if { req.payload(0,3) -m bin 74776f }\n"
                + "  use-server s1 if { req.payload(0,3) -m bin 6f6e65 }\n"
                + "  server s1 127.0.0.1:" + one + "\n  server s2 127.0.0.1:" + two + "\n";
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, cfg);
        proxy = ProxyDaemon.start(new HaproxyConfigLoader().load(file), Optional.empty(), System.err);
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) proxy.stop(java.time.Duration.ZERO);
        for (ServerSocket s : servers) s.close();
    }

    /** Sends {@code parts} with a pause between them, half-closes, returns everything received. */
    private static String exchange(int port, String... parts) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            for (String p : parts) {
                s.getOutputStream().write(p.getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                Thread.sleep(200);
            }
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void requestRouterWaitsForASlowClientsFirstBytes() throws Exception {
        assertEquals("PING pong", exchange(router, "PI", "NG", " pong"));
    }

    @Test
    void requestRouterRejectsOtherProtocols() throws Exception {
        assertEquals("", exchange(router, "GET / HTTP/1.0\r\n\r\n"));
    }

    @Test
    void responseRulesAcceptTheExpectedProtocol() throws Exception {
        assertEquals("SSH-2.0-test\r\nhi", exchange(ssh, "hi"));
    }

    @Test
    void responseRulesRejectAnotherProtocol() throws Exception {
        assertEquals("", exchange(http, "hi"));
    }

    @Test
    void useServerPicksTheServerTheFirstBytesName() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals("2:two", exchange(pick, "tw", "o"));
            assertEquals("1:one", exchange(pick, "one"));
        }
    }

    @Test
    void responseCloseForwardsWhatCameThenCloses() throws Exception {
        try (Socket s = new Socket("127.0.0.1", bye)) {
            s.setSoTimeout(10_000);
            // no half-close from us: the server keeps its side open, the rule ends the connection
            assertEquals("hello bye", new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        }
    }
}
