package dev.hapair.proxy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.http.HttpTxn;
import java.util.List;
import org.junit.jupiter.api.Test;

/** track-sc actions and the sc_/src_/table_ samples through compiled rules, without sockets. */
class StickRulesTest {

    private static ProxyRules fe(String lines) throws RuleException {
        return Rules.compile(
                Rules.HEAD + "frontend f\n  bind :80\n" + lines + "  default_backend b\n"
                        + "backend b\n  server s 127.0.0.1:8080\n",
                "f");
    }

    private static HttpTxn request(ProxyRules r) {
        return Rules.txn(r, Rules.request("GET", "/", "Host", "h", "X-Key", "k1"));
    }

    @Test
    void theClassicRateLimitDeniesTheRequestOverTheLimit() throws Exception {
        // the usual config, with a period long enough that a slow test run cannot slide out of it
        ProxyRules r = fe("  stick-table type ip size 100k expire 30s store http_req_rate(1h)\n"
                + "  http-request track-sc0 src\n"
                + "  http-request deny if { sc_http_req_rate(0) gt 100 }\n");
        for (int i = 1; i <= 100; i++) {
            HttpTxn t = request(r);
            assertSame(Outcome.CONTINUE, r.httpRequest().run(t), "request " + i);
            t.endTracking(200, 100, 100);
        }
        HttpTxn t = request(r);
        Outcome o = r.httpRequest().run(t);
        assertEquals(Outcome.Kind.REPLY, o.kind());
        assertEquals(403, o.reply().status());
        t.endTracking(403, 100, 100);
    }

    @Test
    void trackingCountsPerKeyAndReleasesConnCur() throws Exception {
        ProxyRules r = fe("  stick-table type string len 8 size 10 store conn_cur,http_req_cnt,http_err_cnt,gpc0\n"
                + "  http-request track-sc1 req.hdr(x-key)\n"
                + "  http-request sc-inc-gpc0(1)\n"
                + "  http-request set-header x-cur %[sc_conn_cur(1)]\n"
                + "  http-request set-header x-cnt %[sc1_http_req_cnt]\n"
                + "  http-request set-header x-gpc %[sc_get_gpc0(1)]\n"
                + "  http-request set-header x-in %[req.hdr(x-key),in_table(f)]\n"
                + "  http-request set-header x-trk %[req.hdr(x-key),table_trackers(f)]\n"
                + "  http-request set-header x-untracked %[sc0_http_req_cnt]\n");
        HttpTxn a = request(r);
        r.httpRequest().run(a);
        HttpTxn b = request(r);
        r.httpRequest().run(b);
        var req = b.requestHead();
        assertEquals(List.of("2"), req.headers("x-cur"), "two streams track k1 now");
        assertEquals(List.of("2"), req.headers("x-cnt"));
        assertEquals(List.of("2"), req.headers("x-gpc"));
        assertEquals(List.of("1"), req.headers("x-in"));
        assertEquals(List.of("2"), req.headers("x-trk"));
        assertEquals(List.of(""), req.headers("x-untracked"), "counter 0 untracked: no sample, an empty value");
        a.endTracking(404, 10, 10);
        b.endTracking(200, 10, 10);
        a.endTracking(404, 10, 10); // idempotent
        HttpTxn c = request(r);
        r.httpRequest().run(c);
        assertEquals(List.of("1"), c.requestHead().headers("x-cur"));
        assertEquals(List.of("3"), c.requestHead().headers("x-cnt"));
        assertTrue(c.tracked(1) != null);
        assertNull(c.tracked(0));
        ProxyRules err = fe("  stick-table type string size 10 store http_err_cnt\n"
                + "  http-request set-header x-err %[req.hdr(x-key),table_http_err_cnt(f)]\n");
        HttpTxn d = request(err);
        err.httpRequest().run(d);
        assertEquals(List.of("0"), d.requestHead().headers("x-err"), "another configuration, other tables");
    }

    @Test
    void srcFetchesLookTheClientUpWithoutTracking() throws Exception {
        ProxyRules r = fe("  http-request track-sc0 src table t\n"
                + "  http-request set-header x-rate %[src_conn_rate(t)]\n"
                + "  http-request set-header x-cnt %[src_conn_cnt(t)]\n"
                + "backend t\n  stick-table type ip size 1m expire 1m store conn_rate(1m)\n");
        HttpTxn t = request(r);
        r.httpRequest().run(t);
        assertEquals(List.of("1"), t.requestHead().headers("x-rate"));
        assertEquals(List.of(""), t.requestHead().headers("x-cnt"), "conn_cnt not stored: no sample");
    }

    @Test
    void misuseIsAnErrorWithItsLine() {
        String f = Rules.HEAD + "frontend f\n  bind :80\n";
        assertEquals(
                List.of("expected one error"),
                List.of(Rules.errors(f + "  http-request track-sc0 src\n").size() == 1 ? "expected one error" : "x"));
        assertTrue(Rules.errors(f + "  http-request track-sc0 src\n").get(0).contains("no stick-table in proxy 'f'"));
        assertTrue(Rules.errors(f + "  http-request track-sc0 src table nope\n")
                .get(0)
                .contains("no stick-table in proxy 'nope'"));
        assertTrue(Rules.errors(f + "  stick-table type ip size 1\n  http-request track-sc0 src tbl f\n")
                .get(0)
                .contains("expects <key> [table <table>]"));
        assertTrue(Rules.errors(f + "  stick-table type ip size 1\n  http-request sc-inc-gpc0(3)\n")
                .get(0)
                .contains("expects a tracked counter number 0, 1 or 2 in parentheses"));
        assertTrue(Rules.errors(f + "  stick-table type ip size 1\n  http-request deny if { sc_conn_cur(4) gt 1 }\n")
                .get(0)
                .contains("the counter must be 0, 1 or 2, got '4'"));
        assertTrue(Rules.errors(f + "  http-request deny if { src,table_conn_cnt(x) gt 1 }\n")
                .get(0)
                .contains("no stick-table in proxy 'x'"));
        for (String e : Rules.errors(f + "  http-request track-sc0 src\n")) assertTrue(e.contains("t.cfg:"), e);
    }
}
