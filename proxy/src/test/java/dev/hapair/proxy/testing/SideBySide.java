package dev.hapair.proxy.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * hapair-proxy (through its launcher) and the installed HAProxy run side by side, each on its own
 * configuration written from one template, for tests that compare their answers for the same config and
 * traffic. A side's stats socket, if its configuration has one, is {@code <dir>/<side>.sock}.
 */
public final class SideBySide implements AutoCloseable {
    public static final String HAPAIR = "hapair";
    public static final String HAPROXY = "haproxy";

    private final Path dir;
    private final Map<String, Process> processes = new LinkedHashMap<>();

    private SideBySide(Path dir) {
        this.dir = dir;
    }

    /** A free loopback TCP port (free now; the caller binds it soon after). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Writes {@code <dir>/<side>.cfg} from {@code config} (given the side's name) and starts both; returns once
     * hapair logged its start-up line and each side with a stats socket in its configuration has opened it.
     */
    public static SideBySide start(Path dir, Function<String, String> config) throws Exception {
        SideBySide s = new SideBySide(dir);
        try {
            for (String side : new String[] {HAPAIR, HAPROXY}) {
                Path cfg = Files.writeString(dir.resolve(side + ".cfg"), config.apply(side));
                String exe = side.equals(HAPAIR) ? ProxyProcess.launcher().toString() : "haproxy";
                s.processes.put(
                        side,
                        new ProcessBuilder(exe, "-db", "-f", cfg.toString())
                                .redirectErrorStream(true)
                                .redirectOutput(s.log(side).toFile())
                                .start());
            }
            ProxyProcess.awaitStarted(s.log(HAPAIR), s.processes.get(HAPAIR));
            for (String side : s.processes.keySet()) {
                if (Files.readString(dir.resolve(side + ".cfg"))
                        .contains(s.socket(side).toString())) {
                    s.awaitSocket(side);
                }
            }
            return s;
        } catch (Exception | AssertionError e) {
            s.close();
            throw e;
        }
    }

    /** {@code <dir>/<side>.sock}: where a template puts the side's {@code stats socket}. */
    public Path socket(String side) {
        return dir.resolve(side + ".sock");
    }

    /** The side's stdout and stderr. */
    public Path log(String side) {
        return dir.resolve(side + ".log");
    }

    public String logText(String side) {
        try {
            return Files.readString(log(side));
        } catch (IOException e) {
            return "";
        }
    }

    public Process process(String side) {
        return processes.get(side);
    }

    private void awaitSocket(String side) throws Exception {
        Path sock = socket(side);
        for (int i = 0; i < 1200 && !Files.exists(sock); i++) {
            assertTrue(
                    processes.get(side).isAlive(), side + " exited before opening its stats socket: " + logText(side));
            Thread.sleep(50);
        }
        assertTrue(Files.exists(sock), "no stats socket " + sock);
    }

    /** One runtime API command; retried (up to 5 times) while the answer is empty, as a loaded machine may be slow. */
    public String cli(String side, String command) throws Exception {
        String out = "";
        for (int attempt = 0; attempt < 5 && out.isEmpty(); attempt++) {
            Process p = new ProcessBuilder("socat", "-t", "10", "-", "UNIX-CONNECT:" + socket(side))
                    .redirectErrorStream(true)
                    .start();
            p.getOutputStream().write((command + "\n").getBytes(StandardCharsets.US_ASCII));
            p.getOutputStream().close();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(!out.isEmpty(), side + " answered nothing to '" + command + "'");
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes.values()) p.destroy();
        for (Process p : processes.values()) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }
}
