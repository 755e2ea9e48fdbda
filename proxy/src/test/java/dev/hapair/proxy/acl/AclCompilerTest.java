package dev.hapair.proxy.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.config.AclDef;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AclCompilerTest {

    static final AclCompiler COMPILER = new AclCompiler(Set.of("bk-app-main", "web")::contains, path -> Map.of(
                    "/etc/allow.lst", List.of("10.0.0.0/8", "192.0.2.0/24"))
            .get(path));

    /** Compiles "acl x EXPR" and evaluates it. */
    static boolean eval(String expr, RequestView r) throws AclException {
        return eval(expr, r, BackendStates.NONE);
    }

    static boolean eval(String expr, RequestView r, BackendStates b) throws AclException {
        AclTable table = COMPILER.compile(List.of(AclDefs.acl("x", expr, "t.cfg", 1)));
        return table.find("x").matches(r, b);
    }

    static AclException error(String expr) {
        return assertThrows(
                AclException.class, () -> COMPILER.compile(List.of(AclDefs.acl("url_ms1", expr, "haproxy.cfg", 12))));
    }

    static AclException error(AclDef def) {
        return assertThrows(AclException.class, () -> COMPILER.compile(List.of(def)));
    }

    @Test
    void pathFetches() throws Exception {
        var r = FakeRequestView.get("/ms1/app/index.html?x=1");
        assertTrue(eval("path_beg /ms1/", r));
        assertFalse(eval("path_beg /MS1/", r));
        assertTrue(eval("path_beg -i /MS1/", r));
        assertTrue(eval("path_end .html", r));
        assertFalse(eval("path_end =1", r));
        assertTrue(eval("path /ms1/app/index.html", r));
        assertFalse(eval("path /ms1/app/index.html?x=1", r));
        assertTrue(eval("path_sub app", r));
        assertTrue(eval("path_reg ^/ms[0-9]/", r));
        assertTrue(eval("path_reg -i ^/MS1", r));
        assertTrue(eval("path_dir app", r));
        assertFalse(eval("path_dir ap", r));
        assertTrue(eval("path_len gt 10", r));
        assertTrue(eval("path -m beg /ms1", r));
        assertTrue(eval("path_beg /nope /ms1", r), "any pattern may match");
    }

    @Test
    void absoluteUriPathAndUrlFetches() throws Exception {
        var r = FakeRequestView.get("http://example.com/a/b?q=1");
        assertTrue(eval("path /a/b", r));
        assertTrue(eval("url_beg http://example.com/", r));
        assertTrue(eval("url http://example.com/a/b?q=1", r));
        assertTrue(eval("query q=1", r));
        assertTrue(eval("urlp(q) 1", r));
        assertTrue(eval("urlp_val(q) ge 1", r));
    }

    @Test
    void headerFetches() throws Exception {
        var r = FakeRequestView.get("/")
                .header("Host", "www.Example.com:8080")
                .header("X-List", "a, b,c")
                .header("X-List", "d");
        assertTrue(eval("hdr(host) -i www.example.com:8080", r));
        assertFalse(eval("hdr(host) www.example.com:8080", r));
        assertTrue(eval("hdr_beg(host) www.", r));
        assertTrue(eval("hdr_end(host) :8080", r));
        assertTrue(eval("hdr_dom(host) -i example.com", r));
        assertTrue(eval("hdr_dom(host) -i example", r));
        assertFalse(eval("hdr_dom(host) -i exam", r));
        assertTrue(eval("hdr_sub(host) Example", r));
        assertTrue(eval("hdr_reg(host) ^www\\..*", r));
        assertTrue(eval("hdr(x-list) b", r), "hdr() splits on commas");
        assertFalse(eval("req.fhdr(x-list) b", r), "req.fhdr() keeps the full line (HAProxy 2.6 has no bare fhdr)");
        assertTrue(eval("req.fhdr(x-list,1) -m beg a,", r));
        assertTrue(eval("hdr(x-list,-1) d", r));
        assertTrue(eval("hdr(x-list,2) b", r));
        assertTrue(eval("hdr_cnt(x-list) eq 4", r));
        assertTrue(eval("hdr(host) -m found", r));
        assertFalse(eval("hdr(x-missing) -m found", r));
        assertTrue(eval("hdr_len(host) 20", r));
    }

    @Test
    void sourceAddressesV4AndV6() throws Exception {
        var r = FakeRequestView.get("/").from("10.1.2.3");
        assertTrue(eval("src 10.0.0.0/8", r));
        assertTrue(eval("src 10.1.2.3", r));
        assertFalse(eval("src 10.1.2.4", r));
        assertTrue(eval("src 10.1.0.0/255.255.0.0", r));
        assertFalse(eval("src 192.168.0.0/16 2001:db8::/32", r));
        assertTrue(eval("src -f /etc/allow.lst", r));
        r.from("2001:db8::7");
        assertTrue(eval("src 192.168.0.0/16 2001:db8::/32", r));
        assertFalse(eval("src 2001:db9::/32", r));
        r.from("::ffff:10.9.9.9");
        assertTrue(eval("src 10.0.0.0/8", r), "v4-mapped v6 matches v4 networks");
        var xff = FakeRequestView.get("/").header("X-Forwarded-For", "203.0.113.9, 10.0.0.1");
        assertTrue(eval("hdr_ip(x-forwarded-for,1) 203.0.113.0/24", xff));
    }

    @Test
    void methodPortVersionAndBooleans() throws Exception {
        var r = new FakeRequestView("POST", "/");
        assertTrue(eval("method POST PUT", r));
        assertFalse(eval("method post", r));
        assertTrue(eval("method -i post", r));
        assertTrue(eval("dst_port 80", r));
        assertTrue(eval("dst_port 1:1024", r));
        assertFalse(eval("dst_port 443", r));
        assertTrue(eval("always_true", r));
        assertFalse(eval("always_false", r));
        assertTrue(eval("req.ver 1.1", r));
    }

    @Test
    void nbsrvReadsTheRuntimeLookup() throws Exception {
        var r = FakeRequestView.get("/");
        int[] up = {3};
        BackendStates states = b -> b.equals("bk-app-main") ? up[0] : 0;
        assertFalse(eval("nbsrv(bk-app-main) le 2", r, states));
        up[0] = 2;
        assertTrue(eval("nbsrv(bk-app-main) le 2", r, states));
        assertTrue(eval("nbsrv(bk-app-main) lt 3", r, states));
        assertFalse(eval("nbsrv(bk-app-main) gt 2", r, states));
        assertTrue(eval("nbsrv(bk-app-main) ge 2", r, states));
        assertTrue(eval("nbsrv(bk-app-main) eq 2", r, states));
        assertTrue(eval("nbsrv(bk-app-main) 2", r, states));
    }

    @Test
    void linesWithTheSameNameAreOred() throws Exception {
        var table = COMPILER.compile(List.of(
                AclDefs.acl("static", "path_beg /img/", "f", 1), AclDefs.acl("static", "path_end .css", "f", 2)));
        assertTrue(table.find("static").matches(FakeRequestView.get("/img/a.png"), BackendStates.NONE));
        assertTrue(table.find("static").matches(FakeRequestView.get("/x/a.css"), BackendStates.NONE));
        assertFalse(table.find("static").matches(FakeRequestView.get("/x/a.js"), BackendStates.NONE));
    }

    @Test
    void errorsNameFileLineAclAndSuggest() {
        assertEquals(
                "haproxy.cfg:12: acl 'url_ms1': unknown fetch method 'pth_beg' (did you mean 'path_beg'?)",
                error("pth_beg -i /ms1/").getMessage());
        assertEquals("acl", error("pth_beg /x").keyword());
        // the config parser reads '-q' as a pattern; the compiler still refuses an unknown flag it is given
        assertEquals(
                "haproxy.cfg:12: acl 'url_ms1': unknown flag '-q' (did you mean '-i'?)",
                error(AclDefs.raw("url_ms1", "path_beg", List.of("-q"), null, List.of("/ms1/"), "haproxy.cfg", 12))
                        .getMessage());
        assertEquals(
                "haproxy.cfg:12: acl 'url_ms1': unknown match method 'begin' after '-m' (did you mean 'beg'?)",
                error("path -m begin /ms1/").getMessage());
        assertEquals(
                "haproxy.cfg:12: acl 'url_ms1': fetch 'nbsrv': no such backend 'bk-missing' in 'nbsrv(bk-missing)'",
                error("nbsrv(bk-missing) le 2").getMessage());
        assertEquals(
                "haproxy.cfg:12: acl 'url_ms1': 'two' is not an integer",
                error("nbsrv(web) le two").getMessage());
        assertEquals(
                "haproxy.cfg:12: acl 'url_ms1': operator 'le' only applies to integer matches, not '-m beg'",
                error("hdr_cnt(host) -m beg le 2").getMessage());
        assertTrue(error("path_reg ([a-z]")
                .getMessage()
                .startsWith("haproxy.cfg:12: acl 'url_ms1': invalid regex '([a-z]'"));
        assertEquals(
                "haproxy.cfg:12: acl 'url_ms1': 'example.com' is not an IPv4/IPv6 address or network",
                error("src example.com").getMessage());
        assertEquals(
                "haproxy.cfg:12: acl 'url_ms1': fetch 'hdr_cnt' expects 0 to 1 arguments, got 3 in 'hdr_cnt(a,b,c)'",
                error("hdr_cnt(a,b,c) 1").getMessage());
        assertEquals(
                "haproxy.cfg:12: acl 'url_ms1': unknown converter 'lowr' (did you mean 'lower'?) in 'hdr(host),lowr'",
                error("hdr(host),lowr x").getMessage());
        assertEquals(
                "haproxy.cfg:12: acl 'url_ms1': converter 'ipmask' cannot be applied: it takes addr but 'always_true' gives"
                        + " bool in 'always_true,ipmask(24)'",
                error("always_true,ipmask(24) 10.0.0.0/8").getMessage());
        assertEquals(
                "haproxy.cfg:12: acl 'url_ms1': match method 'found' takes no pattern, found 'x'",
                error("hdr(host) -m found x").getMessage());
    }

    @Test
    void checkCollectsEveryError() throws Exception {
        List<AclException> errors = COMPILER.check(List.of(
                AclDefs.acl("a", "pth_beg /x", "h.cfg", 3),
                AclDefs.acl("b", "path_beg /x", "h.cfg", 4),
                AclDefs.acl("c", "src 300.1.1.1", "h.cfg", 5)));
        assertEquals(2, errors.size());
        assertEquals(3, errors.get(0).line());
        assertEquals(
                "h.cfg:5: acl 'c': '300.1.1.1' is not an IPv4/IPv6 address or network",
                errors.get(1).getMessage());
    }
}
