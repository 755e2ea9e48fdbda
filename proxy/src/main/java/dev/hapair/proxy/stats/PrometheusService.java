package dev.hapair.proxy.stats;

import dev.hapair.proxy.backend.RequestInfo;
import dev.hapair.proxy.h1.RequestHead;
import dev.hapair.proxy.http.HttpLocalService;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * HAProxy's {@code prometheus-exporter} service, answered wherever {@code http-request use-service
 * prometheus-exporter} sends a request (any frontend, any path): the exporter's families for all proxies. Its
 * query arguments as HAProxy's: {@code scope=global|frontend|backend|server|*} (repeatable; an empty {@code
 * scope=} selects nothing, no {@code scope} everything) and {@code no-maint} (servers in maintenance left out).
 * HAProxy's {@code sticktable} scope selects nothing here: hapair has no stick tables.
 */
public final class PrometheusService implements HttpLocalService {
    private final StatsSnapshot snapshot;

    public PrometheusService(StatsSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    /** What the query string selects. */
    record Selection(boolean global, Set<StatScope> scopes, boolean noMaint) {
        static Selection parse(String uri) {
            var params = new QueryStringDecoder(uri).parameters();
            List<String> scopes = params.getOrDefault("scope", null);
            boolean noMaint = params.containsKey("no-maint");
            if (scopes == null) return new Selection(true, EnumSet.allOf(StatScope.class), noMaint);
            boolean global = false;
            Set<StatScope> s = EnumSet.noneOf(StatScope.class);
            for (String v : scopes) {
                switch (v) {
                    case "*" -> {
                        global = true;
                        s.addAll(EnumSet.allOf(StatScope.class));
                    }
                    case "global" -> global = true;
                    case "frontend" -> s.add(StatScope.FRONTEND);
                    case "backend" -> s.add(StatScope.BACKEND);
                    case "server" -> s.add(StatScope.SERVER);
                    default -> {
                        // "sticktable" (none here), "" (nothing) or an unknown scope: selects nothing
                    }
                }
            }
            return new Selection(global, s, noMaint);
        }
    }

    @Override
    public FullHttpResponse serve(RequestHead request, RequestInfo info, ByteBufAllocator alloc) {
        Selection sel = Selection.parse(request.uri());
        List<StatRow> rows = new ArrayList<>();
        for (StatRow r : snapshot.rows()) {
            if (sel.noMaint() && r.isServer() && r.state().startsWith("MAINT")) continue;
            rows.add(r);
        }
        String body = PrometheusRenderer.render(
                rows, snapshot.process(), InfoRenderer.values(snapshot, false), sel.global(), sel.scopes());
        return StatsHttpService.response(alloc, HttpResponseStatus.OK, PrometheusRenderer.CONTENT_TYPE, body);
    }
}
