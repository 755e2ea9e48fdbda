package dev.hapair.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.hapair.testkit.SharedDir;
import java.io.File;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.DockerComposeContainer;

/**
 * The HAProxy failover guide's Docker practice setup, for real: deploy/docker/compose.yaml brought up by
 * Testcontainers (local docker-compose) on the private engine, hapair-proxy (image built from the .deb)
 * in front of nginx-1..8 answering their names, the stats page on 8711, and the guide's four scenarios
 * driven as the guide does - by stopping and starting backend containers - with the guide's own configs
 * (shared/configs/haproxy/failover-guide-*.cfg) and default health checks (inter 2s, rise 2, fall 3).
 */
class FailoverGuideComposeIT {
    private static final String APP = "http://127.0.0.1:81/";
    private static final String STATS_CSV = "http://admin:admin@127.0.0.1:8711/;csv";
    private static String netns;

    @BeforeAll
    static void engineAndImages() throws Exception {
        netns = PrivateDocker.requireNetns();
        PrivateDocker.buildImages();
    }

    @Test
    void backupServerTakesOverOnlyWhenAllActiveAreDown() throws Exception {
        try (Guide g = Guide.up("failover-guide-backup-server.cfg")) {
            assertEquals(List.of("nginx-1", "nginx-2", "nginx-1", "nginx-2", "nginx-1", "nginx-2"), g.fetch(6));
            g.stats("bk-app-main", "nginx1", "UP");
            g.stop(1, 2);
            g.await(Set.of("nginx-3"), 6); // the first backup only
            g.stats("bk-app-main", "nginx1", "DOWN");
            g.stop(3);
            g.await(Set.of("nginx-4"), 6);
            g.start(1, 2, 3);
            g.await(Set.of("nginx-1", "nginx-2"), 6); // back after the rise checks
        }
    }

    @Test
    void allbackupsSpreadsOverEveryBackup() throws Exception {
        try (Guide g = Guide.up("failover-guide-multiple-backup-servers.cfg")) {
            g.await(Set.of("nginx-1", "nginx-2"), 6);
            g.stop(1, 2);
            assertAlternating(g.await(Set.of("nginx-3", "nginx-4"), 6));
            g.start(1, 2);
            g.await(Set.of("nginx-1", "nginx-2"), 6);
        }
    }

    @Test
    void farmFailoverWhenMainFarmHasTwoOrFewerServers() throws Exception {
        try (Guide g = Guide.up("failover-guide-farm-failover.cfg")) {
            g.await(Set.of("nginx-1", "nginx-2", "nginx-3", "nginx-4"), 8);
            g.stop(1);
            g.await(Set.of("nginx-2", "nginx-3", "nginx-4"), 6); // three left: still the main farm
            g.stop(2);
            g.await(Set.of("nginx-5", "nginx-6", "nginx-7", "nginx-8"), 8);
            g.stats("bk-app-main", "nginx2", "DOWN");
            g.start(1, 2);
            g.await(Set.of("nginx-1", "nginx-2", "nginx-3", "nginx-4"), 8);
        }
    }

    @Test
    void farmFailoverThenBackupServersOfTheBackupFarm() throws Exception {
        try (Guide g = Guide.up("failover-guide-farm-failover-backup-servers.cfg")) {
            g.await(Set.of("nginx-1", "nginx-2", "nginx-3", "nginx-4"), 8);
            g.stop(1, 2);
            g.await(Set.of("nginx-5", "nginx-6"), 6);
            g.stop(5, 6);
            assertAlternating(g.await(Set.of("nginx-7", "nginx-8"), 6));
            g.start(5, 6);
            g.await(Set.of("nginx-5", "nginx-6"), 6);
            g.start(1, 2);
            g.await(Set.of("nginx-1", "nginx-2", "nginx-3", "nginx-4"), 8);
        }
    }

    /** Round robin over two servers: no server answers twice in a row. */
    private static void assertAlternating(List<String> answers) {
        for (int i = 1; i < answers.size(); i++) {
            assertTrue(!answers.get(i).equals(answers.get(i - 1)), "answers alternate: " + answers);
        }
    }

    /** One compose project running one of the guide's configs. */
    private static final class Guide implements AutoCloseable {
        private final DockerComposeContainer<?> compose;
        private final String project;
        private final DockerClient docker = DockerClientFactory.instance().client();

        private Guide(DockerComposeContainer<?> compose, String project) {
            this.compose = compose;
            this.project = project;
        }

        static Guide up(String guideConfig) throws Exception {
            File cfg = SharedDir.require("configs/haproxy").resolve(guideConfig).toFile();
            String project = "hpguide" + ProcessHandle.current().pid();
            DockerComposeContainer<?> c = new DockerComposeContainer<>(project, new File("docker/compose.yaml"))
                    .withLocalCompose(true)
                    .withPull(false)
                    .withEnv("NGINX_IMAGE", "hapair/nginx-guide")
                    .withEnv("HAPROXY_CFG", cfg.getAbsolutePath());
            Guide g = new Guide(c, project);
            try {
                c.start();
                g.awaitProxy();
            } catch (Throwable t) {
                g.close();
                throw t;
            }
            return g;
        }

        /**
         * The proxy JVM takes a moment after the container starts: wait for its stats page, so the first
         * request a scenario sends is also the proxy's first (round robin starts at the first server).
         */
        private void awaitProxy() throws Exception {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < until) {
                if (PrivateDocker.curl(netns, STATS_CSV, 1).get(0).startsWith("#")) return;
                Thread.sleep(300);
            }
            throw new AssertionError("hapair-proxy's stats page did not answer on :8711 within 30 s");
        }

        List<String> fetch(int n) throws Exception {
            return PrivateDocker.curl(netns, APP, n);
        }

        /** Waits until a window of answers comes only from {@code expected} and covers it (20 s at most). */
        List<String> await(Set<String> expected, int window) throws Exception {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            List<String> last = List.of();
            while (System.nanoTime() < until) {
                last = fetch(window);
                if (expected.containsAll(last) && new HashSet<>(last).containsAll(expected)) return last;
                Thread.sleep(200);
            }
            throw new AssertionError("traffic did not settle on " + expected + " within 20 s; last: " + last);
        }

        /** The stats page (8711, admin/admin, as in the guide) reports {@code server} of {@code backend} in {@code status}. */
        void stats(String backend, String server, String status) throws Exception {
            List<String> anon = PrivateDocker.curl(netns, "http://127.0.0.1:8711/", 1);
            assertEquals(List.of("FAIL"), anon, "the stats page asks for credentials");
            List<String> csv = PrivateDocker.curl(netns, STATS_CSV, 1);
            String row = csv.stream()
                    .filter(l -> l.startsWith(backend + "," + server + ","))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no stats row for " + backend + "/" + server + ": " + csv));
            assertEquals(status, row.split(",")[17], "stats status of " + backend + "/" + server + ": " + row);
        }

        void stop(int... ids) {
            for (int id : ids)
                docker.stopContainerCmd(container(id)).withTimeout(2).exec();
        }

        void start(int... ids) {
            for (int id : ids) docker.startContainerCmd(container(id)).exec();
        }

        private String container(int id) {
            List<Container> found = docker.listContainersCmd()
                    .withShowAll(true)
                    .withNameFilter(List.of(project)) // Testcontainers appends a random suffix to the project name
                    .withLabelFilter(Map.of("com.docker.compose.service", "nginx-" + id))
                    .exec();
            assertEquals(1, found.size(), "one container for nginx-" + id);
            return found.get(0).getId();
        }

        @Override
        public void close() {
            compose.stop();
        }
    }
}
