package dev.hapair.proxy.runtime;

import static dev.hapair.proxy.runtime.GuideScenarios.awaitTraffic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.config.HaproxyConfig;
import dev.hapair.proxy.config.HaproxyConfigLoader;
import dev.hapair.proxy.testing.NginxServer;
import dev.hapair.proxy.testing.ProxyProcessConfig;
import dev.hapair.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four scenarios of HAProxy's failover guide, with the guide's own configs
 * ({@code ../shared/configs/haproxy/failover-guide-*.cfg}), eight real nginx answering their names, and
 * the guide's default health checks (inter 2s, rise 2, fall 3).
 */
class FailoverGuideIT {
    @TempDir
    static Path dir;

    private static final NginxServer[] NGINX = new NginxServer[9];

    @BeforeAll
    static void startNginx() throws Exception {
        Prerequisites.assumeCommands("nginx");
        for (int i = 1; i <= 8; i++) NGINX[i] = new NginxServer("nginx" + i, dir, NginxServer.freePort()).start();
    }

    @AfterAll
    static void stopNginx() throws Exception {
        for (int i = 1; i <= 8; i++) if (NGINX[i] != null) NGINX[i].stop();
    }

    @BeforeEach
    void allRunning() throws Exception {
        for (int i = 1; i <= 8; i++) NGINX[i].start();
    }

    private static ProxyDaemon startProxy(String guideFile) throws Exception {
        String text = Files.readString(ProxyProcessConfig.sharedConfig(guideFile));
        Map<String, String> hosts = new HashMap<>();
        for (int i = 1; i <= 8; i++) hosts.put("nginx-" + i + ":81", "127.0.0.1:" + NGINX[i].port());
        Map<Integer, Integer> binds = Map.of(81, NginxServer.freePort(), 8711, NginxServer.freePort());
        Path cfg = ProxyProcessConfig.write(dir, guideFile, ProxyProcessConfig.rewrite(text, hosts, binds));
        HaproxyConfig config = new HaproxyConfigLoader().load(cfg);
        return ProxyDaemon.start(config, Optional.empty(), System.err);
    }

    private static int port(ProxyDaemon d) {
        return d.server().port("ft-app");
    }

    private static void stop(int... ids) throws InterruptedException {
        for (int i : ids) NGINX[i].stop();
    }

    private static void start(int... ids) throws Exception {
        for (int i : ids) NGINX[i].start();
    }

    @Test
    void backupServerTakesOverOnlyWhenAllActiveAreDown() throws Exception {
        try (ProxyDaemon d = startProxy("failover-guide-backup-server.cfg")) {
            List<String> rr = GuideScenarios.sequence(port(d), 6);
            assertEquals(List.of("nginx1", "nginx2", "nginx1", "nginx2", "nginx1", "nginx2"), rr);
            stop(1, 2);
            awaitTraffic(port(d), Set.of("nginx3"), 6, 20); // first backup only
            stop(3);
            awaitTraffic(port(d), Set.of("nginx4"), 6, 20);
            start(1, 2, 3);
            awaitTraffic(port(d), Set.of("nginx1", "nginx2"), 6, 20); // back after rise checks
        }
    }

    @Test
    void allbackupsSpreadsOverEveryBackup() throws Exception {
        try (ProxyDaemon d = startProxy("failover-guide-multiple-backup-servers.cfg")) {
            awaitTraffic(port(d), Set.of("nginx1", "nginx2"), 6, 5);
            stop(1, 2);
            List<String> w = awaitTraffic(port(d), Set.of("nginx3", "nginx4"), 6, 20);
            for (int i = 1; i < w.size(); i++) assertTrue(!w.get(i).equals(w.get(i - 1)), "3 and 4 alternate: " + w);
            start(1, 2);
            awaitTraffic(port(d), Set.of("nginx1", "nginx2"), 6, 20);
        }
    }

    @Test
    void farmFailoverWhenMainFarmHasTwoOrFewerServers() throws Exception {
        try (ProxyDaemon d = startProxy("failover-guide-farm-failover.cfg")) {
            awaitTraffic(port(d), Set.of("nginx1", "nginx2", "nginx3", "nginx4"), 8, 5);
            stop(1);
            awaitTraffic(port(d), Set.of("nginx2", "nginx3", "nginx4"), 6, 20); // 3 left: still the main farm
            stop(2);
            awaitTraffic(port(d), Set.of("nginx5", "nginx6", "nginx7", "nginx8"), 8, 20);
            start(1, 2);
            awaitTraffic(port(d), Set.of("nginx1", "nginx2", "nginx3", "nginx4"), 8, 20);
        }
    }

    @Test
    void farmFailoverThenBackupServersOfTheBackupFarm() throws Exception {
        try (ProxyDaemon d = startProxy("failover-guide-farm-failover-backup-servers.cfg")) {
            awaitTraffic(port(d), Set.of("nginx1", "nginx2", "nginx3", "nginx4"), 8, 5);
            stop(1, 2);
            awaitTraffic(port(d), Set.of("nginx5", "nginx6"), 6, 20);
            stop(5, 6);
            List<String> w = awaitTraffic(port(d), Set.of("nginx7", "nginx8"), 6, 20);
            for (int i = 1; i < w.size(); i++) assertTrue(!w.get(i).equals(w.get(i - 1)), "7 and 8 alternate: " + w);
            start(5, 6);
            awaitTraffic(port(d), Set.of("nginx5", "nginx6"), 6, 20);
            start(1, 2);
            awaitTraffic(port(d), Set.of("nginx1", "nginx2", "nginx3", "nginx4"), 8, 20);
        }
    }
}
