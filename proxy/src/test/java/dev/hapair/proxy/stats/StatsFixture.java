package dev.hapair.proxy.stats;

import dev.hapair.proxy.backend.AdminFlag;
import dev.hapair.proxy.backend.BackendRouter;
import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.BackendSettings;
import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.backend.FrontendSettings;
import dev.hapair.proxy.backend.LastCheck;
import dev.hapair.proxy.backend.ServerOptions;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.backend.Timeouts;
import dev.hapair.proxy.lb.LbAlgorithm;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small live runtime for stats tests, on a fake clock: frontend {@code fe} routing to backend
 * {@code web} with s1 (checked, L7OK), s2 (backup), s3 (MAINT) and s4 (plain), plus traffic counted on them.
 */
final class StatsFixture {
    final AtomicLong clock = new AtomicLong(1_000_000);
    final List<ServerRuntime> servers = new ArrayList<>();
    final BackendRuntime web;
    final FrontendRuntime fe;
    final StatsSnapshot snapshot;

    StatsFixture() {
        this(4);
    }

    /** @param n servers (at least 4: the first four are the ones described above) */
    StatsFixture(int n) {
        this(n, LbAlgorithm.DEFAULT);
    }

    /** As {@link #StatsFixture(int)}, backend {@code web} balancing with {@code algorithm}. */
    StatsFixture(int n, LbAlgorithm algorithm) {
        for (int i = 1; i <= n; i++) {
            boolean check = i == 1 || i > 4;
            ServerOptions o = new ServerOptions(1, 0, 0, i == 2, "c" + i, check, false, 64, i);
            ServerRuntime s = new ServerRuntime("s" + i, "127.0.0.1", 8000 + i, o, clock::get);
            s.setResolved(InetAddress.getLoopbackAddress());
            servers.add(s);
        }
        web = new BackendRuntime("web", BackendSettings.http(Timeouts.NONE), servers, algorithm, false);
        fe = new FrontendRuntime(
                "fe",
                FrontendSettings.http(List.of(new InetSocketAddress(0)), Timeouts.NONE),
                BackendRouter.always(web),
                List.of());
        servers.get(0).checkResult(true, new LastCheck("L7OK", 200, 1, "HTTP status check returned code <200>"));
        servers.get(2).setAdmin(AdminFlag.MAINT, true);
        Map<String, BackendRuntime> backends = new LinkedHashMap<>();
        backends.put("web", web);
        ProcessInfo p = new ProcessInfo("hapair-proxy", "0.1.0", "2026/11/21", 4242, 0, 2, 1000, () -> 7, clock::get);
        snapshot = new StatsSnapshot(() -> List.of(fe), () -> backends, p, new SessionRates());
    }

    /** 3 sessions on s1 (one still open), 100 bytes in, 2000 out, two 2xx and one 4xx; the same on fe/web. */
    StatsFixture traffic() {
        var c = servers.get(0).counters();
        for (var x : List.of(c, web.counters(), fe.counters())) {
            x.sessionStarted();
            x.sessionStarted();
            x.sessionStarted();
            x.sessionEnded();
            x.sessionEnded();
            x.requestReceived();
            x.requestReceived();
            x.requestReceived();
            x.addBytesIn(100);
            x.addBytesOut(2000);
            x.response(200);
            x.response(204);
            x.response(404);
        }
        return this;
    }

    ServerRuntime server(int i) {
        return servers.get(i - 1);
    }
}
