package dev.hapair.proxy.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.lb.LbAlgorithm;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Server state changes in HAProxy's words. The expected lines are haproxy 2.6.12's own output for the same
 * sequence (same backend, checks and runtime-API commands), with only the check durations chosen.
 */
class ServerEventsTest {
    private long now = 1000;
    private final List<ServerEventText.Line> lines = new ArrayList<>();

    private ServerRuntime server(String name, int id, boolean backup) {
        ServerOptions o = new ServerOptions(1, 0, 0, backup, null, true, false, 64, id);
        return new ServerRuntime(name, "127.0.0.1", 80, o, () -> now);
    }

    private static final LastCheck REFUSED = new LastCheck("L4CON", 0, 0, "Connection refused");
    private static final LastCheck HTTP_OK =
            new LastCheck("L7OK", 200, 5, "HTTP status check returned code <3C>200<3E>");

    private List<String> texts() {
        return lines.stream().map(ServerEventText.Line::text).toList();
    }

    @Test
    void checksGoingDownAndUpAsHaproxyLogsThem() {
        ServerRuntime s1 = server("s1", 1, false), s2 = server("s2", 2, false), s3 = server("s3", 3, true);
        BackendRuntime be = new BackendRuntime(
                "bk", BackendSettings.tcp(Timeouts.NONE), List.of(s1, s2, s3), LbAlgorithm.DEFAULT, false);
        be.setEventSink(lines::add);
        s1.checkResult(false, REFUSED);
        s2.checkResult(false, REFUSED);
        s3.checkResult(false, REFUSED);
        s3.checkResult(true, new LastCheck("L7OK", 200, 0, ""));
        s1.checkResult(true, HTTP_OK);
        assertEquals(
                List.of(
                        "Server bk/s1 is DOWN, reason: Layer4 connection problem, info: \"Connection refused\", check duration: 0ms."
                                + " 1 active and 1 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.",
                        "Server bk/s2 is DOWN, reason: Layer4 connection problem, info: \"Connection refused\", check duration: 0ms."
                                + " 0 active and 1 backup servers left. Running on backup. 0 sessions active, 0 requeued,"
                                + " 0 remaining in queue.",
                        "Backup Server bk/s3 is DOWN, reason: Layer4 connection problem, info: \"Connection refused\", check"
                                + " duration: 0ms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued,"
                                + " 0 remaining in queue.",
                        "backend bk has no server available!",
                        "Backup Server bk/s3 is UP, reason: Layer7 check passed, code: 200, check duration: 0ms. 0 active and"
                                + " 1 backup servers online. Running on backup. 0 sessions requeued, 0 total in queue.",
                        "Server bk/s1 is UP, reason: Layer7 check passed, code: 200, check duration: 5ms. 1 active and 1 backup"
                                + " servers online. 0 sessions requeued, 0 total in queue."),
                texts());
        assertEquals(
                List.of(1, 1, 1, 0, 5, 5),
                lines.stream().map(ServerEventText.Line::severity).toList(),
                "syslog severities: DOWN alert, no server emerg, UP notice");
    }

    /**
     * option log-health-checks: each reported run is logged at notice before the state change it causes, in
     * HAProxy 2.6's words (check.c's line: outcome, the check's reason, status as counter/threshold), and the
     * state-change lines then carry no reason.
     */
    @Test
    void logHealthChecksReportsEachRunBeforeTheStateChange() {
        ServerRuntime s1 = server("s1", 1, false), s2 = server("s2", 2, false), s3 = server("s3", 3, true);
        BackendRuntime be = new BackendRuntime(
                "bk", BackendSettings.tcp(Timeouts.NONE), List.of(s1, s2, s3), LbAlgorithm.DEFAULT, false);
        be.setEventSink(lines::add);
        for (ServerRuntime s : List.of(s1, s2, s3)) s.logHealthChecks(true);
        // rise 2, fall 3: started UP at rise (2), one failure takes it down
        s1.checkResult(false, REFUSED, "DOWN", new HealthCheckReport(false, false, 0, 2, 3, false, true));
        s1.checkResult(false, HTTP_OK, "DOWN 1/2", new HealthCheckReport(true, false, 1, 2, 3, false, true));
        s1.checkResult(true, HTTP_OK, "UP", new HealthCheckReport(true, false, 4, 2, 3, false, true));
        s1.checkResult(true, HTTP_OK, "UP", new HealthCheckReport(true, false, 4, 2, 3, false, false)); // moved nothing
        s2.checkResult(true, REFUSED, "UP 2/3", new HealthCheckReport(false, false, 3, 2, 3, false, true));
        s3.setWeight(0);
        s3.checkResult(
                true,
                new LastCheck("L7OKC", 404, 1, "Not Found"),
                "UP",
                new HealthCheckReport(true, true, 4, 2, 3, true, true));
        assertEquals(
                List.of(
                        "Health check for server bk/s1 failed, reason: Layer4 connection problem, info: \"Connection"
                                + " refused\", check duration: 0ms, status: 0/2 DOWN.",
                        "Server bk/s1 is DOWN. 1 active and 1 backup servers left. 0 sessions active, 0 requeued,"
                                + " 0 remaining in queue.",
                        "Health check for server bk/s1 succeeded, reason: Layer7 check passed, code: 200, check"
                                + " duration: 5ms, status: 1/2 DOWN.",
                        "Health check for server bk/s1 succeeded, reason: Layer7 check passed, code: 200, check"
                                + " duration: 5ms, status: 3/3 UP.",
                        "Server bk/s1 is UP. 2 active and 1 backup servers online. 0 sessions requeued, 0 total in queue.",
                        "Health check for server bk/s2 failed, reason: Layer4 connection problem, info: \"Connection"
                                + " refused\", check duration: 0ms, status: 2/3 UP.",
                        "Health check for backup server bk/s3 conditionally succeeded, reason: Layer7 check"
                                + " conditionally passed, code: 404, check duration: 1ms, status: 3/3 DRAIN.",
                        // disable-on-404: the conditional pass stops it, the reason was in the line before
                        "Backup Server bk/s3 is stopping. 2 active and 0 backup servers online. 0 sessions requeued,"
                                + " 0 total in queue."),
                texts());
        assertEquals(
                List.of(5, 1, 5, 5, 5, 5, 5, 5),
                lines.stream().map(ServerEventText.Line::severity).toList());
    }

    /**
     * http-check disable-on-404: a conditional pass puts an up server into the stopping state (weight 0, out of
     * balancing) and a full pass brings it back; haproxy 2.6.12's own lines for two servers doing the same.
     */
    @Test
    void aConditionalPassStopsTheServerAndAFullPassBringsItBack() {
        ServerRuntime s1 = server("s1", 1, false), s2 = server("s2", 2, false);
        BackendRuntime be = new BackendRuntime(
                "bk", BackendSettings.tcp(Timeouts.NONE), List.of(s1, s2), LbAlgorithm.DEFAULT, false);
        be.setEventSink(lines::add);
        LastCheck notFound = new LastCheck("L7OKC", 404, 0, "");
        LastCheck ok = new LastCheck("L7OK", 200, 0, "");
        s1.checkResult(true, notFound);
        assertEquals(0, s1.weight(), "stopping: out of balancing");
        assertTrue(s1.healthUp());
        s1.checkResult(true, notFound); // still stopping: nothing new
        s2.checkResult(true, notFound);
        s1.checkResult(true, ok);
        s2.checkResult(true, ok);
        assertEquals(1, s1.weight());
        assertEquals(
                List.of(
                        "Server bk/s1 is stopping, reason: Layer7 check conditionally passed, code: 404, check duration:"
                                + " 0ms. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.",
                        "Server bk/s2 is stopping, reason: Layer7 check conditionally passed, code: 404, check duration:"
                                + " 0ms. 0 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.",
                        "backend bk has no server available!",
                        "Server bk/s1 is UP, reason: Layer7 check passed, code: 200, check duration: 0ms. 1 active and 0"
                                + " backup servers online. 0 sessions requeued, 0 total in queue.",
                        "Server bk/s2 is UP, reason: Layer7 check passed, code: 200, check duration: 0ms. 2 active and 0"
                                + " backup servers online. 0 sessions requeued, 0 total in queue."),
                texts());
    }

    @Test
    void withoutTheOptionRunsAreNotReportedAndStateChangesKeepTheirReason() {
        ServerRuntime s1 = server("s1", 1, false);
        BackendRuntime be =
                new BackendRuntime("bk", BackendSettings.tcp(Timeouts.NONE), List.of(s1), LbAlgorithm.DEFAULT, false);
        be.setEventSink(lines::add);
        s1.checkResult(false, REFUSED, "DOWN", new HealthCheckReport(false, false, 0, 2, 3, false, true));
        assertEquals(
                List.of(
                        "Server bk/s1 is DOWN, reason: Layer4 connection problem, info: \"Connection refused\", check"
                                + " duration: 0ms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued,"
                                + " 0 remaining in queue.",
                        "backend bk has no server available!"),
                texts());
    }

    @Test
    void reportStatusIsTheCounterAgainstItsThreshold() {
        assertEquals("0/2 DOWN", new HealthCheckReport(false, false, 0, 2, 3, false, true).status());
        assertEquals("1/2 DOWN", new HealthCheckReport(true, false, 1, 2, 3, false, true).status());
        assertEquals("1/3 UP", new HealthCheckReport(false, false, 2, 2, 3, false, true).status());
        assertEquals("3/3 UP", new HealthCheckReport(true, false, 4, 2, 3, false, true).status());
        assertEquals("1/1 UP", new HealthCheckReport(true, false, 1, 1, 1, false, true).status());
        assertEquals("0/1 DOWN", new HealthCheckReport(false, false, 0, 1, 1, false, true).status());
        assertEquals("2/3 DRAIN", new HealthCheckReport(false, false, 3, 2, 3, true, true).status());
    }

    @Test
    void maintenanceAndDrainAsHaproxyLogsThem() {
        ServerRuntime s1 = server("s1", 1, false), s2 = server("s2", 2, false), s3 = server("s3", 3, true);
        BackendRuntime be = new BackendRuntime(
                "bk", BackendSettings.tcp(Timeouts.NONE), List.of(s1, s2, s3), LbAlgorithm.DEFAULT, false);
        s2.checkResult(false, REFUSED);
        s3.checkResult(false, REFUSED);
        be.setEventSink(lines::add);
        s1.setAdmin(AdminFlag.DRAIN, true); // set server bk/s1 state drain
        s1.setAdmin(AdminFlag.DRAIN, false); // set server bk/s1 state ready
        s2.setAdmin(AdminFlag.MAINT, true); // disable server bk/s2 (its checks have it down)
        s2.setAdmin(AdminFlag.MAINT, false); // enable server bk/s2
        s1.setAdmin(AdminFlag.MAINT, true); // set server bk/s1 state maint
        s1.setAdmin(AdminFlag.MAINT, false); // set server bk/s1 state ready
        assertEquals(
                List.of(
                        "Server bk/s1 enters drain state. 0 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.",
                        "backend bk has no server available!",
                        "Server bk/s1 is UP (leaving forced drain).",
                        "Server bk/s2 was DOWN and now enters maintenance.",
                        "Server bk/s2 is DOWN (leaving forced maintenance).",
                        "Server bk/s1 is going DOWN for maintenance. 0 active and 0 backup servers left. 0 sessions active,"
                                + " 0 requeued, 0 remaining in queue.",
                        "backend bk has no server available!",
                        "Server bk/s1 is UP/READY (leaving forced maintenance)."),
                texts());
    }

    @Test
    void checkVerdictsDuringMaintenanceAreNotReported() {
        ServerRuntime s1 = server("s1", 1, false);
        BackendRuntime be =
                new BackendRuntime("bk", BackendSettings.tcp(Timeouts.NONE), List.of(s1), LbAlgorithm.DEFAULT, false);
        s1.setAdmin(AdminFlag.MAINT, true);
        be.setEventSink(lines::add);
        s1.checkResult(false, REFUSED);
        assertEquals(List.of(), texts());
        s1.setAdmin(AdminFlag.MAINT, false);
        assertEquals(List.of("Server bk/s1 is DOWN (leaving forced maintenance)."), texts());
    }

    @Test
    void adminEventTable() {
        assertEquals(ServerEvent.Kind.MAINT_FROM_UP, ServerRuntime.adminEvent(false, true, false, false, true, true));
        assertEquals(
                ServerEvent.Kind.MAINT_FROM_DOWN, ServerRuntime.adminEvent(false, true, false, false, false, false));
        assertEquals(
                ServerEvent.Kind.MAINT_LEAVE_DRAIN, ServerRuntime.adminEvent(true, false, true, true, false, true));
        assertEquals(
                ServerEvent.Kind.MAINT_LEAVE_READY, ServerRuntime.adminEvent(true, false, false, false, false, true));
        assertEquals(
                ServerEvent.Kind.MAINT_LEAVE_DOWN, ServerRuntime.adminEvent(true, false, false, false, false, false));
        assertNull(ServerRuntime.adminEvent(true, true, false, true, false, true), "drain under maintenance: silent");
        assertNull(ServerRuntime.adminEvent(false, false, false, true, false, false), "drain of a down server: silent");
    }

    @Test
    void aRetiredBackendStopsReporting() {
        ServerRuntime s1 = server("s1", 1, false);
        BackendRuntime be =
                new BackendRuntime("bk", BackendSettings.tcp(Timeouts.NONE), List.of(s1), LbAlgorithm.DEFAULT, false);
        be.setEventSink(lines::add);
        s1.removeEventListener(be);
        s1.checkResult(false, REFUSED);
        assertEquals(List.of(), texts());
    }

    @Test
    void backendDowntimeGrowsOnlyWhileNoServerServes() {
        ServerRuntime s1 = server("s1", 1, false), s2 = server("s2", 2, false);
        BackendRuntime be = new BackendRuntime(
                "bk", BackendSettings.tcp(Timeouts.NONE), List.of(s1, s2), LbAlgorithm.DEFAULT, false);
        s1.setAdmin(AdminFlag.MAINT, true);
        now += 60_000;
        assertEquals(0, be.downtimeMillis(), "one server in maintenance, the other serving: the backend is up");
        s2.checkResult(false, REFUSED);
        now += 5_000;
        assertEquals(5_000, be.downtimeMillis());
        s2.checkResult(true, HTTP_OK);
        now += 30_000;
        assertEquals(5_000, be.downtimeMillis(), "stops growing once a server serves again");
    }
}
