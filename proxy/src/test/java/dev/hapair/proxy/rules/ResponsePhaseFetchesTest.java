package dev.hapair.proxy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.h1.RequestHead;
import dev.hapair.proxy.h1.ResponseHead;
import dev.hapair.proxy.http.H1Heads;
import dev.hapair.proxy.http.HttpTxn;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * HAProxy 2.6 releases the request's headers and body once the request is forwarded: its response rules
 * ({@code http-response}, {@code http-after-response}, {@code tcp-response content}) refuse the fetches of
 * that volatile data ({@code url}, {@code req.hdr}, {@code cook}, {@code req.body} ...) and accept what it
 * keeps ({@code method}, {@code http_first_req}, {@code capture.req.*}). Each row was checked against
 * {@code haproxy -c} 2.6.12; a null error means both accept it.
 */
class ResponsePhaseFetchesTest {

    private static final String FE = Rules.HEAD + "frontend f\n  bind :80\n"
            + "  capture request header Host len 10\n  default_backend b\n"; // the next line is t.cfg:10
    private static final String BE = "backend b\n  server s 127.0.0.1:8080\n";

    /** {rule line in frontend f, expected error or null when accepted}. */
    private static final String[][] FRONTEND = {
        // the request's volatile data: refused in response rules
        {
            "http-response set-header X %[url]",
            "t.cfg:10: 'http-response set-header': fetch 'url' needs HTTP request headers, which do not exist in http-response rules"
        },
        {"http-response set-header X %[path]", "fetch 'path' needs HTTP request headers"},
        {"http-response set-header X %[pathq]", "fetch 'pathq' needs HTTP request headers"},
        {"http-response set-header X %[query]", "fetch 'query' needs HTTP request headers"},
        {"http-response set-header X %[base]", "fetch 'base' needs HTTP request headers"},
        {"http-response set-header X %[base32]", "fetch 'base32' needs HTTP request headers"},
        {"http-response set-header X %[url_param(a)]", "fetch 'url_param' needs HTTP request headers"},
        {"http-response set-header X %[urlp(a)]", "fetch 'urlp' needs HTTP request headers"},
        {"http-response set-header X %[req.hdr(host)]", "fetch 'req.hdr' needs HTTP request headers"},
        {"http-response set-header X %[req.fhdr(host)]", "fetch 'req.fhdr' needs HTTP request headers"},
        {"http-response set-header X %[req.hdr_cnt(host)]", "fetch 'req.hdr_cnt' needs HTTP request headers"},
        {"http-response set-header X %[hdr_cnt(host)]", "fetch 'hdr_cnt' needs HTTP request headers"},
        {"http-response set-header X %[req.cook(a)]", "fetch 'req.cook' needs HTTP request headers"},
        {"http-response set-header X %[cook(a)]", "fetch 'cook' needs HTTP request headers"},
        {"http-response set-header X %[req.body]", "fetch 'req.body' needs HTTP request headers"},
        {"http-response set-header X %[req.body_param(a)]", "fetch 'req.body_param' needs HTTP request headers"},
        {"http-response set-header X %[req.ver]", "fetch 'req.ver' needs HTTP request headers"},
        {"http-response set-header X %[http_auth_user]", "fetch 'http_auth_user' needs HTTP request headers"},
        {"http-response set-var(txn.x) path", "'http-response set-var': fetch 'path' needs HTTP request headers"},
        {
            "http-after-response set-header X %[url]",
            "fetch 'url' needs HTTP request headers, which do not exist in http-after-response rules"
        },
        {
            "http-response deny if { url -m found }",
            "http-response: anonymous acl uses 'url', which needs HTTP request headers"
        },
        {"http-response deny if { path_beg /a }", "anonymous acl uses 'path', which needs HTTP request headers"},
        // what HAProxy keeps of the request: accepted in response rules
        {"http-response set-header X %[method]", null},
        {"http-response set-header X %[http_first_req]", null},
        {"http-response set-header X %[capture.req.uri]", null},
        {"http-response set-header X %[capture.req.method]", null},
        {"http-response set-header X %[capture.req.ver]", null},
        {"http-response set-header X %[capture.req.hdr(0)]", null},
        {"http-response set-header X %[be_name]", null},
        {"http-response set-header X %[unique-id]", null},
        {"http-response set-header X %[hdr(server)]", null}, // the response's header there
        {"http-response set-header X %[res.hdr(server)]", null},
        {"http-response set-header X %HU-%HM-%r", null}, // log variables are not phase-checked
        {"http-response deny if { method GET }", null},
        {"http-response deny if { hdr(x) -m found }", null},
        {"http-after-response set-header X %[method]", null},
        // the request rules keep every request fetch
        {"http-request set-header X %[url]%[req.hdr(host)]%[cook(a)]%[req.body]%[hdr_cnt]", null},
        {"tcp-request content set-var(txn.x) path", null},
        // names HAProxy 2.6 does not know
        {"http-request set-header X %[fhdr(host)]", "unknown fetch method 'fhdr'"},
        {"http-request set-header X %[fhdr_cnt(host)]", "unknown fetch method 'fhdr_cnt'"},
    };

    private static void check(String cfg, String rule, String expected) {
        List<String> errors = Rules.errors(cfg);
        if (expected == null) {
            assertEquals(List.of(), errors, rule);
        } else {
            assertTrue(
                    errors.size() == 1 && errors.get(0).contains(expected),
                    () -> rule + ": expected one error containing\n  " + expected + "\ngot " + errors);
        }
    }

    @Test
    void frontendRulesRefuseExactlyWhatHaproxyRefuses() {
        for (String[] row : FRONTEND) {
            check(FE + "  " + row[0] + "\n" + BE, row[0], row[1]);
        }
    }

    @Test
    void backendResponseRulesAndNamedAcls() {
        String be = FE + "backend b\n  server s 127.0.0.1:8080\n"; // the next line is t.cfg:12
        check(
                be + "  tcp-response content set-var(txn.x) path\n",
                "tcp-response",
                "t.cfg:12: 'tcp-response content set-var': fetch 'path' needs HTTP request headers, which do not exist in tcp-response content rules");
        check(be + "  tcp-response content set-var(txn.x) method\n", "tcp-response method", null);
        check(
                be + "  http-response set-header X %[req.hdr(host)]\n",
                "backend",
                "fetch 'req.hdr' needs HTTP request headers");
        check(
                be + "  acl u url -m found\n  http-response deny if u\n",
                "named acl",
                "t.cfg:13: http-response: acl 'u' uses 'url', which needs HTTP request headers, which do not exist in http-response rules");
        check(be + "  acl m method GET\n  http-response deny if m\n", "named acl kept", null);
    }

    /** {@code hdr()} reads the headers of the message the rule runs on, as HAProxy's does. */
    @Test
    void hdrReadsTheResponseInResponseRules() throws Exception {
        ProxyRules r = Rules.compile(
                FE + "  http-request set-header X-Req %[hdr(x-h)]\n"
                        + "  http-response set-header X-Res %[hdr(x-h)]\n"
                        + "  http-response set-header X-Cnt %[hdr(x-h),length]\n"
                        + "  acl resp hdr(x-h) from-response\n"
                        + "  http-request set-header X-Acl-Req 1 if { hdr(x-h) from-request }\n"
                        + "  http-response set-header X-Acl 1 if { hdr(x-h) from-response }\n"
                        + "  http-response set-header X-Beg 1 if { hdr_beg(x-h) from-res }\n"
                        + "  http-response set-header X-Named 1 if resp\n" + BE,
                "f");
        RequestHead req = Rules.request("GET", "/", "X-H", "from-request");
        HttpTxn t = Rules.txn(r, req);
        assertSame(Outcome.CONTINUE, r.httpRequest().run(t));
        assertEquals("from-request", req.header("X-Req"));
        ResponseHead res = Rules.response(200, "X-H", "from-response");
        t.response(H1Heads.response(res));
        assertSame(Outcome.CONTINUE, r.httpResponse().run(t));
        assertEquals("from-response", res.header("X-Res"));
        assertEquals("13", res.header("X-Cnt"));
        assertEquals("1", req.header("X-Acl-Req"));
        assertEquals("1", res.header("X-Acl"), "anonymous acl");
        assertEquals("1", res.header("X-Beg"), "acl suffix form");
        assertEquals("1", res.header("X-Named"), "named acl");
    }
}
