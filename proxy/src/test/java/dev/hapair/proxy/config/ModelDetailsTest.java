package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Each keyword lands in the model field the runtime reads. */
class ModelDetailsTest {

    @Test
    void bindAddressForms() {
        ProxyConfig f = Cfg.parse(Cfg.TIMEOUTS + "frontend f\n  bind *:80\n  bind 0.0.0.0:81\n  bind :::82\n"
                        + "  bind 127.0.0.1:0\n  bind [::1]:83,127.0.0.1:84 name two maxconn 10\n"
                        + "  bind ipv4@127.0.0.1:8000-8010\n  bind :85\n")
                .frontend("f")
                .orElseThrow();
        List<BindConfig> b = f.binds();
        Endpoint.Inet star = (Endpoint.Inet) b.get(0).endpoints().get(0);
        assertEquals("*", star.host());
        assertTrue(star.isWildcard());
        assertEquals("0.0.0.0", star.bindHost());
        Endpoint.Inet v6 = (Endpoint.Inet) b.get(2).endpoints().get(0);
        assertEquals("::", v6.host());
        assertEquals(82, v6.port());
        assertEquals(0, ((Endpoint.Inet) b.get(3).endpoints().get(0)).port());
        assertEquals(2, b.get(4).endpoints().size());
        assertEquals("::1", ((Endpoint.Inet) b.get(4).endpoints().get(0)).host());
        assertEquals("[::1]:83", ((Endpoint.Inet) b.get(4).endpoints().get(0)).display());
        assertEquals(Optional.of("two"), b.get(4).name());
        assertEquals(OptionalInt.of(10), b.get(4).maxconn());
        Endpoint.Inet range = (Endpoint.Inet) b.get(5).endpoints().get(0);
        assertEquals(8000, range.portFrom());
        assertEquals(8010, range.portTo());
        assertTrue(range.isPortRange());
        assertEquals("", ((Endpoint.Inet) b.get(6).endpoints().get(0)).host());
    }

    @Test
    void logLineLengthIsKeptForTheSink() {
        LogTarget t = Cfg.parse("global\n  log 127.0.0.1:514 len 2048 local0 debug err\n")
                .global()
                .logs()
                .get(0);
        assertEquals(OptionalInt.of(2048), t.maxLength());
        assertEquals("local0", t.facility());
        assertEquals(Optional.of("err"), t.minLevel());
    }

    @Test
    void serverOptionsAndDefaultServer() {
        ProxyConfig b = Cfg.parse(Cfg.TIMEOUTS + "backend b\n  default-server inter 3s fall 5 maxqueue 7\n"
                        + "  server s1 10.0.0.1:80 check inter 1s fastinter 500ms downinter 5s rise 4 fall 2 port 8081"
                        + " addr 10.0.0.99 backup weight 50 maxconn 20 maxqueue 30 cookie c1 disabled init-addr last,none"
                        + " id 12\n  server s2 web.internal:8080\n  server s3 [::1]:80\n  server s4 ::1\n")
                .backend("b")
                .orElseThrow();
        ServerConfig s1 = b.servers().get(0);
        assertTrue(s1.check());
        assertEquals(Duration.ofSeconds(1), s1.inter());
        assertEquals(Duration.ofMillis(500), s1.fastinter());
        assertEquals(Duration.ofSeconds(5), s1.downinter());
        assertEquals(4, s1.rise());
        assertEquals(2, s1.fall());
        assertEquals(OptionalInt.of(8081), s1.checkPort());
        assertEquals(8081, s1.effectiveCheckPort());
        assertEquals("10.0.0.99", s1.effectiveCheckHost());
        assertTrue(s1.backup());
        assertEquals(50, s1.weight());
        assertEquals(20, s1.maxconn());
        assertEquals(30, s1.maxqueue());
        assertEquals(Optional.of("c1"), s1.cookie());
        assertTrue(s1.disabled());
        assertEquals(List.of("last", "none"), s1.initAddr());
        assertTrue(s1.mayStartUnresolved());
        assertEquals(OptionalInt.of(12), s1.id());
        ServerConfig s2 = b.servers().get(1);
        assertEquals("web.internal", s2.host());
        assertEquals(Duration.ofSeconds(3), s2.inter(), "from default-server");
        assertEquals(5, s2.fall());
        assertEquals(7, s2.maxqueue());
        assertFalse(s2.check());
        assertFalse(s2.mayStartUnresolved());
        assertEquals("::1", b.servers().get(2).host());
        assertEquals(80, b.servers().get(2).port());
        assertEquals(Duration.ofSeconds(3), b.defaultServer().inter());
        assertFalse(b.servers().get(0).withCheck(false).check());
    }

    @Test
    void balanceVariants() {
        HaproxyConfig c = Cfg.parse(Cfg.TIMEOUTS + "  mode http\n"
                + "backend a\n  balance uri len 10 depth 2 whole\n  hash-type consistent djb2 avalanche\n"
                + "backend b\n  balance url_param userid\n"
                + "backend c\n  balance hdr(User-Agent) use_domain_only\n"
                + "backend d\n  balance static-rr\n"
                + "backend e\n  balance first\n"
                + "backend f\n  balance random\n");
        BalanceConfig a = c.backend("a").orElseThrow().balance();
        assertEquals(BalanceAlgorithm.URI, a.algorithm());
        assertEquals(OptionalInt.of(10), a.uriLen());
        assertEquals(OptionalInt.of(2), a.uriDepth());
        assertTrue(a.uriWhole());
        assertTrue(a.algorithm().isHashBased());
        HashType h = c.backend("a").orElseThrow().hashType();
        assertEquals(HashType.Method.CONSISTENT, h.method());
        assertEquals("djb2", h.function());
        assertTrue(h.avalanche());
        assertEquals(
                Optional.of("userid"), c.backend("b").orElseThrow().balance().parameter());
        BalanceConfig hdr = c.backend("c").orElseThrow().balance();
        assertEquals(BalanceAlgorithm.HDR, hdr.algorithm());
        assertEquals(Optional.of("User-Agent"), hdr.parameter());
        assertTrue(hdr.hdrUseDomainOnly());
        assertEquals(
                BalanceAlgorithm.STATIC_RR,
                c.backend("d").orElseThrow().balance().algorithm());
        assertEquals(
                BalanceAlgorithm.FIRST, c.backend("e").orElseThrow().balance().algorithm());
        assertEquals(
                BalanceAlgorithm.RANDOM, c.backend("f").orElseThrow().balance().algorithm());
    }

    @Test
    void httpRequestRulesAndChecks() {
        ProxyConfig l = Cfg.parse(Cfg.TIMEOUTS + "listen l\n  mode http\n  bind :80\n  acl api path_beg /api\n"
                        + "  http-request deny deny_status 429 if api\n"
                        + "  http-request redirect location https://x/ code 301 unless api\n"
                        + "  http-request set-header X-Forwarded-Proto https\n"
                        + "  http-request add-header X-Via \"hapair proxy\"\n"
                        + "  http-request del-header X-Secret\n  http-request allow\n  http-request auth realm Zone\n"
                        + "  option httpchk HEAD /health HTTP/1.1\n  http-check expect ! rstring ^5\n"
                        + "  option forwardfor header X-Real-IP\n  option http-server-close\n")
                .proxy("l")
                .orElseThrow();
        List<RuleLine> r = l.rules().family("http-request");
        assertEquals(7, r.size());
        assertEquals(
                new RuleLine(
                        "http-request",
                        "deny",
                        List.of("deny_status", "429"),
                        Optional.of(new Condition.AclRef("api", r.get(0).location())),
                        r.get(0).location()),
                r.get(0));
        assertEquals("redirect", r.get(1).action());
        assertEquals(List.of("location", "https://x/", "code", "301"), r.get(1).args());
        assertTrue(r.get(1).condition().orElseThrow() instanceof Condition.Not);
        assertEquals(List.of("X-Via", "hapair proxy"), r.get(3).args());
        assertEquals(List.of("realm", "Zone"), r.get(6).args());
        assertEquals(
                new HttpCheckSpec(
                        "HEAD",
                        "/health",
                        "HTTP/1.1",
                        List.of(),
                        Optional.empty(),
                        false,
                        l.options().httpchk().orElseThrow().location()),
                l.options().httpchk().orElseThrow());
        HttpCheckExpect e = l.httpCheckExpects().get(0);
        assertTrue(e.negate());
        assertEquals(HttpCheckExpect.Kind.RSTRING, e.kind());
        assertEquals("^5", e.pattern());
        ForwardForConfig ff = l.options().forwardfor().orElseThrow();
        assertEquals("X-Real-IP", ff.header());
        assertEquals(HttpConnectionMode.SERVER_CLOSE, l.options().httpConnectionMode());
    }

    @Test
    void httpchkForms() {
        HaproxyConfig c = Cfg.parse(Cfg.TIMEOUTS + "backend a\n  option httpchk\nbackend b\n  option httpchk /ping\n"
                + "backend c\n  option httpchk GET /x \"HTTP/1.1\\r\\nHost:\\ www\"\n"
                + "backend d\n  option httpchk\n  http-check expect status 200-399\n");
        assertEquals(
                "OPTIONS",
                c.backend("a").orElseThrow().options().httpchk().orElseThrow().method());
        assertEquals(
                "/",
                c.backend("a").orElseThrow().options().httpchk().orElseThrow().uri());
        assertEquals(
                "HTTP/1.0",
                c.backend("a").orElseThrow().options().httpchk().orElseThrow().version());
        assertEquals(
                "/ping",
                c.backend("b").orElseThrow().options().httpchk().orElseThrow().uri());
        HttpCheckSpec old = c.backend("c").orElseThrow().options().httpchk().orElseThrow();
        assertEquals("HTTP/1.1", old.version());
        assertEquals(List.of(new HttpCheckSend.Header("Host", "www")), old.headers());
        assertEquals(
                "200-399",
                c.backend("d").orElseThrow().httpCheckExpects().get(0).pattern());
    }

    @Test
    void statsAndGlobalKeywords() {
        HaproxyConfig c = Cfg.parse("global\n  nbthread 2\n  hard-stop-after 30s\n  log-tag lb-edge\n"
                + "  stats socket ipv4@127.0.0.1:9999 level user\n"
                + "  stats socket /run/hapair.sock mode 660 level admin expose-fd listeners user root group adm\n"
                + "  log stdout format rfc3164 local0\n  log 127.0.0.1:5140 local1 notice err\n"
                + Cfg.TIMEOUTS + "listen stats\n  mode http\n  bind :8404\n  acl local src 127.0.0.1\n"
                + "  stats enable\n  stats uri /s\n  stats auth a:1\n  stats auth b:2:x\n  stats admin if local\n"
                + "  stats hide-version\n  log global\n  log 127.0.0.1 local2\n");
        GlobalConfig g = c.global();
        assertEquals(Optional.of("lb-edge"), g.logTag());
        assertEquals(Optional.empty(), Cfg.parse(Cfg.TIMEOUTS).global().logTag());
        assertEquals(OptionalInt.of(2), g.nbthread());
        assertEquals(Optional.of(Duration.ofSeconds(30)), g.hardStopAfter());
        StatsSocket tcp = g.statsSockets().get(0);
        assertEquals("127.0.0.1", ((Endpoint.Inet) tcp.endpoint()).host());
        assertEquals(9999, ((Endpoint.Inet) tcp.endpoint()).port());
        assertEquals(StatsLevel.USER, tcp.level());
        StatsSocket unix = g.statsSockets().get(1);
        assertEquals(OptionalInt.of(0660), unix.mode());
        assertTrue(unix.exposeFdListeners());
        assertEquals(Optional.of("root"), unix.user());
        assertTrue(StatsLevel.ADMIN.allows(StatsLevel.OPERATOR));
        assertFalse(StatsLevel.USER.allows(StatsLevel.OPERATOR));
        assertTrue(g.logs().get(0).isStdout());
        assertEquals(Optional.of("rfc3164"), g.logs().get(0).format());
        assertEquals(Optional.of("err"), g.logs().get(1).minLevel());
        ProxyConfig s = c.proxy("stats").orElseThrow();
        StatsConfig st = s.stats();
        assertEquals(List.of("a", "b"), st.auths().stream().map(StatsAuth::user).toList());
        assertEquals("2:x", st.auths().get(1).password(), "only the first colon separates");
        assertTrue(st.adminCondition().isPresent());
        assertTrue(st.hideVersion());
        assertEquals(3, s.effectiveLogs(g).size());
    }

    @Test
    void cookieModes() {
        HaproxyConfig c = Cfg.parse(Cfg.TIMEOUTS + "  mode http\nbackend a\n  cookie SRV rewrite\n"
                + "backend b\n  cookie JSESSIONID prefix nocache\nbackend p\n  cookie S\n"
                + "backend i\n  cookie S insert httponly secure postonly maxidle 30 domain a.com domain b.com\n");
        assertEquals(
                CookieConfig.Mode.REWRITE,
                c.backend("a").orElseThrow().cookie().orElseThrow().mode());
        assertEquals(
                CookieConfig.Mode.PREFIX,
                c.backend("b").orElseThrow().cookie().orElseThrow().mode());
        assertEquals(
                CookieConfig.Mode.PASSIVE,
                c.backend("p").orElseThrow().cookie().orElseThrow().mode());
        CookieConfig i = c.backend("i").orElseThrow().cookie().orElseThrow();
        assertTrue(i.httponly() && i.secure() && i.postonly());
        assertEquals(Optional.of(Duration.ofSeconds(30)), i.maxidle(), "cookie maxidle: seconds by default");
        assertEquals(List.of("a.com", "b.com"), i.domains());
    }
}
