package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.ProxyProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real TLS clients ({@code openssl s_client}, {@code curl}) and a hapair-proxy process, for the TLS ITs. */
final class TlsClients {

    record Run(int exit, String out) {}

    private final Path dir;
    private final TestCerts certs;

    TlsClients(Path dir, TestCerts certs) {
        this.dir = dir;
        this.certs = certs;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    Run run(String stdin, String... cmd) throws Exception {
        // output to a file, not a pipe read to EOF: a child that hangs with stdout open still meets the bound
        Path out = Files.createTempFile(dir, "run", ".out");
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) p.destroyForcibly();
        assertTrue(ended, String.join(" ", cmd) + " did not end within 60 s");
        return new Run(p.exitValue(), new String(Files.readAllBytes(out), StandardCharsets.UTF_8));
    }

    /** {@code curl https://NAME:PORT/PATH} resolved to 127.0.0.1, checking the certificate against the test CA. */
    Run curl(String name, int port, String path, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                "curl",
                "-sS",
                "--max-time",
                "10",
                "--cacert",
                certs.ca().toString(),
                "--resolve",
                name + ":" + port + ":127.0.0.1"));
        cmd.addAll(List.of(extra));
        cmd.add("https://" + name + ":" + port + path);
        return run("", cmd.toArray(String[]::new));
    }

    Run sClient(int port, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port));
        cmd.addAll(List.of(extra));
        return run("", cmd.toArray(String[]::new));
    }

    static boolean handshaked(Run r) {
        return r.out().contains("New, TLSv1.");
    }

    /** {@code -c} on {@code cfg}. */
    Run check(Path cfg) throws Exception {
        return run("", ProxyProcess.launcher().toString(), "-c", "-f", cfg.toString());
    }

    /** {@code -c} on {@code cfg} must pass; then hapair-proxy starts on it, its output in {@code log}. */
    Process checkAndStart(Path cfg, Path log) throws Exception {
        return ProxyProcess.checkAndStart(cfg, log);
    }

    /** One runtime API exchange over the unix stats socket {@code sock} (socat). */
    String cli(Path sock, String input) throws Exception {
        return run(input, "socat", "-t", "30", "-", "UNIX-CONNECT:" + sock).out();
    }

    /** Starts hapair-proxy in the foreground on {@code cfg}, its output in {@code log}. */
    static Process start(Path cfg, Path log) throws Exception {
        return ProxyProcess.startThroughLauncher(cfg, log);
    }

    static void stop(Process p) throws InterruptedException {
        if (p != null) {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Stops {@code p}, then closes what the test started beside it (null ones skipped). */
    static void stop(Process p, AutoCloseable... others) throws Exception {
        stop(p);
        for (AutoCloseable c : others) {
            if (c != null) c.close();
        }
    }

    static String read(Path p) throws IOException {
        return Files.readString(p);
    }
}
