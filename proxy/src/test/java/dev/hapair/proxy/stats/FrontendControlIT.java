package dev.hapair.proxy.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.ProxyProcess;
import dev.hapair.proxy.testing.TestHttpBackend;
import dev.hapair.testkit.Prerequisites;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code disable|enable|shutdown frontend} and {@code set maxconn frontend} act on the real listeners. */
class FrontendControlIT {
    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        Prerequisites.assumeCommands("socat");
    }

    private String cli(String command) throws Exception {
        Process p = new ProcessBuilder("socat", "-t", "10", "-", "UNIX-CONNECT:" + dir.resolve("s.sock"))
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().write((command + "\n").getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        return out;
    }

    /** Sends a GET and returns the status line, or null when nothing came back within {@code millis}. */
    private static String get(Socket s, int millis) throws IOException {
        s.setSoTimeout(millis);
        s.getOutputStream()
                .write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        StringBuilder line = new StringBuilder();
        try {
            for (int c; (c = in.read()) != -1 && c != '\r'; ) line.append((char) c);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return line.toString();
    }

    @Test
    void disableEnableAndShutdownAFrontend() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (TestHttpBackend backend = new TestHttpBackend("web")) {
            Path cfg = Files.writeString(
                    dir.resolve("p.cfg"),
                    String.join(
                            "\n",
                            "global",
                            "    stats socket " + dir.resolve("s.sock") + " level admin",
                            "defaults",
                            "    mode http",
                            "    timeout connect 1s",
                            "    timeout client 10s",
                            "    timeout server 10s",
                            "frontend fe",
                            "    bind 127.0.0.1:" + port,
                            "    default_backend bk",
                            "backend bk",
                            "    server s1 127.0.0.1:" + backend.port(),
                            ""));
            Process p = new ProcessBuilder(ProxyProcess.launcher().toString(), "-db", "-f", cfg.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("out.log").toFile())
                    .start();
            try {
                ProxyProcess.awaitStarted(dir.resolve("out.log"), p);
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    assertEquals("HTTP/1.1 200 OK", get(s, 5000));
                }
                assertEquals("", cli("disable frontend fe").strip());
                Socket waiting = new Socket(InetAddress.getLoopbackAddress(), port); // sits in the kernel's backlog
                assertEquals(null, get(waiting, 1000), "a disabled frontend accepts nothing");
                assertEquals("", cli("enable frontend fe").strip());
                waiting.setSoTimeout(5000);
                StringBuilder line = new StringBuilder();
                for (int c; (c = waiting.getInputStream().read()) != -1 && c != '\r'; ) line.append((char) c);
                assertEquals("HTTP/1.1 200 OK", line.toString(), "the waiting connection is served once enabled");
                waiting.close();
                assertEquals("", cli("set maxconn frontend fe 5").strip());
                assertEquals(
                        "No such frontend.", cli("set maxconn frontend nope 5").strip());
                assertEquals("", cli("shutdown frontend fe").strip());
                assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close());
            } finally {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
