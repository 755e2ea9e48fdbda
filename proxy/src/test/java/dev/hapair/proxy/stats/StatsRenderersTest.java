package dev.hapair.proxy.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.backend.AdminFlag;
import dev.hapair.proxy.backend.LastCheck;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatsRenderersTest {
    private final StatsFixture fx = new StatsFixture().traffic();

    @Test
    void csvRowsFollowTheHeaderAndCountTheTraffic() {
        String csv = CsvRenderer.render(fx.snapshot.rows());
        assertTrue(csv.startsWith(StatFieldTest.HAPROXY_HEADER + "\n"));
        Map<String, Map<String, String>> rows = StatsParsing.csv(csv);
        assertEquals(
                List.of("fe/FRONTEND", "web/s1", "web/s2", "web/s3", "web/s4", "web/BACKEND"),
                List.copyOf(rows.keySet()));
        Map<String, String> s1 = rows.get("web/s1");
        assertEquals("1", s1.get("scur"));
        assertEquals("3", s1.get("smax"));
        assertEquals("3", s1.get("stot"));
        assertEquals("100", s1.get("bin"));
        assertEquals("2000", s1.get("bout"));
        assertEquals("UP", s1.get("status"));
        assertEquals("L7OK", s1.get("check_status"));
        assertEquals("200", s1.get("check_code"));
        assertEquals("1", s1.get("check_duration"));
        assertEquals("2", s1.get("hrsp_2xx"));
        assertEquals("1", s1.get("hrsp_4xx"));
        assertEquals("2", s1.get("type"));
        assertEquals("1", s1.get("act"));
        assertEquals("0", s1.get("bck"));
        assertEquals("127.0.0.1:8001", s1.get("addr"));
        assertEquals("4242", s1.get("pid"));
        assertEquals("1", rows.get("web/s2").get("bck"));
        assertEquals("MAINT", rows.get("web/s3").get("status"));
        assertEquals("no check", rows.get("web/s4").get("status"));
        assertEquals("", rows.get("web/s4").get("check_status"));
        Map<String, String> be = rows.get("web/BACKEND");
        assertEquals("UP", be.get("status"));
        assertEquals("2", be.get("act")); // s1 and s4; s3 is in MAINT
        assertEquals("1", be.get("bck"));
        assertEquals("2", be.get("weight"));
        assertEquals("roundrobin", be.get("algo"));
        assertEquals("1", be.get("type"));
        Map<String, String> fe = rows.get("fe/FRONTEND");
        assertEquals("OPEN", fe.get("status"));
        assertEquals("0", fe.get("type"));
        assertEquals("3", fe.get("req_tot"));
        assertEquals("1000", fe.get("slim")); // global maxconn when the frontend sets none
        assertEquals("", fe.get("qcur"));
    }

    @Test
    void csvFollowsStateChanges() {
        fx.server(1).setAdmin(AdminFlag.DRAIN, true);
        fx.server(4).setHealth(false);
        fx.clock.addAndGet(5_000);
        Map<String, Map<String, String>> rows = StatsParsing.csv(CsvRenderer.render(fx.snapshot.rows()));
        assertEquals("DRAIN", rows.get("web/s1").get("status"));
        assertEquals("0", rows.get("web/s1").get("weight"));
        assertEquals("DOWN", rows.get("web/s4").get("status"));
        assertEquals("5", rows.get("web/s4").get("lastchg"));
        assertEquals("1", rows.get("web/s4").get("chkdown"));
    }

    @Test
    void jsonCarriesTheSameValuesAsCsv() {
        Map<String, Map<String, String>> csv = StatsParsing.csv(CsvRenderer.render(fx.snapshot.rows()));
        Map<String, Map<String, String>> json = StatsParsing.json(JsonRenderer.render(fx.snapshot.rows()));
        assertEquals(csv.keySet(), json.keySet());
        for (var e : csv.entrySet()) {
            for (var c : e.getValue().entrySet()) {
                if (c.getKey().equals("-")) continue; // the CSV's separator column, not a field
                String j = json.get(e.getKey()).get(c.getKey());
                if (c.getValue().isEmpty()) assertEquals(null, j, c.getKey());
                else assertEquals(c.getValue(), j, e.getKey() + " " + c.getKey());
            }
        }
    }

    @Test
    void prometheusUsesHaproxyExporterNames() {
        Map<String, Double> m =
                StatsParsing.prometheus(PrometheusRenderer.render(fx.snapshot.rows(), fx.snapshot.process()));
        assertEquals(1.0, m.get("haproxy_server_status[proxy=web, server=s3, state=MAINT]"));
        assertEquals(0.0, m.get("haproxy_server_status[proxy=web, server=s3, state=UP]"));
        assertEquals(1.0, m.get("haproxy_server_status[proxy=web, server=s1, state=UP]"));
        assertEquals(2.0, m.get("haproxy_backend_active_servers[proxy=web]"));
        assertEquals(1.0, m.get("haproxy_backend_backup_servers[proxy=web]"));
        assertEquals(1.0, m.get("haproxy_backend_up[proxy=web]"));
        assertEquals(0.0, m.get("haproxy_server_up[proxy=web, server=s3]"));
        assertEquals(1.0, m.get("haproxy_frontend_current_sessions[proxy=fe]"));
        assertEquals(1.0, m.get("haproxy_server_current_sessions[proxy=web, server=s1]"));
        assertEquals(3.0, m.get("haproxy_server_sessions_total[proxy=web, server=s1]"));
        assertEquals(100.0, m.get("haproxy_server_bytes_in_total[proxy=web, server=s1]"));
        assertEquals(2000.0, m.get("haproxy_frontend_bytes_out_total[proxy=fe]"));
        assertEquals(2.0, m.get("haproxy_server_http_responses_total[proxy=web, server=s1, code=2xx]"));
        assertEquals(1.0, m.get("haproxy_server_check_status[proxy=web, server=s1, state=L7OK]"));
        assertEquals(0.001, m.get("haproxy_server_check_duration_seconds[proxy=web, server=s1]"), 1e-9);
        assertEquals(200.0, m.get("haproxy_server_check_code[proxy=web, server=s1]"));
        assertEquals(7.0, m.get("haproxy_process_current_connections[]"));
        assertFalse(m.containsKey("haproxy_server_check_status[proxy=web, server=s4, state=L7OK]"), "s4 has no check");
        // HAProxy's empty fields are NaN (no fullconn), aggregated states count servers, a backend is DOWN or UP
        assertTrue(Double.isNaN(m.get("haproxy_backend_limit_sessions[proxy=web]")));
        assertEquals(1.0, m.get("haproxy_backend_agg_server_status[proxy=web, state=MAINT]"));
        assertEquals(1.0, m.get("haproxy_backend_agg_check_status[proxy=web, state=L7OK]"));
        assertFalse(m.containsKey("haproxy_backend_status[proxy=web, state=MAINT]"));
        assertEquals(0.0, m.get("haproxy_backend_client_aborts_total[proxy=web]"));
    }

    @Test
    void ratesAreSessionsPerSampledSecond() {
        SessionRates r = fx.snapshot.rates();
        var c = fx.fe.counters();
        r.sample(c, 0);
        for (int i = 0; i < 30; i++) c.sessionStarted();
        r.sample(c, 1000);
        assertEquals(30, r.rate(c));
        for (int i = 0; i < 5; i++) c.sessionStarted();
        r.sample(c, 2000);
        assertEquals(5, r.rate(c));
        assertEquals(30, r.max(c));
        assertEquals(
                "30",
                StatsParsing.csv(CsvRenderer.render(fx.snapshot.rows()))
                        .get("fe/FRONTEND")
                        .get("rate_max"));
    }

    @Test
    void htmlShowsStatesTimesChecksAndColours() {
        fx.server(4).setHealth(false);
        fx.clock.addAndGet(2_000);
        fx.server(1).checkResult(true, new LastCheck("L4CON", 0, 0, "Connection refused"));
        String html =
                HtmlRenderer.render(fx.snapshot, new HtmlRenderer.Options("/stats", 10, true, false, Optional.empty()));
        assertTrue(html.contains("<meta http-equiv=\"refresh\" content=\"10\">"));
        assertTrue(html.contains("2s DOWN"), "time in state then DOWN");
        assertTrue(html.contains(">2s MAINT<"));
        assertTrue(html.contains(">no check<") || html.contains("2s DOWN"));
        assertTrue(html.contains("L4CON in 0ms"));
        assertTrue(html.contains("class=\"active_going_down\""), "UP with a failed last check is going down");
        assertTrue(html.contains("class=\"maintain\""));
        assertTrue(html.contains("class=\"active_down\""));
        assertTrue(html.contains("class=\"backup_up\""));
        assertTrue(html.contains("name=\"s\" value=\"s1\""), "admin check boxes");
        assertTrue(html.contains("<option value=\"drain\">"));
        assertTrue(html.contains("version 0.1.0"));
        String hidden =
                HtmlRenderer.render(fx.snapshot, new HtmlRenderer.Options("/stats", 0, false, true, Optional.empty()));
        assertFalse(hidden.contains("version 0.1.0"));
        assertFalse(hidden.contains("http-equiv=\"refresh\""));
        assertFalse(hidden.contains("<form"), "no admin form without stats admin");
    }

    @Test
    void htmlEscapesNames() {
        assertEquals("&lt;b&gt;&amp;&quot;", HtmlRenderer.esc("<b>&\""));
    }

    @Test
    void pageAt200ServersStaysSmallAndFast() {
        StatsFixture big = new StatsFixture(200).traffic();
        HtmlRenderer.Options o = new HtmlRenderer.Options("/stats", 0, true, false, Optional.empty());
        for (int i = 0; i < 20; i++) HtmlRenderer.render(big.snapshot, o); // warm up
        long t0 = System.nanoTime();
        String html = "";
        for (int i = 0; i < 50; i++) html = HtmlRenderer.render(big.snapshot, o);
        long micros = (System.nanoTime() - t0) / 50 / 1000;
        String csv = CsvRenderer.render(big.snapshot.rows());
        System.out.printf(
                "stats page at 200 servers: %d bytes html, %d bytes csv, %d us per render%n",
                html.length(), csv.length(), micros);
        assertTrue(html.length() < 400_000, "page size " + html.length());
        assertEquals(200 + 2, StatsParsing.csv(csv).size());
        assertTrue(micros < 200_000, "render time " + micros + " us");
    }
}
