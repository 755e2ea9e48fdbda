package dev.hapair.proxy.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.h1.RequestHead;
import dev.hapair.proxy.h1.ResponseHead;
import dev.hapair.proxy.http.H1Heads;
import dev.hapair.proxy.http.HttpTxn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule lists run on Netty heads without sockets: every action's effect and each stop condition. */
class RulesEngineTest {

    private static final String FE = Rules.HEAD + "frontend f\n  bind :80\n  default_backend b\n";
    private static final String BE = "backend b\n  server s 127.0.0.1:8080\n";

    private static ProxyRules fe(String rules) throws RuleException {
        return Rules.compile(FE + rules + BE, "f");
    }

    private static Outcome request(ProxyRules r, HttpTxn t) {
        return r.httpRequest().run(t);
    }

    @Test
    void headerActionsUseSamplesAndSeeEarlierEdits() throws Exception {
        ProxyRules r = fe(
                """
              http-request set-header X-Client %[src]:%[src_port]
              http-request add-header X-Host %[req.hdr(host),lower]
              http-request del-header x-secret-
              http-request del-header X-GONE
              http-request del-header x-also-gone -m str
              http-request del-header Content-Length
              http-request del-header x-drop- -m beg
              http-request replace-header X-Path ^/old/(.*) /new/\\1
              http-request replace-value X-List ^a$ z
              http-request set-header X-Seen yes if { req.hdr(x-host) www.example.com }
            """);
        RequestHead req = Rules.request(
                "GET",
                "/p",
                "Host",
                "WWW.Example.COM",
                "X-Drop-1",
                "a",
                "X-drop-2",
                "b",
                "X-Path",
                "/old/thing",
                "X-List",
                "a, b, a",
                "X-Keep",
                "k",
                "x-gone",
                "1",
                "X-Gone",
                "2",
                "X-ALSO-GONE",
                "3",
                "X-Gone-Not",
                "4");
        HttpTxn t = Rules.txn(r, req);
        assertSame(Outcome.CONTINUE, request(r, t));
        assertEquals("192.0.2.7:41000", req.header("X-Client"));
        assertEquals("www.example.com", req.header("X-Host"));
        assertEquals(List.of(), req.headers("X-Drop-1"));
        assertEquals(List.of(), req.headers("X-drop-2"));
        assertEquals("/new/thing", req.header("X-Path"));
        assertEquals("z, b, z", req.header("X-List"));
        assertEquals("yes", req.header("X-Seen"), "a condition sees headers added by earlier rules");
        assertEquals("k", req.header("X-Keep"));
        assertEquals(List.of(), req.headers("x-gone"), "by name, any case, every line");
        assertEquals(List.of(), req.headers("x-also-gone"));
        assertEquals("4", req.header("X-Gone-Not"), "a longer name is another header");
    }

    @Test
    void headerSamplesReadOneLineSeveralLinesAndCommaLists() throws Exception {
        ProxyRules r = fe(
                """
              http-request set-header X-Last %[req.hdr(x-v)]
              http-request set-header X-First %[req.hdr(x-v,1)]
              http-request set-header X-Prev %[req.hdr(x-v,-2)]
              http-request set-header X-Full %[req.fhdr(x-v)]
              http-request set-header X-Count %[req.hdr_cnt(x-v)]
              http-request set-header X-Has-B 1 if { req.hdr(x-v) b }
              http-request set-header X-One %[req.hdr(x-one)]
              http-request set-header X-One-Found 1 if { req.hdr(x-one) -m found }
              http-request set-header X-None-Found 1 if { req.hdr(x-none) -m found }
              http-request set-header X-None %[req.hdr(x-none)]
            """);
        RequestHead comma = Rules.request("GET", "/", "X-V", "a, b", "X-One", "(several lines)");
        request(r, Rules.txn(r, comma));
        assertEquals("b", comma.header("X-Last"));
        assertEquals("a", comma.header("X-First"));
        assertEquals("a", comma.header("X-Prev"));
        assertEquals("a, b", comma.header("X-Full"));
        assertEquals("2", comma.header("X-Count"));
        assertEquals("1", comma.header("X-Has-B"));
        assertEquals("(several lines)", comma.header("X-One"), "a value like no other");
        assertEquals("", comma.header("X-None"));
        assertEquals("1", comma.header("X-One-Found"));
        assertNull(comma.header("X-None-Found"));
        RequestHead lines = Rules.request("GET", "/", "X-V", "a", "X-V", "b, c");
        request(r, Rules.txn(r, lines));
        assertEquals("c", lines.header("X-Last"));
        assertEquals("a", lines.header("X-First"));
        assertEquals("b", lines.header("X-Prev"));
        assertEquals("b, c", lines.header("X-Full"));
        assertEquals("3", lines.header("X-Count"));
        assertEquals("1", lines.header("X-Has-B"));
        RequestHead one = Rules.request("GET", "/", "X-V", " z ");
        request(r, Rules.txn(r, one));
        assertEquals("z", one.header("X-Last"));
        assertEquals("z", one.header("X-First"));
        assertEquals("", one.header("X-Prev"));
        assertNull(one.header("X-Has-B"));
    }

    @Test
    void replaceHeaderRendersItsFormatEvenWithoutTheHeader() throws Exception {
        ProxyRules r = fe(
                """
              http-request replace-header X-Absent ^(.*) %[str(x),set-var(txn.seen)]
              http-request set-header X-Seen %[var(txn.seen)]
              http-request replace-header User-Agent ^curl(.*) cu$rl\\1
            """);
        RequestHead req = Rules.request("GET", "/", "User-Agent", "curl/8");
        request(r, Rules.txn(r, req));
        assertEquals("x", req.header("X-Seen"), "HAProxy builds the replacement before it looks for the header");
        assertNull(req.header("X-Absent"));
        assertEquals("cu$rl/8", req.header("User-Agent"));
    }

    @Test
    void useServicePrometheusExporterHandsTheRequestToTheService() throws Exception {
        ProxyRules r = fe("  http-request use-service prometheus-exporter if { path /metrics }\n");
        Outcome o = request(r, Rules.txn(r, Rules.request("GET", "/metrics")));
        assertEquals(Outcome.Kind.SERVICE, o.kind());
        assertEquals("prometheus-exporter", o.service());
        assertEquals(
                Outcome.Kind.CONTINUE,
                request(r, Rules.txn(r, Rules.request("GET", "/other"))).kind());
        List<String> unknown = Rules.errors(FE + "  http-request use-service lua.hello\n" + BE);
        assertEquals(1, unknown.size(), unknown.toString());
        assertTrue(
                unknown.get(0).contains("t.cfg:") && unknown.get(0).contains("unknown service 'lua.hello'"),
                unknown.get(0));
        List<String> tcp = Rules.errors(FE + "  tcp-request content use-service prometheus-exporter\n" + BE);
        assertEquals(1, tcp.size(), tcp.toString());
    }

    @Test
    void uriActions() throws Exception {
        ProxyRules r = fe(
                """
              http-request replace-path ^/api/v1/(.*) /v2/\\1
              http-request set-query %[query]&from=hapair
              http-request set-method POST if { path_beg /v2/ }
            """);
        RequestHead req = Rules.request("GET", "/api/v1/users?id=3");
        request(r, Rules.txn(r, req));
        assertEquals("/v2/users?id=3&from=hapair", req.uri());
        assertEquals("POST", req.method());
        ProxyRules p = fe("  http-request set-path /static%[path]\n  http-request replace-uri ^/static/x(.*) /y\\1\n");
        RequestHead q = Rules.request("GET", "/x/a.css?v=1");
        request(p, Rules.txn(p, q));
        assertEquals("/y/a.css?v=1", q.uri());
    }

    @Test
    void variablesFlowFromRuleToRule() throws Exception {
        ProxyRules r = fe(
                """
              http-request set-var(txn.user) req.hdr(x-user),lower
              http-request set-var(sess.n) int(1)
              http-request set-var-fmt(txn.both) %[var(txn.user)]-%[var(sess.n)]
              http-request set-header X-Both %[var(txn.both)]
              http-request unset-var(txn.user)
              http-request set-header X-Gone yes unless { var(txn.user) -m found }
            """);
        RequestHead req = Rules.request("GET", "/", "X-User", "Alice");
        request(r, Rules.txn(r, req));
        assertEquals("alice-1", req.header("X-Both"));
        assertEquals("yes", req.header("X-Gone"));
    }

    @Test
    void denyReturnRedirectStopWithAReply() throws Exception {
        ProxyRules r = fe(
                """
              http-request deny deny_status 429 if { path /limited }
              http-request return status 200 content-type text/plain lf-string "ok %[path]" hdr X-R yes if { path /healthz }
              http-request redirect prefix https://new.example.com drop-query code 301 if { path_beg /old }
              http-request redirect scheme https append-slash if { path /sec }
              http-request allow if { path /allowed }
              http-request deny
            """);
        LocalReply deny =
                request(r, Rules.txn(r, Rules.request("GET", "/limited"))).reply();
        assertEquals(429, deny.status());
        assertEquals(
                "<html><body><h1>429 Too Many Requests</h1>\nYou have sent too many requests in a given amount of time.\n</body></html>\n",
                new String(deny.body(), StandardCharsets.US_ASCII));
        Outcome ret = request(r, Rules.txn(r, Rules.request("GET", "/healthz")));
        assertEquals(200, ret.reply().status());
        assertEquals("ok /healthz", new String(ret.reply().body(), StandardCharsets.US_ASCII));
        assertEquals("text/plain", ret.reply().header("content-type"));
        assertEquals("yes", ret.reply().header("X-R"));
        assertEquals("11", ret.reply().header("content-length"));
        LocalReply red =
                request(r, Rules.txn(r, Rules.request("GET", "/old/a?x=1"))).reply();
        assertEquals(301, red.status());
        assertEquals("https://new.example.com/old/a", red.header("location"));
        LocalReply sch = request(r, Rules.txn(r, Rules.request("GET", "/sec?q", "Host", "h.example")))
                .reply();
        assertEquals("https://h.example/sec/?q", sch.header("location"));
        assertSame(Outcome.STOP, request(r, Rules.txn(r, Rules.request("GET", "/allowed"))));
        assertEquals(
                403,
                request(r, Rules.txn(r, Rules.request("GET", "/other"))).reply().status());
    }

    @Test
    void errorFilesReplaceBuiltInPagesByteForByte(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("403.http");
        byte[] body = "<h1>go away</h1>\n".getBytes(StandardCharsets.US_ASCII);
        Files.write(
                f,
                ("HTTP/1.0 403 Forbidden\r\nCache-Control: no-cache\r\nConnection: close\r\nContent-Type: text/html\r\n\r\n"
                                + new String(body, StandardCharsets.US_ASCII))
                        .getBytes(StandardCharsets.US_ASCII));
        Path g = dir.resolve("503.http");
        Files.writeString(g, "HTTP/1.1 503 Busy\r\nX-From: http-errors\r\n\r\nbusy");
        ProxyRules r = Rules.compile(
                Rules.HEAD + "http-errors site\n  errorfile 503 " + g + "\n"
                        + "frontend f\n  bind :80\n  errorfile 403 " + f + "\n  errorfiles site\n  http-request deny\n"
                        + "  default_backend b\n" + BE,
                "f");
        LocalReply d = request(r, Rules.txn(r, Rules.request("GET", "/"))).reply();
        assertEquals(403, d.status());
        assertArrayEquals(body, d.body());
        assertEquals("no-cache", d.header("Cache-Control"));
        assertNull(d.header("Connection"), "the proxy decides about the connection");
        assertEquals(Integer.toString(body.length), d.header("content-length"));
        assertEquals("busy", new String(r.errors().reply(503).body(), StandardCharsets.US_ASCII));
        assertEquals("http-errors", r.errors().reply(503).header("X-From"));
        assertEquals(504, r.errors().reply(504).status(), "other codes keep the built-in page");
    }

    @Test
    void basicAuthAgainstUserlists() throws Exception {
        // crypt(3) SHA-512 hash of "secret" with salt "saltsalt"
        String hash =
                "$6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vwPZN.Pq.H91p5hVO1";
        ProxyRules r = Rules.compile(
                Rules.HEAD + "userlist admins\n  group ops users bob\n"
                        + "  user alice insecure-password wonder\n  user bob password " + hash + "\n"
                        + "frontend f\n  bind :80\n  http-request auth realm Ops unless { http_auth(admins) }\n"
                        + "  http-request set-header X-Group %[http_auth_group(admins)]\n  default_backend b\n" + BE,
                "f");
        LocalReply challenge =
                request(r, Rules.txn(r, Rules.request("GET", "/"))).reply();
        assertEquals(401, challenge.status());
        assertEquals("Basic realm=\"Ops\"", challenge.header("www-authenticate"));
        assertEquals(
                401,
                request(r, Rules.txn(r, Rules.request("GET", "/", "Authorization", basic("alice", "nope"))))
                        .reply()
                        .status());
        assertSame(
                Outcome.CONTINUE,
                request(r, Rules.txn(r, Rules.request("GET", "/", "Authorization", basic("alice", "wonder")))));
        RequestHead bob = Rules.request("GET", "/", "Authorization", basic("bob", "secret"));
        assertSame(Outcome.CONTINUE, request(r, Rules.txn(r, bob)));
        assertEquals("ops", bob.header("X-Group"));
        assertEquals(
                401,
                request(r, Rules.txn(r, Rules.request("GET", "/", "Authorization", basic("bob", "secreT"))))
                        .reply()
                        .status());
    }

    private static String basic(String user, String password) {
        return "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void responseRulesEditTheResponseAndCanDeny() throws Exception {
        ProxyRules r = fe(
                """
              http-request set-var(txn.path) path
              http-response set-header X-Path %[var(txn.path)]
              http-response set-status 299 reason Fine if { status 200 }
              http-response del-header Server
              http-response deny if { res.hdr(x-leak) -m found }
              http-after-response add-header X-After %[status]
            """);
        HttpTxn t = Rules.txn(r, Rules.request("GET", "/a"));
        request(r, t);
        ResponseHead res = Rules.response(200, "Server", "nginx");
        t.response(H1Heads.response(res));
        assertSame(Outcome.CONTINUE, r.httpResponse().run(t));
        r.httpAfterResponse().run(t);
        assertEquals("/a", res.header("X-Path"));
        assertEquals(299, res.status());
        assertEquals("Fine", res.reason());
        assertNull(res.header("Server"));
        assertEquals("299", res.header("X-After"));
        HttpTxn t2 = Rules.txn(r, Rules.request("GET", "/b"));
        t2.response(H1Heads.response(Rules.response(200, "X-Leak", "1")));
        assertEquals(502, r.httpResponse().run(t2).reply().status(), "http-response deny answers 502");
    }

    @Test
    void conformanceDetails(@TempDir Path dir) throws Exception {
        Path map = dir.resolve("re.map");
        Files.writeString(map, "^(.*)\\.(.*)$ \\1_AND_\\2\n");
        ProxyRules r = fe("  http-request redirect code 301 location /moved if { path /old }\n"
                + "  http-request return status 404 hdr X-Url %[url] if { path /gone }\n"
                + "  http-request set-header X-Map %[req.hdr(host),map_regm(" + map + ",none)]\n"
                + "  http-request set-path /p%[path] if { path /abs }\n");
        assertEquals(
                "/moved",
                request(r, Rules.txn(r, Rules.request("GET", "/old"))).reply().header("location"));
        LocalReply gone =
                request(r, Rules.txn(r, Rules.request("GET", "/gone"))).reply();
        assertEquals(404, gone.status());
        assertEquals("/gone", gone.header("X-Url"));
        RequestHead req = Rules.request("GET", "/", "Host", "www.example");
        request(r, Rules.txn(r, req));
        assertEquals("www_AND_example", req.header("X-Map"));
        RequestHead abs = Rules.request("GET", "http://h.example/abs?q=1", "Host", "h.example");
        request(r, Rules.txn(r, abs));
        assertEquals("http://h.example/p/abs?q=1", abs.uri(), "an absolute target keeps its authority");
        ProxyRules d = Rules.compile(
                Rules.HEAD + "defaults base\n  mode http\n  http-request set-header X-D 1\n"
                        + "frontend f from base\n  bind :80\n  http-request set-header X-F %[req.hdr(x-d)]\n  default_backend b\n"
                        // a backend may not take rules from the defaults a frontend took them from (HAProxy)
                        + Rules.HEAD
                        + BE,
                "f");
        RequestHead inh = Rules.request("GET", "/");
        request(d, Rules.txn(d, inh));
        assertEquals("1", inh.header("X-F"), "rules of a named defaults run first");
        Path empty = dir.resolve("empty.http");
        Files.writeString(empty, "");
        ProxyRules s = fe("  errorfile 503 " + empty + "\n  http-request deny deny_status 503\n");
        assertEquals(
                true,
                request(s, Rules.txn(s, Rules.request("GET", "/"))).reply().silent(),
                "empty file: no response");
    }

    @Test
    void tcpRequestRules() throws Exception {
        ProxyRules r = Rules.compile(
                Rules.HEAD.replace("mode http", "mode tcp") + "frontend f\n  bind :80\n"
                        + "  tcp-request connection accept if { src 192.0.2.0/24 }\n  tcp-request connection reject\n"
                        + "  default_backend b\n" + BE,
                "f");
        HttpTxn inside = Rules.txn(r, Rules.request("GET", "/"));
        assertSame(Outcome.STOP, r.tcpConnection().run(inside));
        ProxyRules other = Rules.compile(
                Rules.HEAD.replace("mode http", "mode tcp") + "frontend f\n  bind :80\n"
                        + "  tcp-request connection reject if { src 10.0.0.0/8 }\n  tcp-request connection reject if !{ src 192.0.2.7 }\n"
                        + "  default_backend b\n" + BE,
                "f");
        assertSame(Outcome.CONTINUE, other.tcpConnection().run(inside));
    }

    @Test
    void capturesAndUniqueId() throws Exception {
        ProxyRules r = fe(
                """
              capture request header Host len 5
              http-request capture req.hdr(user-agent) id 0
              unique-id-format %[src]-%[req.hdr(x-n)]
              unique-id-header X-Id
            """);
        HttpTxn t = Rules.txn(r, Rules.request("GET", "/", "User-Agent", "curl/8"));
        request(r, t);
        assertEquals("curl/8", t.capturedRequestHeader(0));
        assertEquals("X-Id", r.uniqueIdHeader());
        assertEquals("192.0.2.7-", r.uniqueIdFormat().render(t));
        assertEquals(5, r.captureLength(true, 0));
    }

    /** haproxy 2.6.12: unique-id-format %HU with a 1100-character target gives a 127-character unique-id. */
    @Test
    void aUniqueIdIsAtMost127Characters() throws Exception {
        ProxyRules r = fe("unique-id-format %[req.hdr(x-n)]\n");
        HttpTxn t = Rules.txn(r, Rules.request("GET", "/", "X-N", "n".repeat(200)));
        t.uniqueId(r.uniqueIdFormat().render(t));
        assertEquals("n".repeat(127), t.uniqueId());
    }

    /** reg-test http-rules/default_rules: implicit slots of inherited 'capture ... len' rules come first. */
    @Test
    void implicitAndDeclaredCaptureSlotsFollowTheConfigurationOrder() throws Exception {
        String cfg =
                """
            defaults base
              mode http
              timeout connect 1s
              timeout client 1s
              timeout server 1s
              http-request capture hdr(Host) len 3
              http-request capture hdr(X-req-1) len 32
            frontend fe1 from base
              bind 127.0.0.1:8080
              declare capture request len 32
              http-request capture hdr(X-req-2) id 2
            frontend fe2 from base
              bind 127.0.0.1:8081
              http-request capture hdr(X-req-2) id 1
            """;
        ProxyRules r1 = Rules.compile(cfg, "fe1");
        assertEquals(List.of("", "", ""), r1.requestCaptures());
        HttpTxn t = Rules.txn(r1, Rules.request("GET", "/", "Host", "v-test", "X-req-1", "val1", "X-req-2", "val2"));
        request(r1, t);
        assertEquals("v-t", t.capturedRequestHeader(0), "cut to the rule's len");
        assertEquals("val1", t.capturedRequestHeader(1));
        assertEquals("val2", t.capturedRequestHeader(2));
        ProxyRules r2 = Rules.compile(cfg, "fe2");
        HttpTxn t2 = Rules.txn(r2, Rules.request("GET", "/", "Host", "v-test", "X-req-1", "val1", "X-req-2", "val2"));
        request(r2, t2);
        assertEquals(2, r2.requestCaptures().size());
        assertEquals("val2", t2.capturedRequestHeader(1), "the id rule runs after the inherited one");
        assertEquals(
                List.of("[ALERT] t.cfg:8: 'declare' expects 'capture request|response len <length>'"),
                Rules.errors(Rules.HEAD + "frontend f\n  bind :80\n  declare capture request\n"));
    }

    /** reg-tests http-errorfiles/http_errors and http-error: the last declaration for a status wins. */
    @Test
    void errorDeclarationsApplyInConfigurationOrderAndHttpErrorReplies(@TempDir Path dir) throws Exception {
        java.util.function.Function<String, Path> file = tag -> {
            Path f = dir.resolve(tag + ".http");
            try {
                Files.writeString(f, "HTTP/1.1 500 X\r\nX-Err-Type: " + tag + "\r\n\r\nbody");
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            return f;
        };
        String cfg = "http-errors e1\n  errorfile 400 " + file.apply("e1-400") + "\n  errorfile 500 "
                + file.apply("e1-500") + "\nhttp-errors e2\n  errorfile 403 " + file.apply("e2-403")
                + "\n  errorfile 400 " + file.apply("e2-400") + "\n"
                + "defaults\n  mode http\n  timeout connect 1s\n  timeout client 1s\n  timeout server 1s\n"
                + "  errorfiles e2\n  errorfile 400 " + file.apply("d-400") + "\n"
                + "frontend f\n  bind :80\n  errorfile 500 " + file.apply("f-500") + "\n  errorfiles e1 500\n"
                + "  http-error status 404 content-type text/plain hdr x-path %[path] lf-string \"at %[path]\"\n"
                + "  http-error status 403\n"
                + "  http-request deny deny_status 404 if { path /404 }\n"
                + "  http-request return status 404 if { path /r404 }\n"
                + "  http-request deny if { path /403 }\n"
                + "  default_backend b\n" + BE;
        ProxyRules r = Rules.compile(cfg, "f");
        assertEquals("d-400", r.errors().reply(400).header("X-Err-Type"), "defaults: errorfile after errorfiles");
        assertEquals("e1-500", r.errors().reply(500).header("X-Err-Type"), "errorfiles after errorfile");
        LocalReply d = request(r, Rules.txn(r, Rules.request("GET", "/404"))).reply();
        assertEquals(404, d.status());
        assertEquals("at /404", new String(d.body(), StandardCharsets.ISO_8859_1));
        assertEquals("/404", d.header("x-path"));
        assertEquals("text/plain", d.header("content-type"));
        LocalReply ret = request(r, Rules.txn(r, Rules.request("GET", "/r404"))).reply();
        assertEquals("at /r404", new String(ret.body(), StandardCharsets.ISO_8859_1), "return uses it too");
        LocalReply empty =
                request(r, Rules.txn(r, Rules.request("GET", "/403"))).reply();
        assertEquals(403, empty.status());
        assertEquals("0", empty.header("content-length"), "http-error without a body: an empty reply");
        assertEquals(
                List.of("[ALERT] t.cfg:8: 'http-error': unknown argument 'bogus'"),
                Rules.errors(Rules.HEAD + "frontend f\n  bind :80\n  http-error status 404 bogus\n"));
    }

    @Test
    void setSrcAndSetDstChangeTheAddressesLaterFetchesSee() throws Exception {
        ProxyRules r = fe(
                """
              http-request set-src hdr(x-src)
              http-request set-dst hdr(x-dst)
              http-request set-dst-port int(8443)
              http-request set-src-port str(bad)
              http-request set-header X-Seen %[src]:%[src_port]-%[dst]:%[dst_port]
            """);
        HttpTxn t = Rules.txn(r, Rules.request("GET", "/", "x-src", "2001:db8::1:0:0:2", "x-dst", "10.1.2.3"));
        request(r, t);
        assertEquals(
                "2001:db8::1:0:0:2:41000-10.1.2.3:8443",
                t.request().headers("x-seen").get(0));
        HttpTxn u = Rules.txn(r, Rules.request("GET", "/", "x-src", "not-an-ip"));
        request(r, u);
        assertEquals(
                "192.0.2.7", u.source().getAddress().getHostAddress(), "a value that is no address changes nothing");
    }

    @Test
    void setTimeoutOverridesTheBackendsTimeoutsForTheStream() throws Exception {
        String cfg = Rules.HEAD
                + "listen l\n  bind :80\n  timeout server 5s\n"
                + "  http-request set-timeout server int(3),mul(1000) if { path /a }\n"
                + "  http-request set-timeout tunnel 2s\n"
                + "  server s 127.0.0.1:8080\n";
        ProxyRules r = Rules.compile(cfg, "l");
        HttpTxn t = Rules.txn(r, Rules.request("GET", "/a"));
        t.timeouts(
                new dev.hapair.proxy.backend.Timeouts(1000, 7000, 0, 0, 0, 0, 0),
                new dev.hapair.proxy.backend.Timeouts(1000, 0, 5000, 0, 0, 0, 0, 60000));
        request(r, t);
        assertEquals(3000, t.serverTimeoutOverride());
        assertEquals(2000, t.tunnelTimeoutOverride());
        assertEquals(
                "7000 5000 3000 60000 2000",
                dev.hapair.proxy.sample.FormatString.compile(
                                "%[fe_client_timeout] %[be_server_timeout] %[cur_server_timeout]"
                                        + " %[be_tunnel_timeout] %[cur_tunnel_timeout]",
                                dev.hapair.proxy.sample.SampleEnv.lenient(), dev.hapair.proxy.sample.Phase.ALL, "test")
                        .render(t));
        assertEquals(
                List.of("[ALERT] t.cfg:8: 'http-request set-timeout': only proxies with backend capabilities have"
                        + " server and tunnel timeouts"),
                Rules.errors(Rules.HEAD + "frontend f\n  bind :80\n  http-request set-timeout server 1s\n"));
        assertEquals(
                List.of("[ALERT] t.cfg:7: 'http-request set-timeout': expects 'server' or 'tunnel', got 'client'"),
                Rules.errors(Rules.HEAD + "backend b\n  http-request set-timeout client 1s\n"));
    }
}
