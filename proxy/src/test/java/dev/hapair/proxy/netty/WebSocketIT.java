package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.backend.BackendSettings;
import dev.hapair.proxy.backend.FrontendSettings;
import dev.hapair.proxy.backend.Timeouts;
import dev.hapair.proxy.testing.ProxyFixture;
import dev.hapair.testkit.Prerequisites;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebSocket end to end through hapair with a real client and server (Python {@code websockets}, Debian's
 * {@code python3-websockets}): the upgrade is forwarded with {@code Connection: upgrade}, the 101 switches the
 * exchange to a tunnel, and frames flow both ways until the client closes.
 */
class WebSocketIT {
    /** Debian's interpreter, where apt installs the module (a pyenv python on PATH may lack it). */
    private static final String PYTHON = "/usr/bin/python3";

    private static final String SERVER =
            """
        import asyncio, websockets
        async def echo(ws, path=None):
            async for m in ws:
                await ws.send(m)
        async def main():
            async with websockets.serve(echo, "127.0.0.1", 0, max_size=None) as srv:
                print(srv.sockets[0].getsockname()[1], flush=True)
                await asyncio.Future()
        asyncio.run(main())
        """;

    private static final String CLIENT =
            """
        import asyncio, sys, websockets
        async def main():
            async with websockets.connect("ws://127.0.0.1:%s/chat", max_size=None) as ws:
                for i in range(200):
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

    @TempDir
    Path dir;

    @Test
    void webSocketWorksEndToEnd() throws Exception {
        checkPython();
        Process server = new ProcessBuilder(PYTHON, "-c", SERVER)
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            int wsPort = Integer.parseInt(out.readLine().trim());
            Timeouts t = new Timeouts(1000, 2000, 2000, 2000, 0, 1000, 0, 10_000);
            try (ProxyServer proxy = ProxyFixture.start(
                    FrontendSettings.http(List.of(ProxyFixture.anyLoopbackPort()), t),
                    ProxyFixture.backend("ws", BackendSettings.http(t), List.of(ProxyFixture.server("w1", wsPort))),
                    (s, l) -> {})) {
                Path log = dir.resolve("client.log");
                Process client = new ProcessBuilder(PYTHON, "-c", CLIENT.formatted(proxy.port("fe")))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                assertTrue(client.waitFor(60, TimeUnit.SECONDS), "client hung");
                String said = Files.readString(log);
                assertEquals(0, client.exitValue(), said);
                assertTrue(said.contains("OK"), said);
            }
        } finally {
            server.destroy();
            server.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static void checkPython() throws Exception {
        Process p = new ProcessBuilder(PYTHON, "-c", "import websockets")
                .redirectErrorStream(true)
                .start();
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            Prerequisites.unavailable(
                    "python3-websockets not installed for " + PYTHON + " (bin/hapair-test installs it)");
        }
    }
}
