package dev.hapair.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The HAProxy failover guide's practice setup (deploy/docker/compose.yaml) run unchanged but for the
 * image. Docker is an extra on these machines: without an engine the suite says so and skips; the
 * namespace demo (bin/hapair-demo) is the proof there.
 */
class FailoverGuideComposeIT {

    @Test
    void backupServerTakesOverWhenBothActiveServersStop() throws Exception {
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            docker = false;
        }
        Assumptions.assumeTrue(docker,
                "SKIPPED: no Docker engine on this machine; the compose failover-guide suite needs one "
                        + "(the network-namespace demo covers the same story)");

        File compose = new File("docker/compose.yaml");
        try (ComposeContainer env = new ComposeContainer(compose)
                .withBuild(true)
                .withExposedService("hapair-proxy", 81, Wait.forListeningPort())) {
            env.start();
            String base = "http://" + env.getServiceHost("hapair-proxy", 81) + ":" + env.getServicePort("hapair-proxy", 81) + "/";
            assertEquals(List.of("nginx-1", "nginx-2", "nginx-1", "nginx-2"), fetch(base, 4));

            for (String name : List.of("nginx-1", "nginx-2")) {
                String id = env.getContainerByServiceName(name).orElseThrow().getContainerId();
                DockerClientFactory.instance().client().stopContainerCmd(id).exec();
            }
            // Default checks: inter 2s, fall 3 -> both actives are DOWN within about 6 s.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            List<String> seen = List.of();
            while (System.nanoTime() < deadline) {
                seen = fetch(base, 3);
                if (seen.stream().allMatch("nginx-3"::equals)) break;
                Thread.sleep(500);
            }
            assertTrue(seen.stream().allMatch("nginx-3"::equals), "first backup serves alone: " + seen);
        }
    }

    private static List<String> fetch(String url, int n) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            names.add(r.body().trim());
        }
        return names;
    }
}
