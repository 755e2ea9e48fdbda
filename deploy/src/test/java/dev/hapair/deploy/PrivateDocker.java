package dev.hapair.deploy;

import dev.hapair.testkit.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;

/**
 * The private Docker engine the container suites run against (deploy/docker/private-engine, started by
 * bin/hapair-test): its socket ({@code DOCKER_HOST}) and the network namespace it lives in
 * ({@code HAPAIR_DOCKER_NETNS}). The suites refuse any other engine: their containers send VRRP and
 * gratuitous ARP, which must stay inside a namespace the run created. Client traffic is sent from that
 * namespace, where the containers' published ports and bridges are.
 */
final class PrivateDocker {
    static final String NETNS_ENV = "HAPAIR_DOCKER_NETNS";
    private static boolean imagesBuilt;

    private PrivateDocker() {}

    /** Skips (fails under CI=true) unless the private engine, docker-compose and ip are at hand. */
    static String requireNetns() {
        String netns = System.getenv(NETNS_ENV);
        String host = System.getenv("DOCKER_HOST");
        if (netns == null || netns.isBlank() || host == null || !host.startsWith("unix://")) {
            Prerequisites.unavailable(
                    "no private Docker engine: $" + NETNS_ENV + " and $DOCKER_HOST are set by "
                            + "bin/hapair-test (deploy/docker/private-engine start DIR); the container suites use no other engine");
        }
        Prerequisites.assumeCommands("docker", "docker-compose", "ip", "curl");
        boolean up;
        try {
            up = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            up = false;
        }
        if (!up) Prerequisites.unavailable("the private Docker engine at " + host + " does not answer");
        return netns;
    }

    /** deploy/docker/images.sh once per JVM: a no-op in well under a second when its caches are warm. */
    static synchronized void buildImages() throws Exception {
        if (imagesBuilt) return;
        Result r = run(Duration.ofMinutes(15), "bash", "docker/images.sh");
        System.out.print(r.out());
        if (r.code() != 0)
            throw new AssertionError("deploy/docker/images.sh failed (exit " + r.code() + "):\n" + r.out());
        imagesBuilt = true;
    }

    /** {@code n} GETs of {@code url} from the engine's namespace, one line each: the body or "FAIL". */
    static List<String> curl(String netns, String url, int n) throws Exception {
        String script = "for i in $(seq " + n + "); do curl -s -m 2 -f '" + url + "' || echo FAIL; done";
        Result r = run(Duration.ofSeconds(5L + 3L * n), "ip", "netns", "exec", netns, "sh", "-c", script);
        List<String> lines = new ArrayList<>();
        for (String line : r.out().split("\n")) if (!line.isBlank()) lines.add(line.strip());
        return lines;
    }

    record Result(int code, String out) {}

    /** Runs a command (stdout and stderr merged), killing it after {@code timeout}. */
    static Result run(Duration timeout, String... argv) throws IOException, InterruptedException {
        Path log = Files.createTempFile("hapair-docker", ".log");
        try {
            Process p = new ProcessBuilder(argv)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                return new Result(
                        -1, Files.readString(log, StandardCharsets.UTF_8) + "\n(timed out after " + timeout + ")");
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
