package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.common.config.SourceLocation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The configs our users bring (../shared/configs/haproxy) parse into the model they mean. */
class SharedConfigsTest {

    private static HaproxyConfig load(String name) throws ConfigException {
        return new HaproxyConfigLoader(Map.of()).load(List.of(SharedConfigs.file(name)));
    }

    @TestFactory
    List<DynamicTest> everySharedConfigIsAccepted() throws Exception {
        return SharedConfigs.all().stream()
                .map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
                    HaproxyConfig c = new HaproxyConfigLoader(Map.of()).load(List.of(p));
                    assertFalse(c.frontends().isEmpty(), "a frontend");
                    for (ConfigDiagnostic w : c.warnings()) {
                        assertTrue(w.location().file().endsWith(p.getFileName().toString()), w.toString());
                    }
                }))
                .toList();
    }

    @Test
    void failoverBackupServer() throws Exception {
        HaproxyConfig c = load("failover-guide-backup-server.cfg");
        assertEquals(
                List.of("ft-app", "bk-app-main", "stats"),
                c.proxies().stream().map(ProxyConfig::name).toList());
        ProxyConfig ft = c.frontend("ft-app").orElseThrow();
        assertEquals(ProxyKind.FRONTEND, ft.kind());
        assertEquals(ProxyMode.TCP, ft.mode(), "no mode anywhere: HAProxy's default tcp");
        Endpoint.Inet bind = (Endpoint.Inet) ft.binds().get(0).endpoints().get(0);
        assertEquals("0.0.0.0", bind.host());
        assertEquals(81, bind.port());
        assertEquals("bk-app-main", ft.defaultBackend().orElseThrow().name());
        assertEquals(Optional.of(Duration.ofMillis(1000)), ft.timeouts().client());
        ProxyConfig bk = c.backend("bk-app-main").orElseThrow();
        assertEquals(Optional.of(Duration.ofMillis(200)), bk.timeouts().connect());
        assertEquals(
                List.of("nginx1", "nginx2", "nginx3", "nginx4"),
                bk.servers().stream().map(ServerConfig::name).toList());
        ServerConfig n1 = bk.servers().get(0);
        assertEquals("nginx-1", n1.host(), "host names stay unresolved in the model");
        assertEquals(81, n1.port());
        assertTrue(n1.check());
        assertFalse(n1.backup());
        assertTrue(bk.servers().get(2).backup());
        assertTrue(bk.servers().get(3).backup());
        assertFalse(bk.options().allbackups());
        assertEquals(
                new SourceLocation(
                        SharedConfigs.file("failover-guide-backup-server.cfg").toString(), 14),
                bk.servers().get(2).location());
        ProxyConfig stats = c.proxy("stats").orElseThrow();
        assertEquals(ProxyKind.LISTEN, stats.kind());
        assertTrue(stats.isFrontend() && stats.isBackend());
        assertEquals(ProxyMode.HTTP, stats.mode());
        assertTrue(stats.stats().enabled());
        assertEquals("/", stats.stats().uri());
        assertEquals(Optional.of("Strictly Private"), stats.stats().realm());
        assertEquals(1, stats.stats().auths().size());
        assertEquals("admin", stats.stats().auths().get(0).user());
        assertEquals("admin", stats.stats().auths().get(0).password());
    }

    @Test
    void failoverMultipleBackupServers() throws Exception {
        ProxyConfig bk = load("failover-guide-multiple-backup-servers.cfg")
                .backend("bk-app-main")
                .orElseThrow();
        assertTrue(bk.options().allbackups());
        assertEquals(2, bk.servers().stream().filter(ServerConfig::backup).count());
    }

    @Test
    void farmFailover() throws Exception {
        HaproxyConfig c = load("failover-guide-farm-failover.cfg");
        ProxyConfig ft = c.frontend("ft-app").orElseThrow();
        AclDef acl = ft.acls().get(0);
        assertEquals("MAIN_not_enough_capacity", acl.name());
        assertEquals("nbsrv", acl.fetchName());
        assertEquals(List.of("bk-app-main"), acl.fetchArgs());
        assertEquals(Optional.of("le"), acl.operator());
        assertEquals(List.of("2"), acl.patterns());
        assertEquals(11, acl.location().line());
        UseBackendRule rule = ft.useBackends().get(0);
        assertEquals("bk-app-backup", rule.backend().name());
        assertEquals(Optional.of(new Condition.AclRef("MAIN_not_enough_capacity", rule.location())), rule.condition());
        assertEquals(13, rule.location().line());
        assertEquals("bk-app-main", ft.defaultBackend().orElseThrow().name());
        ProxyConfig backup = c.backend("bk-app-backup").orElseThrow();
        assertEquals(4, backup.servers().size());
        assertFalse(backup.options().allbackups());
        assertTrue(backup.servers().stream().noneMatch(ServerConfig::backup));
    }

    @Test
    void farmFailoverWithBackupServers() throws Exception {
        ProxyConfig backup = load("failover-guide-farm-failover-backup-servers.cfg")
                .backend("bk-app-backup")
                .orElseThrow();
        assertTrue(backup.options().allbackups());
        assertEquals(
                List.of("nginx7", "nginx8"),
                backup.servers().stream()
                        .filter(ServerConfig::backup)
                        .map(ServerConfig::name)
                        .toList());
    }

    @Test
    void introMinimal() throws Exception {
        HaproxyConfig c = load("intro-guide-minimal.cfg");
        assertTrue(c.global().daemon());
        assertEquals(OptionalInt.of(256), c.global().maxconn());
        assertEquals(
                Optional.of("/home/ha/haproxy/conf/haproxy.pid"), c.global().pidfile());
        ProxyConfig fe = c.frontend("http-in").orElseThrow();
        assertEquals(ProxyMode.HTTP, fe.mode());
        Endpoint.Inet bind = (Endpoint.Inet) fe.binds().get(0).endpoints().get(0);
        assertTrue(bind.isWildcard());
        assertEquals("0.0.0.0", bind.bindHost());
        assertEquals(8080, bind.port());
        assertEquals(Optional.of(Duration.ofSeconds(50)), fe.timeouts().client());
        assertEquals(Optional.of(Duration.ofSeconds(5)), fe.timeouts().connect());
        ServerConfig s = c.backend("servers").orElseThrow().servers().get(0);
        assertEquals("127.0.0.1", s.host());
        assertEquals(8000, s.port());
        assertEquals(32, s.maxconn());
        assertFalse(s.check());
    }

    @Test
    void introL7() throws Exception {
        HaproxyConfig c = load("intro-guide-l7.cfg");
        assertEquals(2, c.global().logs().size());
        LogTarget l0 = c.global().logs().get(0);
        assertEquals("127.0.0.1", l0.address());
        assertEquals("local0", l0.facility());
        assertEquals(Optional.of("info"), l0.level());
        assertEquals(Optional.of("ha"), c.global().user());
        ProxyConfig fe = c.frontend("http-in").orElseThrow();
        assertTrue(fe.logGlobal());
        assertEquals(2, fe.effectiveLogs(c.global()).size());
        assertTrue(fe.options().httplog());
        assertEquals(HttpConnectionMode.KEEP_ALIVE, fe.options().httpConnectionMode());
        assertEquals(
                ForwardForConfig.DEFAULT_HEADER,
                fe.options().forwardfor().orElseThrow().header());
        assertEquals(Optional.of(Duration.ofSeconds(20)), fe.timeouts().httpRequest());
        assertEquals(OptionalInt.of(30000), fe.maxconn());
        AclDef ms1 = fe.acls().get(0);
        assertEquals("url_ms1", ms1.name());
        assertEquals("path_beg", ms1.fetchName());
        assertTrue(ms1.ignoreCase());
        assertEquals(List.of("/ms1/"), ms1.patterns());
        assertEquals(
                List.of("ms1", "ms2"),
                fe.useBackends().stream().map(r -> r.backend().name()).toList());
        assertEquals("default_servers", fe.defaultBackend().orElseThrow().name());
        ProxyConfig ms1b = c.backend("ms1").orElseThrow();
        HttpCheckSpec chk = ms1b.options().httpchk().orElseThrow();
        assertEquals("GET", chk.method());
        assertEquals("/healthCheck.html", chk.uri());
        CookieConfig cookie = ms1b.cookie().orElseThrow();
        assertEquals("HA_STICKY_ms1", cookie.name());
        assertEquals(CookieConfig.Mode.INSERT, cookie.mode());
        assertTrue(cookie.indirect() && cookie.nocache());
        ServerConfig srv1 = ms1b.servers().get(0);
        assertEquals(Optional.of("ms1.srv1"), srv1.cookie());
        assertEquals(Duration.ofMillis(2000), srv1.inter());
        assertEquals(2, srv1.rise());
        assertEquals(3, srv1.fall());
        assertEquals(300, srv1.maxconn());
        ServerConfig srv2 = ms1b.servers().get(1);
        assertEquals(ServerConfig.DEFAULT_INTER, srv2.inter(), "defaults equal the explicit values");
        assertEquals(srv1.rise(), srv2.rise());
        ProxyConfig stats = c.proxy("stats").orElseThrow();
        assertTrue(stats.stats().enabled(), "stats uri implies stats enable");
        assertEquals("/stats", stats.stats().uri());
        assertEquals(Optional.of("HAProxy Stats"), stats.stats().realm());
        assertEquals(Optional.of(Duration.ofSeconds(30)), stats.stats().refresh());
        assertEquals(ProxyMode.HTTP, stats.mode());
    }

    @Test
    void introL4() throws Exception {
        HaproxyConfig c = load("intro-guide-l4.cfg");
        ProxyConfig fe = c.frontend("http-in").orElseThrow();
        assertEquals(ProxyMode.TCP, fe.mode());
        assertTrue(fe.options().tcplog());
        assertEquals(9002, ((Endpoint.Inet) fe.binds().get(0).endpoints().get(0)).port());
        ProxyConfig be = c.backend("default_servers").orElseThrow();
        assertEquals(BalanceAlgorithm.ROUNDROBIN, be.balance().algorithm());
        assertTrue(be.options().httpchk().isPresent(), "httpchk inherited from defaults");
        assertEquals(Optional.of(Duration.ofSeconds(10)), be.timeouts().server());
    }

    @Test
    void keepalivedThreeServices() throws Exception {
        HaproxyConfig c = load("keepalived-guide-three-services.cfg");
        GlobalConfig g = c.global();
        assertEquals(Optional.of("/var/lib/haproxy"), g.chroot());
        assertEquals(Optional.of("haproxy"), g.group());
        assertEquals(OptionalInt.of(4096), g.maxconn());
        assertEquals(Optional.of("debug"), g.logs().get(0).level());
        assertEquals(Optional.of("debug"), g.logs().get(0).minLevel());
        StatsSocket sock = g.statsSockets().get(0);
        assertEquals(new Endpoint.Unix("/var/lib/haproxy/stats", sock.location()), sock.endpoint());
        assertEquals(OptionalInt.of(0600), sock.mode());
        assertEquals(StatsLevel.ADMIN, sock.level());
        assertFalse(sock.exposeFdListeners());
        ProxyConfig foo = c.proxy("foo-http").orElseThrow();
        assertEquals(ProxyKind.LISTEN, foo.kind());
        assertEquals(ProxyMode.HTTP, foo.mode());
        assertEquals(HttpConnectionMode.HTTPCLOSE, foo.options().httpConnectionMode(), "last of the modes wins");
        assertEquals(
                Optional.of("127.0.0.0/8"),
                foo.options().forwardfor().orElseThrow().except());
        assertTrue(foo.options().redispatch());
        assertTrue(foo.options().dontlognull());
        assertEquals(3, foo.retries());
        assertEquals(OptionalInt.of(3000), foo.maxconn());
        assertEquals(Optional.of(Duration.ofMinutes(1)), foo.timeouts().queue());
        assertEquals(Optional.of(Duration.ofSeconds(10)), foo.timeouts().check());
        assertEquals(Optional.of(Duration.ofSeconds(10)), foo.timeouts().httpKeepAlive());
        CookieConfig cookie = foo.cookie().orElseThrow();
        assertTrue(cookie.preserve());
        assertEquals(Optional.of(Duration.ofHours(1)), cookie.maxidle());
        assertEquals(Optional.of(Duration.ofHours(1)), cookie.maxlife());
        assertEquals(List.of(".foo.example.com"), cookie.domains());
        ServerConfig foo1 = foo.servers().get(0);
        assertEquals("192.168.1.5", foo1.host());
        assertTrue(foo1.usesClientPort(), "no port: use the client's");
        assertEquals(0, foo1.port());
        assertEquals(8080, foo.servers().get(1).port());
        assertEquals(
                Optional.of(Duration.ofHours(2)),
                c.proxy("baz-http").orElseThrow().cookie().orElseThrow().maxlife());
        ConfigDiagnostic shared = c.warnings().stream()
                .filter(w -> w.keyword().equals("bind"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("expected the shared-bind warning: " + c.warnings()));
        assertEquals(50, shared.location().line());
        assertTrue(shared.message().contains("10.0.0.2:80"), shared.message());
        assertTrue(shared.message().contains("bar-http"), shared.message());
    }

    @Test
    void ecsTcp() throws Exception {
        HaproxyConfig c = load("ecs-guide-tcp.cfg");
        assertEquals(Optional.of("haproxy"), c.global().user());
        assertEquals("local2", c.global().logs().get(0).facility());
        ProxyConfig stats = c.proxy("stats").orElseThrow();
        assertEquals(ProxyMode.HTTP, stats.mode());
        assertEquals(Optional.of("/healthz"), stats.monitorUri());
        assertEquals(Optional.of(Duration.ofSeconds(30)), stats.stats().refresh());
        ProxyConfig be = c.backend("be_k8s_443").orElseThrow();
        assertEquals(ProxyMode.TCP, be.mode());
        assertEquals(
                "feng-ws1.sme-feng.athens.cloudera.com", be.servers().get(0).name());
        assertEquals(443, be.servers().get(0).port());
        assertEquals(OptionalInt.of(5000), c.frontend("fe_k8s_80").orElseThrow().maxconn());
        assertTrue(c.frontend("fe_k8s_80").orElseThrow().options().tcplog());
        assertEquals(
                List.of("stats", "fe_k8s_80", "fe_k8s_443"),
                c.frontends().stream().map(ProxyConfig::name).toList());
    }

    @Test
    void directoryOfSharedConfigsIsReadInLexicalOrderAsOneConfig() throws Exception {
        Path dir = SharedConfigs.dir();
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
                ConfigException.class, () -> new HaproxyConfigLoader(Map.of()).load(List.of(dir)));
        // several guides declare the same proxy names: reading them as one config must say so with file:line
        assertTrue(e.errors().stream().anyMatch(d -> d.message().contains("has the same name as")), e.getMessage());
    }
}
