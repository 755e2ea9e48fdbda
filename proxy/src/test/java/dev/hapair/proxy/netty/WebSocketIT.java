package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.backend.BackendSettings;
import dev.hapair.proxy.backend.FrontendSettings;
import dev.hapair.proxy.backend.Timeouts;
import dev.hapair.proxy.testing.ProxyFixture;
import dev.hapair.proxy.testing.WebSocketEcho;
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
    private static final String PYTHON = WebSocketEcho.PYTHON;

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
        try (WebSocketEcho echo = WebSocketEcho.start()) {
            int wsPort = echo.port();
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
        }
    }
}
