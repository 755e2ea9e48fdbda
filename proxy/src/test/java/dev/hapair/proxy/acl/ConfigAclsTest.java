package dev.hapair.proxy.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.hapair.proxy.config.ConfigDiagnostic;
import dev.hapair.proxy.config.HaproxyConfig;
import dev.hapair.proxy.config.HaproxyConfigLoader;
import dev.hapair.proxy.config.ProxyConfig;
import dev.hapair.proxy.config.UseBackendRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigAclsTest {

    static final Path SHARED = Path.of("/work/shared/configs/haproxy");

    /** Runs a frontend's use_backend rules like the runtime will: first match wins, else default_backend. */
    static String route(ProxyConfig fe, RequestView r, BackendStates b) throws AclException {
        AclCompiler compiler = AclCompiler.lenient();
        AclTable table = ConfigAcls.compile(compiler, fe);
        for (UseBackendRule rule : fe.useBackends()) {
            if (ConfigAcls.compile(compiler, table, rule.condition(), "use_backend", rule.location())
                    .matches(r, b)) {
                return rule.backend().name();
            }
        }
        return fe.defaultBackend().map(x -> x.name()).orElse(null);
    }

    @Test
    void introGuideL7RoutesByPathPrefix() throws Exception {
        HaproxyConfig cfg = new HaproxyConfigLoader().load(SHARED.resolve("intro-guide-l7.cfg"));
        ProxyConfig fe = cfg.frontends().get(0);
        assertEquals("ms1", route(fe, FakeRequestView.get("/ms1/index"), BackendStates.NONE));
        assertEquals("ms2", route(fe, FakeRequestView.get("/MS2/x"), BackendStates.NONE));
        assertEquals("default_servers", route(fe, FakeRequestView.get("/other"), BackendStates.NONE));
    }

    @Test
    void failoverGuideSwitchesFarmOnNbsrv() throws Exception {
        HaproxyConfig cfg = new HaproxyConfigLoader().load(SHARED.resolve("failover-guide-farm-failover.cfg"));
        ProxyConfig fe = cfg.frontends().get(0);
        var r = FakeRequestView.get("/");
        String main = fe.defaultBackend().orElseThrow().name();
        assertEquals(main, route(fe, r, b -> 4));
        assertEquals(main, route(fe, r, b -> 3));
        assertEquals("bk-app-backup", route(fe, r, b -> b.equals("bk-app-main") ? 2 : 4));
        assertEquals("bk-app-backup", route(fe, r, b -> 0));
    }

    @Test
    void everySharedConfigValidates() throws Exception {
        try (var files = Files.list(SHARED)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".cfg")).toList()) {
                HaproxyConfig cfg = new HaproxyConfigLoader().load(p);
                assertEquals(List.of(), ConfigAcls.validate(cfg, PatternFileLoader.FILES), p.toString());
            }
        }
    }

    @Test
    void validateReportsBadFetchesWithLocation() throws Exception {
        HaproxyConfig cfg = new HaproxyConfigLoader()
                .parse(
                        "bad.cfg",
                        String.join(
                                "\n",
                                "defaults",
                                "  mode http",
                                "  timeout connect 1s",
                                "  timeout client 1s",
                                "  timeout server 1s",
                                "frontend fe",
                                "  bind :8080",
                                "  acl api path_beg /api",
                                "  acl bad src 10.0.0.300",
                                "  use_backend be if api { hdr_bge(host) www }",
                                "  default_backend be",
                                "backend be",
                                "  server s1 127.0.0.1:9000",
                                ""));
        List<ConfigDiagnostic> d = ConfigAcls.validate(cfg, PatternFileLoader.FILES);
        assertEquals(2, d.size(), d.toString());
        assertEquals(
                "bad.cfg:9: acl 'bad': '10.0.0.300' is not an IPv4/IPv6 address or network",
                d.get(0).format());
        assertEquals(
                "bad.cfg:10: anonymous acl: unknown fetch method 'hdr_bge' (did you mean 'hdr_beg'?)",
                d.get(1).format());
        assertFalse(d.get(0).message().isEmpty());
    }
}
