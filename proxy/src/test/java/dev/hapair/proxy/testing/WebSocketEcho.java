package dev.hapair.proxy.testing;

import dev.hapair.testkit.Prerequisites;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A real websocket echo server for tests: Python {@code websockets} (Debian's python3-websockets, installed by
 * bin/hapair-test) on an ephemeral loopback port, echoing every message (text or binary, any size).
 */
public final class WebSocketEcho implements AutoCloseable {
    /** Debian's interpreter, where apt installs the modules (a pyenv python on PATH may lack them). */
    public static final String PYTHON = "/usr/bin/python3";

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

    private final Process process;
    private final int port;

    private WebSocketEcho(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the server (a missing Python module is a missing prerequisite: a failure under CI). */
    public static WebSocketEcho start() throws IOException, InterruptedException {
        requirePython("websockets");
        Process p = new ProcessBuilder(PYTHON, "-c", SERVER)
                .redirectErrorStream(true)
                .start();
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            p.destroy();
            throw new IOException("the websocket echo server did not start");
        }
        return new WebSocketEcho(p, Integer.parseInt(line.trim()));
    }

    /** Fails (CI) or skips the test when {@code module} cannot be imported by {@link #PYTHON}. */
    public static void requirePython(String module) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PYTHON, "-c", "import " + module)
                .redirectErrorStream(true)
                .start();
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            Prerequisites.unavailable("the Python module '" + module + "' is not installed for " + PYTHON
                    + " (bin/hapair-test installs python3-websockets and python3-h2)");
        }
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
    }
}
