package dev.hapair.proxy.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.SideBySide;
import dev.hapair.testkit.Prerequisites;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runtime acl edits as an operator makes them, on hapair-proxy and the installed HAProxy side by side with the
 * same configuration: {@code http-request deny if { src -f blocklist }} and {@code path_beg} acls are changed
 * with {@code add/del/clear/prepare/commit acl} and the next requests are denied or served on both; every answer
 * of {@code show acl}, {@code get acl} and the edit commands is compared byte for byte, after the pattern entry
 * ids (HAProxy prints memory addresses) and each side's own config file name are masked, and HAProxy's two
 * internal httpclient acls are dropped from its list (README).
 */
class AclCommandsParityIT {

    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        Prerequisites.assumeCommands("haproxy", "socat");
    }

    private String config(String side, int port) {
        return String.join(
                "\n",
                "global",
                "    stats socket " + dir.resolve(side + ".sock") + " level admin",
                "defaults",
                "    mode http",
                "    timeout connect 1s",
                "    timeout client 5s",
                "    timeout server 5s",
                "frontend fe",
                "    bind 127.0.0.1:" + port,
                "    acl blocked src -f " + dir.resolve("blocklist"),
                "    acl private path_beg -f " + dir.resolve("paths.lst"),
                "    acl big hdr_cnt gt 30",
                "    acl old path_beg -i /old /legacy",
                "    http-request deny if blocked",
                "    http-request deny deny_status 404 if private || old || big",
                "    http-request deny deny_status 410 if { path -m str /gone } || { hdr(host) -m reg ^evil }",
                "    http-request deny deny_status 429 if { req.hdr(user-agent) -i -m str -f "
                        + dir.resolve("agents.acl") + " }",
                "    http-request return status 200 content-type text/plain string ok",
                "");
    }

    @Test
    void runtimeEditsDecideTheNextRequestsAndAnswerAsHaproxy() throws Exception {
        Files.writeString(dir.resolve("blocklist"), "# bad hosts\n192.0.2.1\n\n198.51.100.0/24\n");
        Files.writeString(dir.resolve("paths.lst"), "/admin\n/internal\n");
        Files.writeString(dir.resolve("agents.acl"), "badbot\n");
        Map<String, Integer> ports =
                Map.of(SideBySide.HAPAIR, SideBySide.freePort(), SideBySide.HAPROXY, SideBySide.freePort());
        try (SideBySide p = SideBySide.start(dir, side -> config(side, ports.get(side)))) {
            Sides s = new Sides(p, ports);
            s.expect(200, "/");
            s.expect(404, "/admin/x");
            s.expect(404, "/OLD/x");
            s.expect(410, "/gone");
            s.same("show acl");
            String list = p.cli(SideBySide.HAPAIR, "show acl");
            assertTrue(list.contains("(" + dir.resolve("blocklist") + ") pattern loaded from file"), list);
            s.same("show acl #0");
            s.same("show acl " + dir.resolve("blocklist"));
            s.same("show acl #4");
            s.same("get acl #0 198.51.100.7");
            s.same("get acl #0 127.0.0.1");
            s.same("get acl #2 /admin/users");
            s.same("get acl #4 4");
            s.same("get acl #5 /LEGACY/a");
            s.same("get acl #6 /gone");
            s.same("get acl #7 evil.example");

            // the loopback client is blocked by adding it, and served again once deleted
            s.same("add acl " + dir.resolve("blocklist") + " 127.0.0.1");
            s.expect(403, "/");
            s.same("show acl #0");
            s.same("get acl #0 127.0.0.1");
            s.same("del acl #0 127.0.0.1");
            s.expect(200, "/");
            s.same("del acl #0 127.0.0.1");

            // a path_beg acl's file set and a line's inline set
            s.same("add acl #2 /ops");
            s.same("add acl #5 /v1");
            s.expect(404, "/ops/x");
            s.expect(404, "/V1/x");
            s.same("clear acl #5");
            s.expect(200, "/V1/x");
            s.expect(200, "/old/x");
            s.same("add acl #6 /gone2");
            s.expect(410, "/gone2");

            // an atomic replacement: prepared entries do not match before the commit, the old ones go with it
            s.same("prepare acl #0");
            s.same("prepare acl #0");
            s.same("add acl @1 #0 127.0.0.1");
            s.same("add acl @9 #0 127.0.0.1");
            s.same("show acl @1 #0");
            s.same("show acl");
            s.expect(200, "/");
            s.same("commit acl @3 #0");
            s.same("commit acl @1 #0");
            s.expect(403, "/");
            s.same("show acl #0");
            s.same("get acl #0 192.0.2.1");
            s.same("prepare acl #0");
            s.same("commit acl @2 #0");
            s.expect(200, "/");

            // a backslash keeps a space (or ';') in the pattern, as reg-test http-rules/acl_cli_spaces does
            String agents = dir.resolve("agents.acl").toString();
            s.expect(200, "/", "Mon User Agent;");
            s.same("add acl " + agents + " Mon\\ User\\ Agent\\;");
            s.same("show acl " + agents);
            s.expect(429, "/", "MON USER AGENT;");
            s.same("del acl " + agents + " Mon\\ User\\ Agent\\;");
            s.expect(200, "/", "Mon User Agent;");

            // refusals
            s.same("add acl #0 notanip");
            s.same("add acl #99 1.2.3.4");
            s.same("add acl #0");
            s.same("show acl #99");
            s.same("get acl #0");
            s.same("del acl #99 x");
            s.same("del acl #0");
            s.same("clear acl");
            s.same("commit acl #0");
            s.same("prepare acl #99");
        }
    }

    /** Both proxies, compared. */
    private final class Sides {
        final SideBySide p;
        final Map<String, Integer> ports;
        final HttpClient http = HttpClient.newHttpClient();

        Sides(SideBySide p, Map<String, Integer> ports) {
            this.p = p;
            this.ports = ports;
        }

        void same(String command) throws Exception {
            String theirs = mask(SideBySide.HAPROXY, p.cli(SideBySide.HAPROXY, command));
            String ours = mask(SideBySide.HAPAIR, p.cli(SideBySide.HAPAIR, command));
            assertEquals(theirs, ours, command);
        }

        private String mask(String side, String answer) {
            return answer.lines()
                    .filter(l -> !l.contains("file 'httpclient'"))
                    .map(l -> l.replaceAll("^0x[0-9a-f]+ ", "0xID ")
                            .replace(dir.resolve(side + ".cfg").toString(), "X.cfg"))
                    .collect(Collectors.joining("\n"));
        }

        void expect(int status, String path) throws Exception {
            expect(status, path, "java");
        }

        void expect(int status, String path, String userAgent) throws Exception {
            for (String side : List.of(SideBySide.HAPROXY, SideBySide.HAPAIR)) {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(side) + path))
                                .header("User-Agent", userAgent)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(status, r.statusCode(), side + " " + path);
            }
        }
    }
}
