package dev.hapair.proxy.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.backend.Acquisition;
import dev.hapair.proxy.backend.AdminFlag;
import dev.hapair.proxy.backend.RequestInfo;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.config.StatsLevel;
import dev.hapair.proxy.lb.LbAlgorithm;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every runtime API command against a live backend; routing is checked through the backend's own selector. */
class RuntimeApiTest {
    private final StatsFixture fx = new StatsFixture().traffic();
    private final RuntimeApi api = new RuntimeApi(fx.snapshot, fx.clock::get, null);
    private static final RequestInfo REQ =
            RequestInfo.tcp(new InetSocketAddress("127.0.0.1", 40000), new InetSocketAddress("127.0.0.1", 80));

    private String run(StatsLevel level, String line) {
        return api.execute(line, new CliSession(level, false, null));
    }

    /** Picks {@code n} servers (each connection released at once), sticky to {@code sticky} when given. */
    private Map<String, Integer> route(int n, ServerRuntime sticky) {
        Map<String, Integer> who = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Acquisition a = fx.web.acquire(REQ, sticky, null, null);
            if (a.server() == null) {
                who.merge("<none>", 1, Integer::sum);
                continue;
            }
            who.merge(a.server().name(), 1, Integer::sum);
            fx.web.release(a.server());
        }
        return who;
    }

    @Test
    void readCommandsWorkAtUserLevel() {
        String info = run(StatsLevel.USER, "show info");
        assertTrue(info.contains("Name: hapair-proxy\n"));
        assertTrue(info.contains("Pid: 4242\n"));
        assertTrue(info.contains("CurrConns: 7\n"));
        assertTrue(info.contains("\nTls_provider: "), "hapair's own field: the TLS provider, or none");
        assertTrue(info.endsWith("\n\n"), "each answer ends with an empty line");
        String stat = run(StatsLevel.USER, "show stat");
        assertEquals(StatsParsing.csv(stat).get("web/s1").get("stot"), "3");
        assertEquals("# name\nweb\n\n", run(StatsLevel.USER, "show backend"));
        String state = run(StatsLevel.USER, "show servers state web");
        assertTrue(state.startsWith("1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state"));
        assertTrue(state.contains("\n2 web 3 s3 127.0.0.1 0 1 1 1 "), state); // s3: stopped, forced MAINT
        assertTrue(state.contains("\n2 web 1 s1 127.0.0.1 2 0 1 1 "), state);
        assertEquals("1 (initial 1)\n\n", run(StatsLevel.USER, "get weight web/s1"));
        assertTrue(run(StatsLevel.USER, "help").contains("set server <bk>/<srv> state|weight"));
    }

    /** Fields 5..13 of a server's {@code show servers state} line: op, admin, weights, time, check status .. state. */
    private static List<String> stateFields(RuntimeApi api, String server) {
        String state = api.execute("show servers state web", new CliSession(StatsLevel.USER, false, null));
        for (String line : state.split("\n")) {
            String[] f = line.split(" ");
            if (f.length > 13 && f[3].equals(server)) {
                return List.of(f[5], f[6], f[7], f[8], f[10], f[11], f[12], f[13]);
            }
        }
        throw new AssertionError("no line for " + server);
    }

    /**
     * The numbers of show servers state as haproxy 2.6.12 prints them (observed with the same servers): the
     * check status is the HCHK_STATUS_* enum with its CHECKED and L57DATA placeholders (L4OK 6, L4CON 8, L7OK
     * 15), INI (1) before any run; the health field is the rise/fall counter, 0 in maintenance, where the
     * check state gains CHK_ST_PAUSED (8).
     */
    /** HAProxy 2.6's enum healthcheck_status, number by number (include/haproxy/check-t.h of v2.6.0). */
    @Test
    void checkStatusNumbersFollowHaproxysEnum() {
        List<String> names = List.of(
                "HANA",
                "SOCKERR",
                "L4OK",
                "L4TOUT",
                "L4CON",
                "L6OK",
                "L6TOUT",
                "L6RSP",
                "L7TOUT",
                "L7RSP",
                "L7OK",
                "L7OKC",
                "L7STS",
                "PROCERR",
                "PROCTOUT",
                "PROCOK");
        List<Integer> numbers = List.of(4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20);
        for (int i = 0; i < names.size(); i++) {
            assertEquals(numbers.get(i), CheckStates.stateFileCode(names.get(i)), names.get(i));
        }
        assertEquals(1, CheckStates.stateFileCode(""), "never ran: INI");
        assertEquals(0, CheckStates.stateFileCode("UNK"));
    }

    @Test
    void serversStateNumbersAreHaproxys() {
        StatsFixture five = new StatsFixture(5, LbAlgorithm.DEFAULT);
        RuntimeApi api = new RuntimeApi(five.snapshot, five.clock::get, null);
        ServerRuntime s1 = five.servers.get(0), s5 = five.servers.get(4);
        s1.checkResult(
                true,
                new dev.hapair.proxy.backend.LastCheck("L7OK", 200, 1, ""),
                "UP",
                new dev.hapair.proxy.backend.HealthCheckReport(true, false, 4, 2, 3, false, true));
        s5.checkResult(
                false,
                new dev.hapair.proxy.backend.LastCheck("L4CON", 0, 0, "Connection refused"),
                "DOWN",
                new dev.hapair.proxy.backend.HealthCheckReport(false, false, 0, 2, 3, false, true));
        assertEquals(List.of("2", "0", "1", "1", "15", "3", "4", "6"), stateFields(api, "s1"));
        assertEquals(List.of("0", "0", "1", "1", "8", "2", "0", "6"), stateFields(api, "s5"));
        assertEquals(List.of("2", "0", "1", "1", "1", "0", "2", "0"), stateFields(api, "s4"), "no check: INI, rise");
        s1.setAdmin(AdminFlag.MAINT, true);
        assertEquals(List.of("0", "1", "1", "1", "15", "3", "0", "14"), stateFields(api, "s1"));
        s1.pauseChecks(true);
        assertEquals(List.of("0", "1", "1", "1", "15", "3", "0", "10"), stateFields(api, "s1"));
        s1.pauseChecks(false);
        s1.setAdmin(AdminFlag.MAINT, false);
        // haproxy 2.6.12 restarts the counter at rise when maintenance ends (until the check it then runs at once)
        assertEquals(List.of("2", "0", "1", "1", "15", "3", "2", "6"), stateFields(api, "s1"));
    }

    @Test
    void showInfoAndStatInHaproxysTypedAndJsonFormats() {
        String typed = run(StatsLevel.USER, "show info typed");
        List<String> lines = typed.strip().lines().toList();
        assertEquals("0.Name.1:POS:str:hapair-proxy", lines.get(0));
        assertTrue(lines.contains("6.Pid.1:SGP:u32:4242"), typed);
        assertTrue(lines.contains("17.CurrConns.1:MGP:u32:7"), typed);
        int last = -1;
        for (String l : lines) {
            int pos = Integer.parseInt(l.substring(0, l.indexOf('.')));
            assertTrue(pos > last, "positions rise as in HAProxy: " + l);
            last = pos;
        }
        String json = run(StatsLevel.USER, "show info json");
        assertTrue(
                json.startsWith("[{\"field\":{\"pos\":0,\"name\":\"Name\"},\"processNum\":1,"
                        + "\"tags\":{\"origin\":\"Product\",\"nature\":\"Output\",\"scope\":\"Service\"},"
                        + "\"value\":{\"type\":\"str\",\"value\":\"hapair-proxy\"}}"),
                json);
        String stat = run(StatsLevel.USER, "show stat typed");
        assertTrue(stat.contains("S.2.1.0.pxname.1:KNS:str:web\n"), stat);
        assertTrue(stat.contains("S.2.1.7.stot.1:MCP:u64:3\n"), stat);
        assertTrue(stat.contains("S.2.1.17.status.1:SGP:str:"), stat);
        String statJson = run(StatsLevel.USER, "show stat json");
        assertTrue(
                statJson.contains(
                        "\"field\":{\"pos\":7,\"name\":\"stot\"},\"processNum\":1,\"tags\":"
                                + "{\"origin\":\"Metric\",\"nature\":\"Counter\",\"scope\":\"Process\"},\"value\":{\"type\":\"u64\""),
                statJson);
    }

    @Test
    void clearCountersShowErrorsAndServerAddressAndHealth() {
        String before = run(StatsLevel.ADMIN, "show stat");
        assertEquals("3", StatsParsing.csv(before).get("web/s1").get("stot"));
        assertEquals("", run(StatsLevel.OPERATOR, "clear counters").strip());
        assertEquals(
                "3",
                StatsParsing.csv(run(StatsLevel.ADMIN, "show stat"))
                        .get("web/s1")
                        .get("stot"),
                "clear counters keeps the totals");
        assertEquals("Permission denied\n\n", run(StatsLevel.OPERATOR, "clear counters all"));
        assertEquals("", run(StatsLevel.ADMIN, "clear counters all").strip());
        assertEquals(
                "0",
                StatsParsing.csv(run(StatsLevel.ADMIN, "show stat"))
                        .get("web/s1")
                        .get("stot"));

        assertTrue(run(StatsLevel.USER, "show errors").startsWith("Total events captured on ["));
        assertTrue(run(StatsLevel.USER, "show errors").contains("] : 0\n"));

        assertEquals(
                "IP changed from '127.0.0.1' to '127.0.0.2' by 'stats socket command'\n\n",
                run(StatsLevel.ADMIN, "set server web/s1 addr 127.0.0.2"));
        assertEquals("127.0.0.2", fx.server(1).connectAddress(0).getAddress().getHostAddress());
        assertEquals("", run(StatsLevel.ADMIN, "set server web/s1 health down").strip());
        assertFalse(fx.server(1).healthUp());
        assertEquals("", run(StatsLevel.ADMIN, "set server web/s1 health up").strip());
        assertTrue(fx.server(1).healthUp());
        assertEquals(
                "'set server <srv> health' expects 'up', 'stopping', or 'down'.\n\n",
                run(StatsLevel.ADMIN, "set server web/s1 health bogus"));
        assertEquals("No such server.\n\n", run(StatsLevel.ADMIN, "shutdown sessions server web/nope"));
        assertEquals("No such frontend.\n\n", run(StatsLevel.ADMIN, "disable frontend nope"));
        assertEquals("No such frontend.\n\n", run(StatsLevel.ADMIN, "set maxconn frontend nope 10"));
    }

    @Test
    void showErrorsDumpsTheRefusedBytesAsHaproxyDoes() {
        StringBuilder sb = new StringBuilder();
        AdminCommands.dump(
                sb, "GET /a\u0001b HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals("  00000  GET /a\\x01b HTTP/1.1\\r\\n\n  00019  Host: x\\r\\n\n  00028  \\r\\n\n", sb.toString());
    }

    @Test
    void levelsAreEnforcedWithHaproxysAnswer() {
        for (String cmd : List.of(
                "disable server web/s1",
                "enable server web/s3",
                "set server web/s1 state drain",
                "set weight web/s1 5",
                "set server web/s1 weight 5")) {
            assertEquals("Permission denied\n\n", run(StatsLevel.USER, cmd), cmd);
        }
        assertTrue(fx.server(1).adminFlags().isEmpty());
        assertEquals(1, fx.server(1).userWeight());
        assertEquals("Permission denied\n\n", run(StatsLevel.OPERATOR, "add server web/s9 127.0.0.1:9"));
        assertEquals("Permission denied\n\n", run(StatsLevel.OPERATOR, "del server web/s3"));
        assertNull(fx.web.server("s9"));
        assertNotNull(fx.web.server("s3"));
        assertEquals("\n", run(StatsLevel.OPERATOR, "set server web/s1 state drain"));
        assertTrue(fx.server(1).adminFlags().contains(AdminFlag.DRAIN));
    }

    @Test
    void drainedServerKeepsOnlyStickySessions() {
        assertEquals(Map.of("s1", 50, "s4", 50), route(100, null));
        run(StatsLevel.OPERATOR, "set server web/s1 state drain");
        assertEquals(Map.of("s4", 100), route(100, null));
        assertEquals(Map.of("s1", 10), route(10, fx.server(1)), "persisted clients still reach a drained server");
        run(StatsLevel.OPERATOR, "set server web/s1 state ready");
        assertEquals(Map.of("s1", 50, "s4", 50), route(100, null));
    }

    @Test
    void maintServerGetsNothingEvenSticky() {
        assertEquals("\n", run(StatsLevel.OPERATOR, "disable server web/s1"));
        assertEquals(Map.of("s4", 100), route(100, null));
        assertEquals(Map.of("s4", 10), route(10, fx.server(1)), "MAINT breaks persistence");
        run(StatsLevel.OPERATOR, "set server web/s4 state maint");
        assertEquals(Map.of("s2", 10), route(10, null), "only the backup is left");
        run(StatsLevel.OPERATOR, "enable server web/s1; enable server web/s4");
        assertEquals(Map.of("s1", 50, "s4", 50), route(100, null));
    }

    @Test
    void weightChangeShiftsTheShare() {
        assertEquals("\n", run(StatsLevel.OPERATOR, "set weight web/s1 3"));
        assertEquals("3 (initial 1)\n\n", run(StatsLevel.OPERATOR, "get weight web/s1"));
        assertEquals(Map.of("s1", 75, "s4", 25), route(100, null));
        assertEquals("\n", run(StatsLevel.OPERATOR, "set server web/s4 weight 300%"));
        assertEquals(3, fx.server(4).userWeight());
        assertEquals(Map.of("s1", 50, "s4", 50), route(100, null));
        assertEquals("\n", run(StatsLevel.OPERATOR, "set server web/s1 weight 0"));
        assertEquals(Map.of("s4", 100), route(100, null));
        assertEquals(
                "Absolute weight can only be between 0 and 256 inclusive.\n\n",
                run(StatsLevel.OPERATOR, "set weight web/s1 257"));
        assertEquals("Require <weight> or <weight%>.\n\n", run(StatsLevel.OPERATOR, "set weight web/s1 x"));
    }

    @Test
    void addAndDeleteServers() {
        assertEquals("New server registered.\n\n", run(StatsLevel.ADMIN, "add server web/s9 127.0.0.1:8009 weight 2"));
        ServerRuntime s9 = fx.web.server("s9");
        assertNotNull(s9);
        assertTrue(s9.adminFlags().contains(AdminFlag.MAINT), "a new server starts in maintenance");
        assertEquals(8009, s9.port());
        assertFalse(route(100, null).containsKey("s9"));
        run(StatsLevel.ADMIN, "enable server web/s9");
        assertEquals(Map.of("s1", 25, "s4", 25, "s9", 50), route(100, null));
        assertEquals(
                "Already exists a server with the same name in backend.\n\n",
                run(StatsLevel.ADMIN, "add server web/s9 127.0.0.1:1"));
        assertEquals(
                "Only servers in maintenance mode can be deleted.\n\n", run(StatsLevel.ADMIN, "del server web/s9"));
        Acquisition held = fx.web.acquire(REQ, s9, null, null);
        assertEquals(s9, held.server());
        run(StatsLevel.ADMIN, "disable server web/s9");
        assertEquals(
                "Server still has connections attached to it, cannot remove it.\n\n",
                run(StatsLevel.ADMIN, "del server web/s9"));
        fx.web.release(s9);
        assertEquals("Server deleted.\n\n", run(StatsLevel.ADMIN, "del server web/s9"));
        assertNull(fx.web.server("s9"));
        assertEquals(Map.of("s1", 50, "s4", 50), route(100, null));
        assertFalse(CsvRenderer.render(fx.snapshot.rows()).contains("web,s9,"));
    }

    @Test
    void addServerHandsItsTlsWordsToTheTlsSetupAndAcceptsUnixSockets() {
        List<String> seen = new java.util.ArrayList<>();
        List<String> events = new java.util.ArrayList<>();
        api.serverTls(new RuntimeApi.ServerTlsSetup() {
            @Override
            public int arity(String keyword) {
                return switch (keyword) {
                    case "ssl" -> 0;
                    case "crt", "verify" -> 1;
                    default -> -1;
                };
            }

            @Override
            public String configure(
                    dev.hapair.proxy.backend.BackendRuntime backend, ServerRuntime server, List<String> words) {
                seen.addAll(words);
                return words.contains("bad.pem") ? "unable to load certificate 'bad.pem'" : null;
            }

            @Override
            public void added(ServerRuntime server) {
                events.add("added " + server.name());
            }

            @Override
            public void removed(ServerRuntime server) {
                events.add("removed " + server.name());
            }
        });
        assertEquals(
                "New server registered.\n\n",
                run(StatsLevel.ADMIN, "add server web/s9 /run/app.sock ssl weight 3 verify none crt c.pem"));
        assertEquals(List.of("ssl", "verify", "none", "crt", "c.pem"), seen);
        ServerRuntime s9 = fx.web.server("s9");
        assertTrue(s9.isUnix());
        assertEquals(3, s9.options().weight(), "the other words are read as before");
        assertEquals(
                "unable to load certificate 'bad.pem'\n\n",
                run(StatsLevel.ADMIN, "add server web/s8 127.0.0.1:1 ssl crt bad.pem"));
        assertNull(fx.web.server("s8"), "a refused TLS setup adds nothing");
        assertEquals("'crt' expects a value.\n\n", run(StatsLevel.ADMIN, "add server web/s8 127.0.0.1:1 ssl crt"));
        run(StatsLevel.ADMIN, "disable server web/s9");
        assertEquals("Server deleted.\n\n", run(StatsLevel.ADMIN, "del server web/s9"));
        assertEquals(List.of("added s9", "removed s9"), events);
    }

    @Test
    void addServerRefusesTlsWordsWithoutATlsSetup() {
        assertEquals(
                "'ssl' is not supported by 'add server'.\n\n",
                run(StatsLevel.ADMIN, "add server web/s9 127.0.0.1:1 ssl"));
    }

    @Test
    void serversAreAddedOnlyToBackendsWithADynamicAlgorithm() {
        for (LbAlgorithm.Kind k : List.of(LbAlgorithm.Kind.STATIC_RR, LbAlgorithm.Kind.ROUNDROBIN)) {
            StatsFixture f = new StatsFixture(4, new LbAlgorithm(k, null, null));
            String answer = new RuntimeApi(f.snapshot, f.clock::get, null)
                    .execute("add server web/s9 127.0.0.1:8009", new CliSession(StatsLevel.ADMIN, false, null));
            assertEquals(
                    k == LbAlgorithm.Kind.STATIC_RR
                            ? "Backend must use a dynamic load balancing to support dynamic servers.\n\n"
                            : "New server registered.\n\n",
                    answer,
                    k.keyword());
            assertEquals(k != LbAlgorithm.Kind.STATIC_RR, f.web.server("s9") != null, k.keyword());
        }
    }

    @Test
    void fqdnCannotChangeWithoutResolvers() {
        assertEquals(
                "set server <b>/<s> fqdn failed because no resolution is configured.\n\n",
                run(StatsLevel.ADMIN, "set server web/s1 fqdn foo.fqdn"));
        assertEquals("127.0.0.1", fx.web.server("s1").host());
    }

    @Test
    void errorsAndSeveralCommandsPerLine() {
        assertEquals("No such backend.\n\n", run(StatsLevel.ADMIN, "get weight nope/s1"));
        assertEquals("No such server.\n\n", run(StatsLevel.ADMIN, "get weight web/nope"));
        assertEquals("Require 'backend/server'.\n\n", run(StatsLevel.ADMIN, "disable server web"));
        assertTrue(
                run(StatsLevel.ADMIN, "set server web/s1 state sleepy").startsWith("'set server <srv> state' expects"));
        assertTrue(run(StatsLevel.ADMIN, "bogus").startsWith("Unknown command: 'bogus'\nThe following commands"));
        assertEquals("# name\nweb\n\n1 (initial 1)\n\n", run(StatsLevel.USER, "show backend; get weight web/s1"));
    }

    @Test
    void promptModeDropsTheBlankLineAndQuitStops() {
        CliSession s = new CliSession(StatsLevel.USER, false, null);
        assertEquals("", api.execute("prompt", s));
        assertTrue(s.interactive());
        assertEquals("1 (initial 1)\n", api.execute("get weight web/s1", s));
        api.execute("quit; show info", s);
        assertTrue(s.quit());
    }

    @Test
    void registeredCommandsAreLevelChecked() {
        api.register("_getsocks", new CliCommand() {
            public StatsLevel level() {
                return StatsLevel.ADMIN;
            }

            public String help() {
                return null;
            }

            public String run(List<String> words, CliSession session) {
                return "ok " + session.exposeFdListeners() + "\n";
            }
        });
        assertEquals("Permission denied\n\n", run(StatsLevel.OPERATOR, "_getsocks"));
        assertEquals("ok true\n\n", api.execute("_getsocks", new CliSession(StatsLevel.ADMIN, true, null)));
    }
}
