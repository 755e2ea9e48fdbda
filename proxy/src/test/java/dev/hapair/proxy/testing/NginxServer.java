package dev.hapair.proxy.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx on 127.0.0.1:PORT that answers every request with its own name, in its own prefix
 * directory (config, pid, logs). Started as a child process (no daemon, no master) and stopped by
 * its PID, so tests never touch any other nginx. {@code /healthCheck.html} is served from a file the
 * test can delete to make HTTP checks fail; {@code /big.bin} is 1 MiB of zeros.
 */
public final class NginxServer implements AutoCloseable {
    /** Size of {@code /big.bin}. */
    public static final int BIG_BYTES = 1 << 20;

    private final String name;
    private final Path prefix;
    private final int port;
    private Process process;

    public NginxServer(String name, Path baseDir, int port) throws IOException {
        this.name = name;
        this.port = port;
        this.prefix = Files.createDirectories(baseDir.resolve(name));
        Files.createDirectories(prefix.resolve("html"));
        Files.createDirectories(prefix.resolve("tmp"));
        Files.writeString(prefix.resolve("html/healthCheck.html"), "ok\n");
        Files.write(prefix.resolve("html/big.bin"), new byte[BIG_BYTES]); // for slow-reader tests
        String p = prefix.toString();
        String conf = "daemon off;\nmaster_process off;\nworker_processes 1;\n"
                + "error_log " + p + "/error.log warn;\npid " + p + "/nginx.pid;\n"
                + "events { worker_connections 4096; }\n"
                + "http {\n  access_log off;\n  keepalive_requests 1000000;\n  keepalive_timeout 75s;\n"
                + "  client_body_temp_path " + p + "/tmp/body;\n  proxy_temp_path " + p + "/tmp/proxy;\n"
                + "  fastcgi_temp_path " + p + "/tmp/fastcgi;\n  uwsgi_temp_path " + p + "/tmp/uwsgi;\n"
                + "  scgi_temp_path " + p + "/tmp/scgi;\n"
                + "  server {\n    listen 127.0.0.1:" + port + " reuseport;\n"
                + "    location = /healthCheck.html { root " + p + "/html; }\n"
                + "    location = /big.bin { root " + p + "/html; }\n"
                + "    location / { default_type text/plain; add_header X-Server " + name + "; return 200 \"" + name
                + "\\n\"; }\n"
                + "  }\n}\n";
        Files.writeString(prefix.resolve("nginx.conf"), conf, StandardCharsets.US_ASCII);
    }

    /** A free loopback port (bound and released; nginx takes it right after). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }

    /**
     * {@code n} distinct free loopback ports. Separate {@link #freePort()} calls can return the same port (the
     * kernel may hand a just-closed ephemeral port out again): these sockets are all held until every port is known.
     */
    public static int[] freePorts(int n) throws IOException {
        ServerSocket[] held = new ServerSocket[n];
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                held[i] = new ServerSocket();
                held[i].setReuseAddress(true);
                held[i].bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ports[i] = held[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                if (s != null) s.close();
            }
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** Starts nginx and waits until it accepts connections. */
    public NginxServer start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) return this;
        process = new ProcessBuilder(
                        "nginx",
                        "-p",
                        prefix.toString(),
                        "-c",
                        prefix.resolve("nginx.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(prefix.resolve("stdout.log").toFile())
                .start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return this;
            } catch (IOException e) {
                if (!process.isAlive())
                    throw new IOException("nginx " + name + " exited: " + Files.readString(prefix.resolve("stdout.log"))
                            + readOr(prefix.resolve("error.log")));
                Thread.sleep(20);
            }
        }
        throw new IOException("nginx " + name + " did not start listening on " + port);
    }

    private static String readOr(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops this nginx (SIGTERM to its own PID, then SIGKILL) and waits for its port to close. */
    public void stop() throws InterruptedException {
        if (process == null) return;
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        process = null;
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    /** Makes {@code /healthCheck.html} answer 404 (false) or 200 (true). */
    public void healthy(boolean ok) throws IOException {
        Path f = prefix.resolve("html/healthCheck.html");
        if (ok) Files.writeString(f, "ok\n");
        else Files.deleteIfExists(f);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
