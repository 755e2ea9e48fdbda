package dev.hapair.deploy.cluster;

import static org.junit.jupiter.api.Assertions.fail;

import dev.hapair.testkit.ExecResult;
import dev.hapair.testkit.Host;
import dev.hapair.testkit.HostProcess;
import dev.hapair.testkit.Wait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the cluster ITs share: the two daemons' shaded jars (built by the reactor before these ITs), web servers,
 * hapair-proxy instances with a stats socket and pid file, and a client loop that opens one new connection per
 * request and records every outcome, all inside testkit namespaces.
 */
final class ClusterKit {
    /** Start-up flags for the child JVMs: the ITs share 2 cores. */
    static final List<String> JVM_FLAGS =
            List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Xmx64m");

    private ClusterKit() {}

    static Path jar(String module) {
        Path jar = Path.of("..", module, "target", "hapair-" + module + ".jar")
                .toAbsolutePath()
                .normalize();
        if (!Files.isRegularFile(jar)) {
            fail("needs " + jar + " (run the ITs through 'mvn verify' in the reactor, which packages it first)");
        }
        return jar;
    }

    static List<String> java(String module, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_FLAGS);
        cmd.add("-jar");
        cmd.add(jar(module).toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A web server answering {@code name} on {@code ip:port} (python's http.server: small and everywhere). */
    static HostProcess startWeb(Host h, Path dir, String ip, int port) {
        Path root = dir.resolve("www-" + h.name());
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(root.resolve("index.html"), h.name() + "\n");
        HostProcess p = h.start(
                List.of(
                        "python3",
                        "-m",
                        "http.server",
                        Integer.toString(port),
                        "--bind",
                        ip,
                        "--directory",
                        root.toString()),
                dir.resolve("web-" + h.name() + ".log"));
        Wait.until(
                h.name() + " listening", Duration.ofSeconds(20), () -> h.tcpConnects(ip, port, Duration.ofSeconds(1)));
        return p;
    }

    /** haproxy.cfg of one node: a frontend on {@code binds}, backend {@code web} over {@code servers} with checks. */
    static String proxyConfig(Path statsSocket, List<String> binds, List<String> servers) {
        StringBuilder b = new StringBuilder();
        b.append("global\n    stats socket ").append(statsSocket).append('\n');
        b.append("defaults\n    mode http\n    timeout connect 1s\n    timeout client 5s\n    timeout server 5s\n");
        b.append("frontend fe\n");
        binds.forEach(a -> b.append("    bind ").append(a).append('\n'));
        b.append("    default_backend web\n");
        b.append("backend web\n");
        for (int i = 0; i < servers.size(); i++) {
            b.append("    server s")
                    .append(i + 1)
                    .append(' ')
                    .append(servers.get(i))
                    .append(" check inter 500\n");
        }
        return b.toString();
    }

    /** Starts hapair-proxy on {@code h}; returns once its pid file and stats socket exist. */
    static HostProcess startProxy(Host h, Path dir, String config) {
        Path cfg = dir.resolve("proxy-" + h.name() + ".cfg");
        write(cfg, config);
        Path pid = proxyPidfile(dir, h);
        HostProcess p = h.start(
                java("proxy", "-f", cfg.toString(), "-p", pid.toString()), dir.resolve("proxy-" + h.name() + ".log"));
        Wait.until(
                "hapair-proxy on " + h.name(),
                Duration.ofSeconds(40),
                () -> Files.exists(pid) && Files.exists(statsSocket(dir, h)) || !p.isAlive());
        if (!p.isAlive()) {
            fail("hapair-proxy on " + h.name() + " exited:\n" + p.output());
        }
        return p;
    }

    static Path proxyPidfile(Path dir, Host h) {
        return dir.resolve("proxy-" + h.name() + ".pid");
    }

    static Path statsSocket(Path dir, Host h) {
        return dir.resolve("stats-" + h.name() + ".sock");
    }

    /** Frontend sessions served so far (stot of the FRONTEND row) by the proxy on {@code h}. */
    static int servedBy(Host h, Path dir) {
        ExecResult r = h.exec("sh", "-c", "echo 'show stat' | socat stdio unix-connect:" + statsSocket(dir, h));
        for (String line : r.stdout().split("\n")) {
            String[] f = line.split(",", -1);
            if (f.length > 7 && f[0].equals("fe") && f[1].equals("FRONTEND")) {
                return Integer.parseInt(f[7]);
            }
        }
        return -1;
    }

    /**
     * A client loop on {@code h}: one curl (a new TCP connection) after another to each URL in turn, at most
     * {@code max} requests, until {@link #stop()}. Each outcome is a line {@code EPOCH_MS URL HTTP_CODE}
     * (000: no answer within 2 s).
     */
    static final class ClientLoop {
        final Path out;
        final Path stopFile;
        final HostProcess process;

        ClientLoop(Host h, Path dir, List<String> urls, int max) {
            this.out = dir.resolve("client-" + h.name() + ".txt");
            this.stopFile = dir.resolve("client-" + h.name() + ".stop");
            String script = "n=0; while [ ! -e " + stopFile + " ] && [ $n -lt " + max + " ]; do for u in "
                    + String.join(" ", urls) + "; do c=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 $u);"
                    + " t=${EPOCHREALTIME/[.,]/}; echo \"$((t / 1000)) $u $c\" >> " + out + "; n=$((n + 1)); done;"
                    + " done";
            this.process = h.start(List.of("bash", "-c", script), dir.resolve("client-" + h.name() + ".log"));
        }

        void stop() {
            write(stopFile, "");
            process.waitFor(Duration.ofSeconds(10));
            process.kill();
        }

        List<Outcome> outcomes() {
            List<Outcome> all = new ArrayList<>();
            for (String line : read(out).split("\n")) {
                String[] f = line.trim().split(" ");
                if (f.length == 3) {
                    all.add(new Outcome(Long.parseLong(f[0]), f[1], f[2]));
                }
            }
            return all;
        }
    }

    record Outcome(long epochMillis, String url, String code) {
        boolean ok() {
            return code.equals("200");
        }
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f s", millis / 1000.0);
    }
}
