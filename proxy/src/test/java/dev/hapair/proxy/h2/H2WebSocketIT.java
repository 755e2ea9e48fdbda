package dev.hapair.proxy.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.NginxServer;
import dev.hapair.proxy.testing.ProxyProcess;
import dev.hapair.proxy.testing.WebSocketEcho;
import dev.hapair.proxy.tls.TestCerts;
import dev.hapair.testkit.Prerequisites;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebSocket over HTTP/2 (RFC 8441) with real clients and a real websocket server (Python {@code websockets}
 * and {@code h2}, Debian's python3-websockets and python3-h2), through one hapair-proxy process playing both
 * parts of reg-test http-messaging/srv_ws.vtc: "lb" frontends take HTTP/1.1 websocket clients and speak to
 * the "inner" frontend as its {@code server} line says ({@code proto h2 ws h2}: extended CONNECT over h2c;
 * {@code proto h2 ws h1}: an HTTP/1.1 connection of its own; {@code ssl alpn h2,http/1.1}: http/1.1 offered
 * alone for the websocket, or h2 alone with {@code ws h2}); "inner" takes HTTP/2 on a clear bind by its
 * preface (no {@code proto}) and over TLS by ALPN, and upgrades to the echo server in HTTP/1.1. Messages of
 * every size and kind must come back whole, and the response headers say which protocol each hop spoke.
 */
class H2WebSocketIT {
    private static final String PYTHON = WebSocketEcho.PYTHON;

    /** HTTP/1.1 websocket client; prints the headers the hops set, then OK. */
    private static final String CLIENT =
            """
        import asyncio, sys, websockets
        async def main():
            async with websockets.connect("ws://127.0.0.1:%s/chat", max_size=None) as ws:
                h = ws.response_headers
                print("inner=%%s alpn=%%s" %% (h.get("x-inner-ver"), h.get("x-alpn")), flush=True)
                for i in range(100):
                    await ws.send("m%%d" %% i)
                    assert await ws.recv() == "m%%d" %% i
                big = "x" * 300000
                await ws.send(big)
                assert await ws.recv() == big
                await ws.send(b"\\x00\\x01binary")
                assert await ws.recv() == b"\\x00\\x01binary"
            print("OK", flush=True)
        asyncio.run(main())
        """;

    /**
     * An HTTP/2 client doing RFC 8441 itself: waits for SETTINGS_ENABLE_CONNECT_PROTOCOL, opens an extended
     * CONNECT stream, then sends masked websocket frames as DATA and reads the echoed ones.
     */
    private static final String H2_CLIENT =
            """
        import os, socket, struct, sys
        import h2.config, h2.connection, h2.events, h2.settings
        s = socket.create_connection(("127.0.0.1", %s), timeout=10)
        c = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
        c.initiate_connection()
        s.sendall(c.data_to_send())
        buf = b""
        def pump(until):
            # every event of a read is handled (data kept and acknowledged) before returning
            global buf
            while True:
                data = s.recv(65536)
                if not data:
                    raise SystemExit("connection closed")
                found = None
                for e in c.receive_data(data):
                    if isinstance(e, h2.events.DataReceived):
                        c.acknowledge_received_data(e.flow_controlled_length, e.stream_id)
                        buf += e.data
                    if isinstance(e, h2.events.StreamReset):
                        raise SystemExit("reset %%s" %% e.error_code)
                    r = until(e)
                    if found is None and r is not None:
                        found = r
                s.sendall(c.data_to_send())
                if found is not None:
                    return found
        pump(lambda e: True if isinstance(e, h2.events.RemoteSettingsChanged) else None)
        assert c.remote_settings.enable_connect_protocol == 1, "no SETTINGS_ENABLE_CONNECT_PROTOCOL"
        c.send_headers(1, [(":method", "CONNECT"), (":protocol", "websocket"), (":scheme", "http"),
                           (":path", "/chat"), (":authority", "127.0.0.1"), ("sec-websocket-version", "13")])
        s.sendall(c.data_to_send())
        headers = pump(lambda e: dict(e.headers) if isinstance(e, h2.events.ResponseReceived) else None)
        print("status=%%s" %% headers[b":status"].decode(), flush=True)
        def frame(opcode, payload):
            mask = os.urandom(4)
            n = len(payload)
            head = bytes([0x80 | opcode])
            if n < 126: head += bytes([0x80 | n])
            elif n < 65536: head += bytes([0x80 | 126]) + struct.pack("!H", n)
            else: head += bytes([0x80 | 127]) + struct.pack("!Q", n)
            return head + mask + bytes(b ^ mask[i %% 4] for i, b in enumerate(payload))
        def message():
            global buf
            while True:
                if len(buf) >= 2:
                    n = buf[1] & 0x7f
                    at = 2
                    if n == 126: n, at = struct.unpack("!H", buf[2:4])[0], 4
                    elif n == 127: n, at = struct.unpack("!Q", buf[2:10])[0], 10
                    if len(buf) >= at + n:
                        m = buf[at:at + n]
                        buf = buf[at + n:]
                        return m
                pump(lambda e: True if isinstance(e, h2.events.DataReceived) else None)
        def send(payload):
            data = frame(1, payload)
            while data:
                window = min(c.local_flow_control_window(1), c.max_outbound_frame_size)
                if window == 0:
                    pump(lambda e: True if isinstance(e, h2.events.WindowUpdated) else None)
                    continue
                c.send_data(1, data[:window])
                data = data[window:]
                s.sendall(c.data_to_send())
        for i in range(50):
            send(b"h%%d" %% i)
            assert message() == b"h%%d" %% i
        big = b"y" * 200000
        send(big)
        assert message() == big
        c.send_data(1, frame(8, struct.pack("!H", 1000)), end_stream=True)
        s.sendall(c.data_to_send())
        print("OK", flush=True)
        """;

    @TempDir
    static Path dir;

    static WebSocketEcho echo;
    static Process proxy;
    static int lbH2;
    static int lbH1;
    static int lbAlpn;
    static int lbAlpnH2;
    static int inner;

    private record Run(int exit, String out) {}

    @BeforeAll
    static void start() throws Exception {
        Prerequisites.assumeCommands("openssl");
        WebSocketEcho.requirePython("h2");
        new TestCerts(dir).bundle("a", "a.test", "a.test");
        echo = WebSocketEcho.start();
        int echoPort = echo.port();
        int[] ports = NginxServer.freePorts(6);
        lbH2 = ports[0];
        lbH1 = ports[1];
        lbAlpn = ports[2];
        lbAlpnH2 = ports[3];
        inner = ports[4];
        int innerTls = ports[5];
        Path cfg = Files.writeString(
                dir.resolve("p.cfg"),
                String.join(
                        "\n",
                        "global",
                        "    crt-base " + dir,
                        "defaults",
                        "    mode http",
                        "    timeout connect 2s",
                        "    timeout client 10s",
                        "    timeout server 10s",
                        "listen lb_h2",
                        "    bind 127.0.0.1:" + lbH2,
                        "    server inner 127.0.0.1:" + inner + " proto h2 ws h2",
                        "listen lb_h1",
                        "    bind 127.0.0.1:" + lbH1,
                        "    server inner 127.0.0.1:" + inner + " proto h2 ws h1",
                        "listen lb_alpn",
                        "    bind 127.0.0.1:" + lbAlpn,
                        "    server inner 127.0.0.1:" + innerTls + " ssl verify none alpn h2,http/1.1",
                        "    http-response set-header x-alpn %[ssl_bc_alpn]",
                        "listen lb_alpn_h2",
                        "    bind 127.0.0.1:" + lbAlpnH2,
                        "    server inner 127.0.0.1:" + innerTls + " ssl verify none alpn h2,http/1.1 ws h2",
                        "    http-response set-header x-alpn %[ssl_bc_alpn]",
                        "frontend inner",
                        "    bind 127.0.0.1:" + inner,
                        "    bind 127.0.0.1:" + innerTls + " ssl crt a.pem alpn h2,http/1.1",
                        "    http-request set-var(txn.ver) req.ver",
                        "    http-after-response set-header x-inner-ver %[var(txn.ver)]",
                        "    default_backend echo",
                        "backend echo",
                        "    server ws 127.0.0.1:" + echoPort,
                        ""));
        proxy = ProxyProcess.checkAndStart(cfg, dir.resolve("out.log"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.destroy();
            if (!proxy.waitFor(10, TimeUnit.SECONDS)) proxy.destroyForcibly();
        }
        if (echo != null) echo.close();
    }

    @Test
    void websocketAsExtendedConnectOverH2c() throws Exception {
        // the HTTP/1.1 upgrade became an extended CONNECT to "inner", which saw an HTTP/2 request
        assertEquals(new Run(0, "inner=2.0 alpn=None\nOK\n"), client(lbH2));
    }

    @Test
    void wsH1TakesAnHttp11ConnectionToAnH2Server() throws Exception {
        assertEquals(new Run(0, "inner=1.1 alpn=None\nOK\n"), client(lbH1));
    }

    @Test
    void wsAutoOffersHttp11AloneThroughAlpn() throws Exception {
        assertEquals(new Run(0, "inner=1.1 alpn=http/1.1\nOK\n"), client(lbAlpn));
    }

    @Test
    void wsH2OffersH2AloneThroughAlpn() throws Exception {
        assertEquals(new Run(0, "inner=2.0 alpn=h2\nOK\n"), client(lbAlpnH2));
    }

    @Test
    void plainRequestsTakeWhatTheServersAlpnAnswerSays() throws Exception {
        // ALPN h2,http/1.1 without proto: the server picks h2, so a plain request is an HTTP/2 stream
        Run r = run("curl", "-sS", "-D", "-", "-o", "/dev/null", "http://127.0.0.1:" + lbAlpn + "/");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().toLowerCase(java.util.Locale.ROOT).contains("x-alpn: h2\r\n"), r.out());
        assertTrue(r.out().toLowerCase(java.util.Locale.ROOT).contains("x-inner-ver: 2.0\r\n"), r.out());
    }

    @Test
    void anHttp2ClientsExtendedConnectReachesAnHttp11WebsocketServer() throws Exception {
        // "inner" serves HTTP/2 on its clear bind by the preface, announces RFC 8441, and upgrades to the
        // echo server in HTTP/1.1 (with a generated Sec-WebSocket-Key); its 101 is the client's 200
        Run r = run(PYTHON, "-c", H2_CLIENT.formatted(inner));
        assertEquals(new Run(0, "status=200\nOK\n"), r);
    }

    private static Run client(int port) throws Exception {
        return run(PYTHON, "-c", CLIENT.formatted(port));
    }

    private static Run run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "timed out: " + String.join(" ", cmd));
        return new Run(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }
}
