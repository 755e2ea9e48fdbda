package dev.hapair.proxy.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.backend.Acquisition;
import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.LastCheck;
import dev.hapair.proxy.backend.PendingRequest;
import dev.hapair.proxy.backend.RequestInfo;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.backend.SessionTable;
import dev.hapair.proxy.config.StatsLevel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The server and session commands of the runtime API (answers as haproxy 2.6.12 gives them for the same
 * command): {@code set maxconn server}, {@code enable|disable health|agent}, {@code set server ... health
 * stopping|check-port|check-addr|addr ... port}, {@code show sess}, {@code shutdown session(s)}, {@code show
 * activity}.
 */
class RuntimeApiServerCommandsTest {
    private final StatsFixture fx = new StatsFixture().traffic();
    private final FakeChecks checks = new FakeChecks();
    private final RuntimeApi api = new RuntimeApi(fx.snapshot, fx.clock::get, checks);
    private final FakeSessions sessions = new FakeSessions();
    private static final RequestInfo REQ =
            RequestInfo.tcp(new InetSocketAddress("127.0.0.1", 40000), new InetSocketAddress("127.0.0.1", 80));

    RuntimeApiServerCommandsTest() {
        api.sessionTable(sessions);
    }

    private String run(String line) {
        return api.execute(line, new CliSession(StatsLevel.ADMIN, false, null));
    }

    /** What the health checks were told, in order. */
    static final class FakeChecks implements RuntimeApi.CheckStarter {
        final List<String> calls = new ArrayList<>();

        @Override
        public void start(BackendRuntime backend, ServerRuntime server) {}

        @Override
        public boolean pause(ServerRuntime server) {
            calls.add("pause " + server.name());
            return true;
        }

        @Override
        public boolean resume(ServerRuntime server) {
            calls.add("resume " + server.name());
            return true;
        }

        @Override
        public boolean retarget(ServerRuntime server, InetAddress address, int port, boolean followServer) {
            calls.add("retarget " + server.name() + " " + (address == null ? "-" : address.getHostAddress()) + " "
                    + port + (followServer ? " follow" : ""));
            return true;
        }
    }

    static final class FakeSessions implements SessionTable {
        final List<View> views = new ArrayList<>();
        final List<String> killed = new ArrayList<>();
        boolean cleared;

        @Override
        public List<View> list() {
            return views;
        }

        @Override
        public boolean kill(long id) {
            for (View v : views) {
                if (v.id() == id) {
                    killed.add("0x" + Long.toHexString(id));
                    return true;
                }
            }
            return false;
        }

        @Override
        public void killAttachedTo(ServerRuntime server) {
            for (View v : views) if (v.server() == server) killed.add("0x" + Long.toHexString(v.id()));
        }

        @Override
        public Activity activity() {
            return new Activity(2, new long[] {3, 4});
        }

        @Override
        public void clearActivity() {
            cleared = true;
        }
    }

    @Test
    void setMaxconnServerLimitsTheNextConnectionAndARaiseTakesTheQueue() {
        ServerRuntime s4 = fx.server(4);
        assertEquals("", run("set maxconn server web/s4 1").strip());
        assertEquals(1, s4.maxconn());
        assertTrue(StatsParsing.csv(run("show stat")).get("web/s4").get("slim").equals("1"));
        assertEquals("Require <maxconn>.\n\n", run("set maxconn server web/s4"));
        assertEquals("maxconn string empty or preceded by garbage\n", run("set maxconn server web/s4 x"));
        assertTrue(run("set maxconn server web/s4 -1").startsWith("maxconn must be 0"));
        assertEquals("No such server.\n\n", run("set maxconn server web/nope 3"));
        assertEquals(
                "Permission denied\n\n",
                api.execute("set maxconn server web/s4 3", new CliSession(StatsLevel.OPERATOR, false, null)));
        // every server full: a waiter queues; raising the limit hands it a slot at once
        for (ServerRuntime s : fx.web.servers()) if (s != s4) s.setMaxconn(0);
        fx.server(1).forceHealth(ServerRuntime.HealthForce.DOWN);
        Acquisition first = fx.web.acquire(REQ, null, null, null);
        assertEquals(s4, first.server());
        List<ServerRuntime> granted = new ArrayList<>();
        var loop = new io.netty.channel.embedded.EmbeddedChannel();
        PendingRequest waiter = new PendingRequest() {
            @Override
            public io.netty.channel.EventLoop eventLoop() {
                return loop.eventLoop();
            }

            @Override
            public void granted(ServerRuntime server) {
                granted.add(server);
            }
        };
        assertTrue(fx.web.acquire(REQ, null, null, waiter).queued());
        loop.runPendingTasks();
        assertEquals(List.of(), granted);
        assertEquals("", run("set maxconn server web/s4 2").strip());
        loop.runPendingTasks();
        assertEquals(List.of(s4), granted);
    }

    @Test
    void healthAndAgentAsHaproxyAnswersThem() {
        assertEquals("", run("disable health web/s1").strip());
        assertEquals("", run("enable health web/s1").strip());
        assertEquals(List.of("pause s1", "resume s1"), checks.calls);
        assertEquals("Health check was not configured on this server, cannot enable.\n\n", run("enable health web/s4"));
        assertEquals("", run("disable health web/s4").strip(), "HAProxy answers nothing here");
        assertEquals("Agent was not configured on this server, cannot enable.\n\n", run("enable agent web/s1"));
        assertEquals("", run("disable agent web/s1").strip());
        assertEquals("agent checks are not enabled on this server.\n\n", run("set server web/s1 agent up"));
        assertEquals("No such server.\n\n", run("disable health web/nope"));
    }

    @Test
    void disabledChecksShowNoCheckAndTheirVerdictsAreIgnored() {
        ServerRuntime s1 = fx.server(1);
        assertEquals("UP", s1.statusText());
        s1.pauseChecks(true);
        assertEquals("no check", s1.statusText());
        s1.checkResult(false, new LastCheck("L4CON", 0, 0, "Connection refused"), "DOWN");
        assertTrue(s1.healthUp(), "a verdict in flight when the checks stopped changes nothing");
        s1.pauseChecks(false);
        s1.checkResult(false, new LastCheck("L4CON", 0, 0, "Connection refused"), "DOWN");
        assertFalse(s1.healthUp());
    }

    @Test
    void healthStoppingIsNolbUntilACheckPasses() {
        ServerRuntime s1 = fx.server(1);
        List<String> lines = new ArrayList<>();
        fx.web.setEventSink(l -> lines.add(l.severity() + " " + l.text()));
        assertEquals("", run("set server web/s1 health stopping").strip());
        assertEquals("NOLB", s1.statusText());
        assertEquals(0, s1.weight(), "no load-balanced traffic");
        assertTrue(s1.usable(), "still reachable by persistence");
        assertEquals(
                "5 Server web/s1 is stopping, changed from CLI. 1 active and 1 backup servers online. 0 sessions"
                        + " requeued, 0 total in queue.",
                lines.get(0));
        s1.checkResult(true, new LastCheck("L4CON", 0, 0, "Connection refused"), "UP 2/3");
        assertEquals("NOLB", s1.statusText(), "a failed check that leaves it up keeps it stopping");
        s1.checkResult(true, new LastCheck("L4OK", 0, 1, ""), "UP");
        assertEquals("UP", s1.statusText());
        assertTrue(lines.get(1).startsWith("5 Server web/s1 is UP, reason: Layer4 check passed"), lines.get(1));
        run("set server web/s1 health down");
        assertTrue(lines.get(2).startsWith("1 Server web/s1 is DOWN, changed from CLI. "), lines.get(2));
    }

    @Test
    void checkPortCheckAddrAndAddrWithPort() {
        assertEquals("", run("set server web/s1 check-port 9000").strip());
        assertEquals("provided port is not an integer\n", run("set server web/s1 check-port x"));
        assertEquals("provided port is invalid\n", run("set server web/s1 check-port 70000"));
        assertEquals("health checks are not enabled on this server\n", run("set server web/s4 check-port 9"));
        assertEquals("", run("set server web/s1 check-addr 127.0.0.9 port 9001").strip());
        assertEquals("invalid addr 'zz'\n", run("set server web/s1 check-addr zz"));
        assertEquals(
                "no need to change the addr, port changed from '8001' to '8101' by 'stats socket command'\n\n",
                run("set server web/s1 addr 127.0.0.1 port 8101"));
        assertEquals(8101, fx.server(1).connectAddress(0).getPort());
        assertEquals(
                "IP changed from '127.0.0.1' to '127.0.0.2', no need to change the port by 'stats socket command'\n\n",
                run("set server web/s1 addr 127.0.0.2 port 8101"));
        assertEquals(
                "no need to change the addr, problem converting port 'x' to an int by 'stats socket command'\n\n",
                run("set server web/s1 addr 127.0.0.2 port x"));
        assertEquals(
                List.of(
                        "retarget s1 - 9000",
                        "retarget s1 127.0.0.9 9001",
                        "retarget s1 127.0.0.1 8101 follow",
                        "retarget s1 127.0.0.2 8101 follow",
                        "retarget s1 127.0.0.2 8101 follow"),
                checks.calls);
        assertTrue(run("set server web/s1 bogus").startsWith("usage: set server <backend>/<server> addr | agent"));
    }

    @Test
    void showSessListsConnectionsAndShutdownEndsThem() {
        var fe = fx.snapshot.frontends().get(0);
        ServerRuntime s1 = fx.server(1);
        long t0 = fx.clock.get();
        sessions.views.add(new SessionTable.View(
                0x1001,
                new InetSocketAddress("127.0.0.1", 40001),
                new InetSocketAddress("127.0.0.1", 80),
                fe,
                fx.web,
                s1,
                t0 - 65_000));
        sessions.views.add(new SessionTable.View(
                0x1002,
                new InetSocketAddress("::1", 40002),
                new InetSocketAddress("::1", 80),
                fe,
                null,
                null,
                t0 - 2_000));
        String all = run("show sess");
        assertEquals(
                "0x1001: proto=tcpv4 src=127.0.0.1:40001 fe=" + fe.name() + " be=web srv=s1 age=1m5s\n"
                        + "0x1002: proto=tcpv6 src=0:0:0:0:0:0:0:1:40002 fe=" + fe.name()
                        + " be=<NONE> srv=<none> age=2s\n\n",
                all);
        String one = run("show sess 0x1001");
        assertTrue(one.startsWith("0x1001: ["), one);
        assertTrue(one.contains("] id=4097 proto=tcpv4 source=127.0.0.1:40001\n"), one);
        assertTrue(one.contains("\n  backend=web (id="), one);
        assertTrue(one.contains("\n  server=s1 (id=1) addr=127.0.0.1:8001\n"), one);
        assertEquals("Session not found.\n\n", run("show sess 0x99"));
        assertEquals("Permission denied\n\n", api.execute("show sess", new CliSession(StatsLevel.USER, false, null)));
        assertEquals("Session pointer expected (use 'show sess').\n\n", run("shutdown session"));
        assertEquals("No such session (use 'show sess').\n\n", run("shutdown session 0x99"));
        assertEquals("", run("shutdown session 0x1002").strip());
        assertEquals("", run("shutdown sessions server web/s1").strip());
        assertEquals(List.of("0x1002", "0x1001"), sessions.killed);
        assertEquals("Require 'backend/server'.\n\n", run("shutdown sessions server web"));
    }

    @Test
    void showActivityHasTheCountersHapairKeeps() {
        String a = run("show activity");
        List<String> lines = a.strip().lines().toList();
        assertEquals("thread_id: 1 (1..2)", lines.get(0));
        assertTrue(lines.get(1).matches("date_now: \\d+\\.\\d{6}"), lines.get(1));
        assertEquals("pool_fail: 0 [ 0 0 ]", lines.get(2));
        assertEquals("accepted: 7 [ 3 4 ]", lines.get(3));
        run("clear counters");
        assertTrue(sessions.cleared);
    }
}
