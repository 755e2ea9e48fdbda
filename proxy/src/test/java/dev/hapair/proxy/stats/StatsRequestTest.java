package dev.hapair.proxy.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.backend.AdminFlag;
import dev.hapair.proxy.config.StatsConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The stats uri read as HAProxy 2.6 reads it (reg-test webstats-scope-and-post-change): options searched
 * anywhere after the prefix, {@code scope=} selecting proxies, the admin form's results and redirect.
 */
class StatsRequestTest {

    @Test
    void optionsAreFoundAnywhereAfterThePrefix() {
        StatsRequest r = StatsRequest.parse("?;csv;scope=b1");
        assertEquals(StatsRequest.Format.CSV, r.format());
        assertEquals(Optional.of("b1"), r.scope());
        assertEquals(Optional.of("web"), StatsRequest.parse("?scope=web&x;csv").scope());
        assertEquals(StatsRequest.Format.JSON, StatsRequest.parse(";json").format());
        assertEquals(StatsRequest.Format.HTML, StatsRequest.parse("").format());
        assertEquals(
                Optional.of("DONE"), StatsRequest.parse(";st=DONE?scope=b2").status());
        assertEquals(Optional.empty(), StatsRequest.parse(";st=DO").status(), "fewer than 4 characters");
        StatsRequest up = StatsRequest.parse(";up;norefresh;no-maint");
        assertTrue(up.hideDown() && up.norefresh() && up.hideMaint());
        assertEquals(Optional.empty(), StatsRequest.parse("?scope=a<b").scope(), "a bad character clears it");
        assertEquals(Optional.empty(), StatsRequest.parse("?scope=").scope());
        assertEquals(
                "abcdefghijklmnopqrst",
                StatsRequest.parse("?scope=abcdefghijklmnopqrstuvwxyz").scope().get());
    }

    @Test
    void scopeSelectsProxiesByNameAndUpHidesServersOutOfTraffic() {
        StatsFixture f = new StatsFixture();
        List<StatsSnapshot.Proxy> all = f.snapshot.proxies();
        assertEquals(List.of("fe", "web"), names(StatsRequest.parse("").select(all)));
        assertEquals(List.of("web"), names(StatsRequest.parse("?;csv;scope=WE").select(all)), "substring, any case");
        assertEquals(List.of(), names(StatsRequest.parse("?scope=zz").select(all)));
        List<StatRow> up = StatsRequest.parse(";up;scope=web").rows(all);
        assertTrue(up.stream().noneMatch(r -> r.isServer() && r.service().equals("s3")), "s3 is in MAINT");
        assertTrue(up.stream().anyMatch(r -> r.service().equals("BACKEND")));
        assertEquals(5, StatsRequest.parse("?scope=web").rows(all).size(), "4 servers and the backend");
    }

    /** HAProxy 2.6's monitor-uri match (reg-tests/checks/http-monitor-uri.vtc plus the query case). */
    @Test
    void monitorUriMatchesThePathOfAnyTargetFormQueryIncluded() {
        StatsFixture f = new StatsFixture();
        StatsHttpService path =
                new StatsHttpService(StatsConfig.disabled(), Optional.of("/health"), false, i -> false, f.snapshot);
        assertTrue(path.isMonitorRequest("/health"));
        assertTrue(path.isMonitorRequest("http://www.haproxy.org/health"), "an absolute target's path");
        assertFalse(path.isMonitorRequest("/hEAlth"), "case matters");
        assertFalse(path.isMonitorRequest("/health?x=1"), "the path is compared with its query");
        assertFalse(path.isMonitorRequest("/health/"));
        assertFalse(path.isMonitorRequest("*"));
        StatsHttpService absolute = new StatsHttpService(
                StatsConfig.disabled(), Optional.of("http://www.haproxy.org/health"), false, i -> false, f.snapshot);
        assertTrue(absolute.isMonitorRequest("http://www.haproxy.org/health"));
        assertFalse(absolute.isMonitorRequest("/health"), "not a path: the whole target must be written so");
    }

    @Test
    void adminFormResultsAndRedirect() {
        StatsFixture f = new StatsFixture();
        StatsHttpService svc =
                new StatsHttpService(StatsConfig.disabled(), Optional.empty(), false, i -> true, f.snapshot);
        int web = f.snapshot.proxies().get(1).iid();
        assertEquals("DONE", svc.applyForm("s=s1&s=s2&action=maint&b=%23" + web));
        assertTrue(f.servers.get(1).adminFlags().contains(AdminFlag.MAINT));
        assertEquals("PART", svc.applyForm("s=s1&s=nope&action=drain&b=web"));
        assertTrue(f.servers.get(0).adminFlags().contains(AdminFlag.DRAIN));
        assertFalse(f.servers.get(0).adminFlags().contains(AdminFlag.MAINT), "drain leaves maintenance");
        assertEquals("ERRP", svc.applyForm("s=nope&action=ready&b=web"), "no named server exists");
        assertEquals("ERRP", svc.applyForm("s=s1&action=explode&b=web"));
        assertEquals("ERRP", svc.applyForm("s=s1&action=ready&b=nope"));
        assertEquals("NONE", svc.applyForm("action=ready&b=web"));
        assertEquals("NONE", svc.applyForm("s=s1&b=web"), "no action: nothing is done");
        assertEquals("DONE", svc.applyForm("s=s1&action=maint&b=nope&b=web&action=ready"), "the last ones count");
        assertTrue(f.servers.get(0).adminFlags().isEmpty());

        assertEquals("/;st=DONE?scope=b2", StatsRequest.parse("?scope=b2").redirectAfterPost("/", "DONE", true));
        assertEquals(
                "/s;st=PART;up;norefresh", StatsRequest.parse(";up;norefresh").redirectAfterPost("/s", "PART", true));
        assertEquals("/s;st=PART", StatsRequest.parse(";norefresh").redirectAfterPost("/s", "PART", false));
    }

    @Test
    void aStatsSocketShiftsProxyIdsAsHaproxysGlobalProxyDoes() {
        StatsFixture f = new StatsFixture();
        assertEquals(1, f.snapshot.proxies().get(0).iid());
        f.snapshot.firstIid(2);
        assertEquals(
                List.of(2, 3),
                f.snapshot.proxies().stream().map(StatsSnapshot.Proxy::iid).toList());
    }

    private static List<String> names(List<StatsSnapshot.Proxy> p) {
        return p.stream().map(StatsSnapshot.Proxy::name).toList();
    }
}
