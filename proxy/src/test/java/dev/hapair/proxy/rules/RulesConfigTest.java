package dev.hapair.proxy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -c} errors of the rule language: each names file:line, the rule keyword and what is wrong. */
class RulesConfigTest {

    private static final String F = Rules.HEAD + "frontend f\n  bind :80\n"; // the next line is t.cfg:8

    private static void assertError(String cfg, String expected) {
        List<String> errors = Rules.errors(cfg);
        assertTrue(
                errors.stream().anyMatch(e -> e.contains(expected)),
                () -> "expected an error containing\n  " + expected + "\ngot\n  " + String.join("\n  ", errors));
    }

    @Test
    void actionSyntax() {
        assertError(
                F + "  http-request dney\n",
                "t.cfg:8: unknown 'http-request' action 'dney' in frontend 'f' (did you mean 'deny'?)");
        assertError(
                F + "  http-request silent-drop\n",
                "t.cfg:8: 'http-request silent-drop' is not supported by hapair-proxy");
        assertError(
                F + "  http-request deny deny_status 99\n",
                "t.cfg:8: 'http-request deny': status must be between 200 and 599, got 99");
        assertError(
                F + "  http-request redirect locaton /x\n",
                "t.cfg:8: 'http-request redirect': expects 'location', 'prefix' or 'scheme', got 'locaton' (did you mean 'location'?)");
        assertError(
                F + "  http-request redirect location /x code 200\n",
                "t.cfg:8: 'http-request redirect': 'code' expects 301, 302, 303, 307 or 308, got 200");
        assertError(F + "  http-request set-header X-A\n", "t.cfg:8: 'http-request set-header': expects <name> <fmt>");
        assertError(
                F + "  http-response set-status abc\n",
                "t.cfg:8: 'http-response set-status': status 'abc' is not a number");
        assertError(
                F + "  http-request return status 200 string ok\n",
                "t.cfg:8: 'http-request return': 'string' needs a 'content-type'");
        assertError(
                F + "  tcp-request connection drop\n",
                "t.cfg:8: unknown 'tcp-request connection' action 'drop' in frontend 'f'");
        assertError(
                F + "  http-request set-var(foo.x) str(a)\n",
                "t.cfg:8: 'http-request set-var': unknown variable scope 'foo' in 'foo.x' (expected proc, sess, txn, req or res)");
    }

    /**
     * A 204 or 304 reply with a body is refused, as HAProxy 2.6.12 refuses it (measured with haproxy -c): the client
     * would read the body as the start of its next response.
     */
    @Test
    void noBodyForA204Or304Reply(@TempDir Path dir) throws Exception {
        assertError(
                F + "  http-request return status 204 content-type text/plain string x\n",
                "t.cfg:8: 'http-request return': No body expected for 204 responses");
        assertError(
                F + "  http-request return status 304 content-type text/plain lf-string %[path]\n",
                "t.cfg:8: 'http-request return': No body expected for 304 responses");
        assertError(
                F + "  http-request deny deny_status 204 content-type text/plain string x\n",
                "No body expected for 204 responses");
        Path x = Files.writeString(dir.resolve("x.txt"), "x\n");
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        assertError(
                F + "  http-request return status 204 content-type text/plain file " + x + "\n",
                "t.cfg:8: 'http-request return': No body expected for 204 responses");
        assertEquals(
                List.of(),
                Rules.errors(F + "  http-request return status 204 content-type text/plain file " + empty + "\n"
                        + "  http-request return status 204 hdr x y\n"
                        + "  http-request return status 200 content-type text/plain string x\n"));
    }

    @Test
    void globalVariablesAndDefaultsRules() {
        assertError(
                "global\n  set-var proc.x int(nope)\n" + F,
                "t.cfg:2: 'set-var': fetch 'int': 'nope' is not a valid int");
        assertError(
                "global\n  set-var proc.x path\n" + F,
                "t.cfg:2: 'set-var': fetch 'path' needs HTTP request headers, which do not exist in global rules");
        assertError(
                Rules.HEAD + "  http-request deny\n",
                "t.cfg:6: 'http-request' rules are not allowed in an anonymous defaults section");
        assertEquals(
                List.of(),
                Rules.errors("global\n  set-var proc.a int(12)\n  set-var proc.b var(proc.a),add(1)\n"
                        + "  set-var-fmt proc.c \"%[var(proc.b)] x\"\n" + F));
    }

    @Test
    void defaultsWithRulesInitOneSideOnly() {
        String d = "defaults d\n  mode tcp\n  timeout client 1s\n  timeout server 1s\n  timeout connect 1s\n";
        String resp = d + "  tcp-response content accept\n"; // defaults at t.cfg:1, next line t.cfg:7
        assertEquals(
                List.of("[ALERT] t.cfg:7: a defaults section cannot inherit from a defaults section defining TCP/HTTP"
                        + " rules (defaults section at t.cfg:1)"),
                Rules.errors(resp + "defaults e from d\n  mode tcp\n"),
                "the refused section's lines are skipped");
        assertError(
                resp + "defaults e from d\n",
                "t.cfg:7: a defaults section cannot inherit from a defaults section defining TCP/HTTP rules"
                        + " (defaults section at t.cfg:1)");
        assertError(
                resp + "listen l from d\n  bind :80\n  server s 127.0.0.1:80\n",
                "t.cfg:7: a listen section cannot inherit from a defaults section defining TCP/HTTP rules");
        assertError(
                resp + "frontend f from d\n  bind :80\n",
                "t.cfg:7: a frontend section cannot inherit from a defaults section defining 'tcp-response content'"
                        + " rules (defaults section at t.cfg:1)");
        String content = d + "  tcp-request content accept\n";
        assertError(
                content
                        + "frontend f from d\n  bind :80\n  default_backend b\nbackend b from d\n  server s 127.0.0.1:80\n",
                "t.cfg:10: frontends and backends cannot inherit from the same defaults section if it defines TCP/HTTP"
                        + " rules (defaults section at t.cfg:1)");
        assertError(
                d + "  tcp-request connection accept\nbackend b\n  server s 127.0.0.1:80\n",
                "t.cfg:7: a backend section cannot inherit from a defaults section defining 'tcp-request connection' or"
                        + " 'tcp-request session' rules");
        // allowed: the same side several times, and a defaults section without rules anywhere
        assertEquals(
                List.of(),
                Rules.errors(
                        resp + "backend b1 from d\n  server s 127.0.0.1:80\nbackend b2\n  server s 127.0.0.1:80\n"));
        assertEquals(
                List.of(),
                Rules.errors(d + "defaults e from d\nfrontend f from d\n  bind :80\n  default_backend b\n"
                        + "backend b from d\n  server s 127.0.0.1:80\n"));
    }

    @Test
    void wrongPhaseIsRefused() {
        assertError(
                F + "  http-request set-header X-S %[res.hdr(server)]\n",
                "t.cfg:8: 'http-request set-header': fetch 'res.hdr' needs HTTP response headers, which do not exist in http-request rules");
        assertError(
                F + "  tcp-request connection reject if { path /x }\n",
                "t.cfg:8: tcp-request connection: anonymous acl uses 'path', which needs HTTP request headers, which do not"
                        + " exist in tcp-request connection rules");
        assertError(
                F + "  acl st status 500\n  http-request deny if st\n",
                "t.cfg:9: http-request: acl 'st' uses 'status', which needs HTTP response headers, which do not exist in http-request rules");
        assertError(
                F + "  log-format \"%ci %[res.hdr(x)] %Tx\"\n",
                "t.cfg:8: 'log-format': unknown log-format variable '%Tx'");
    }

    @Test
    void wrongTypeUnknownMapAndBadRegex() {
        assertError(
                F + "  http-request set-header X %[always_true,ipmask(24)]\n",
                "t.cfg:8: 'http-request set-header': converter 'ipmask' cannot be applied: it takes addr but 'always_true' gives bool");
        assertError(
                F + "  use_backend %[req.hdr(host),lower,map(/nonexistent/hosts.map)]\n",
                "t.cfg:8: use_backend: converter 'map': cannot read map file '/nonexistent/hosts.map'");
        assertError(
                F + "  http-request replace-path ([a-z] /x\n",
                "t.cfg:8: 'http-request replace-path': invalid regex '([a-z]'");
        assertError(
                F + "  http-request deny if { path_reg ([a-z] }\n", "t.cfg:8: anonymous acl: invalid regex '([a-z]'");
        assertError(
                F + "  http-request deny if { src -f /nonexistent/block.lst }\n",
                "t.cfg:8: anonymous acl: cannot read pattern file '/nonexistent/block.lst'");
        assertError(
                F + "  http-request auth if !{ http_auth(nobody) }\n",
                "t.cfg:8: anonymous acl: fetch 'http_auth': no such userlist 'nobody'");
    }

    @Test
    void errorFilesAreCheckedAtConfigTime(@TempDir Path dir) throws Exception {
        assertError(
                F + "  errorfile 503 /nonexistent/503.http\n",
                "t.cfg:8: errorfile: cannot read '/nonexistent/503.http'");
        Path bad = dir.resolve("bad.http");
        Files.writeString(bad, "no status line\r\n\r\n");
        assertError(F + "  errorfile 503 " + bad + "\n", "t.cfg:8: errorfile '" + bad + "': not an HTTP response");
        assertError(F + "  errorfiles nope\n", "t.cfg:8: errorfiles: unknown http-errors section 'nope'");
        assertError(
                F + "  errorfile 99 /x\n", "t.cfg:8: 'errorfile' expects an HTTP status between 200 and 599, got 99");
    }

    @Test
    void aValidConfigurationHasNoError(@TempDir Path dir) throws Exception {
        Path map = dir.resolve("hosts.map");
        Files.writeString(map, "www.example.com be_www\n");
        Path block = dir.resolve("block.lst");
        Files.writeString(block, "203.0.113.0/24\n");
        String cfg = Rules.HEAD + "userlist admins\n  user bob insecure-password secret\n"
                + "frontend f\n  bind :80\n"
                + "  http-request set-header X-Forwarded-Proto https if { ssl_fc }\n"
                + "  http-request deny if { src -f " + block + " }\n"
                + "  http-request return status 200 content-type text/plain string ok if { path /healthz }\n"
                + "  http-request auth realm adm if { path_beg /admin } !{ http_auth(admins) }\n"
                + "  http-request set-var(txn.host) req.hdr(host),lower\n"
                + "  http-response set-header X-Host %[var(txn.host)]\n"
                + "  http-after-response set-header X-Served-By hapair\n"
                + "  use_backend %[req.hdr(host),lower,map(" + map + ",be_default)]\n"
                + "  default_backend be_default\n"
                + "backend be_www\n  server s 127.0.0.1:8080\nbackend be_default\n  server s 127.0.0.1:8081\n";
        assertEquals(List.of(), Rules.errors(cfg));
    }
}
