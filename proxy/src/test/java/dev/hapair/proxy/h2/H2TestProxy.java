package dev.hapair.proxy.h2;

import dev.hapair.proxy.testing.ProxyProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The hapair process of the raw HTTP/2 ITs: {@code mode http}, {@code timeout connect 2s}, {@code client 10s}
 * unless given, {@code queue 10s}, the given {@code timeout server}; frontend {@code f} on the given binds;
 * backend {@code bk} with one server.
 */
final class H2TestProxy {
    private H2TestProxy() {}

    /**
     * Writes {@code dir/p.cfg}, checks it and starts the proxy (its output in {@code dir/out.log}).
     *
     * @param server the server line's address and options, e.g. {@code "127.0.0.1:8080 maxconn 1"}
     * @param binds each bind line's address and options, e.g. {@code "127.0.0.1:8443 proto h2"}
     */
    static Process start(Path dir, String timeoutServer, String server, String... binds) throws Exception {
        List<String> frontend = new ArrayList<>();
        for (String b : binds) frontend.add("bind " + b);
        return start(dir, "10s", timeoutServer, server, frontend);
    }

    /** As above, with {@code timeout client} and the frontend's lines (binds included) given. */
    static Process start(Path dir, String timeoutClient, String timeoutServer, String server, List<String> frontend)
            throws Exception {
        List<String> cfg = new ArrayList<>(List.of(
                "defaults",
                "    mode http",
                "    timeout connect 2s",
                "    timeout client " + timeoutClient,
                "    timeout server " + timeoutServer,
                "    timeout queue 10s",
                "frontend f"));
        for (String line : frontend) cfg.add("    " + line);
        cfg.addAll(List.of("    default_backend bk", "backend bk", "    server s1 " + server, ""));
        Path file = Files.writeString(dir.resolve("p.cfg"), String.join("\n", cfg));
        return ProxyProcess.checkAndStart(file, dir.resolve("out.log"));
    }

    /** Stops the proxy: SIGTERM, then a kill after 10 s. */
    static void stop(Process proxy) throws InterruptedException {
        proxy.destroy();
        if (!proxy.waitFor(10, TimeUnit.SECONDS)) proxy.destroyForcibly();
    }

    /** A server socket on loopback (any port) whose accept gives up after 10 s: the test's server. */
    static ServerSocket server() throws IOException {
        ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        s.setSoTimeout(10_000);
        return s;
    }

    /** An HTTP/1 head read from {@code in} up to its empty line included (or what came before the end). */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        for (int c; state < 4 && (c = in.read()) != -1; ) {
            b.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
                    ? state + 1
                    : c == '\r' ? 1 : 0;
        }
        return b.toString(StandardCharsets.US_ASCII);
    }
}
