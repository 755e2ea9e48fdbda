package dev.hapair.proxy.stats;

import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.RequestInfo;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.config.StatsAuth;
import dev.hapair.proxy.config.StatsConfig;
import dev.hapair.proxy.h1.RequestHead;
import dev.hapair.proxy.http.HttpLocalService;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The stats page of one proxy section, its {@code monitor-uri} and the Prometheus {@code /metrics}
 * endpoint, answered by the proxy itself (HAProxy's {@code stats uri}, {@code stats auth},
 * {@code stats realm}, {@code stats refresh}, {@code stats admin}, {@code stats hide-version}).
 */
public final class StatsHttpService implements HttpLocalService {
    public static final String METRICS_PATH = "/metrics";
    static final String DEFAULT_REALM = "HAProxy Statistics";

    private final StatsConfig stats;
    private final Optional<String> monitorUri;
    private final boolean metrics;
    private final Predicate<RequestInfo> admin;
    private final StatsSnapshot snapshot;

    /**
     * @param stats      the section's stats settings (may be disabled: then only {@code monitor-uri} is served)
     * @param metrics    also serve {@code /metrics} (on a stats-enabled frontend)
     * @param admin      the compiled {@code stats admin if} condition (false when absent)
     */
    public StatsHttpService(
            StatsConfig stats,
            Optional<String> monitorUri,
            boolean metrics,
            Predicate<RequestInfo> admin,
            StatsSnapshot snapshot) {
        this.stats = stats;
        this.monitorUri = monitorUri;
        this.metrics = metrics && stats.enabled();
        this.admin = admin;
        this.snapshot = snapshot;
    }

    private static String path(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    @Override
    public FullHttpResponse serve(RequestHead request, RequestInfo info, ByteBufAllocator alloc) {
        return accepts(request) ? respond(request, info, new byte[0], alloc) : null;
    }

    /** The admin form is a POST: its body is needed. */
    @Override
    public BodyHandler bodyHandler(RequestHead request, RequestInfo info) {
        if (!"POST".equals(request.method()) || !accepts(request)) return null;
        return (body, alloc) -> respond(request, info, body, alloc);
    }

    /**
     * HAProxy 2.6's monitor-uri match: a monitor-uri starting with '/' is compared with the request's path (query
     * included, so {@code /health?x} is not it), from the path of an absolute-form target too; any monitor-uri
     * also matches a target written exactly as it is.
     */
    boolean isMonitorRequest(String uri) {
        if (monitorUri.isEmpty()) return false;
        String m = monitorUri.get();
        return m.equals(uri) || m.startsWith("/") && m.equals(dev.hapair.proxy.sample.Uris.capturedPath(uri));
    }

    boolean accepts(RequestHead head) {
        String uri = head.uri();
        if (isMonitorRequest(uri)) return true;
        if (!stats.enabled()) return false;
        if (metrics && path(uri).equals(METRICS_PATH)) return true;
        return uri.startsWith(stats.uri()); // prefix match, as HAProxy's stats uri
    }

    FullHttpResponse respond(RequestHead head, RequestInfo info, byte[] body, ByteBufAllocator alloc) {
        String uri = head.uri();
        if (isMonitorRequest(uri)) {
            return response(
                    alloc,
                    HttpResponseStatus.OK,
                    "text/html",
                    "<html><body><h1>200 OK</h1>\nService ready.\n</body></html>\n");
        }
        if (stats.requiresAuth() && !authorized(head)) return unauthorized(alloc);
        if (metrics && path(uri).equals(METRICS_PATH)) {
            return response(
                    alloc,
                    HttpResponseStatus.OK,
                    PrometheusRenderer.CONTENT_TYPE,
                    PrometheusRenderer.render(snapshot.rows(), snapshot.process(), InfoRenderer.values(snapshot, false))
                            + PrometheusRenderer.certificateExpiry(snapshot.frontends(), System.currentTimeMillis()));
        }
        StatsRequest req = StatsRequest.parse(uri.substring(stats.uri().length()));
        boolean isAdmin = admin.test(info);
        if ("POST".equals(head.method())) {
            String st = isAdmin ? applyForm(new String(body, StandardCharsets.UTF_8)) : "DENY";
            FullHttpResponse r = response(alloc, HttpResponseStatus.SEE_OTHER, "text/plain", "");
            r.headers()
                    .set(
                            HttpHeaderNames.LOCATION,
                            req.redirectAfterPost(
                                    stats.uri(), st, stats.refresh().isPresent()));
            return r;
        }
        List<StatsSnapshot.Proxy> shown = req.select(snapshot.proxies());
        return switch (req.format()) {
            case CSV -> response(alloc, HttpResponseStatus.OK, "text/plain", CsvRenderer.render(rows(shown)));
            case JSON -> response(alloc, HttpResponseStatus.OK, "application/json", JsonRenderer.render(rows(shown)));
            case HTML -> response(
                    alloc,
                    HttpResponseStatus.OK,
                    "text/html",
                    HtmlRenderer.render(
                            snapshot,
                            shown,
                            new HtmlRenderer.Options(
                                    stats.uri(),
                                    req.norefresh()
                                            ? 0
                                            : stats.refresh()
                                                    .map(d -> d.toSeconds())
                                                    .orElse(0L),
                                    isAdmin,
                                    stats.hideVersion(),
                                    req.status().map(StatsRequest::statusMessage))));
        };
    }

    private static List<StatRow> rows(List<StatsSnapshot.Proxy> proxies) {
        List<StatRow> out = new java.util.ArrayList<>();
        for (StatsSnapshot.Proxy p : proxies) out.addAll(p.rows());
        return out;
    }

    /**
     * Applies {@code s=SRV&s=SRV&action=ready|drain|maint&b=#IID|NAME} and returns HAProxy's status code: the
     * last {@code b} and {@code action} count (HAProxy reads the form from its end); an unknown backend or
     * action is ERRP; then NONE without servers (or without a backend and an action), ERRP when none of the
     * named servers exists, DONE when all were changed, else PART.
     */
    String applyForm(String form) {
        Map<String, List<String>> p = new QueryStringDecoder(form, StandardCharsets.UTF_8, false).parameters();
        String action = last(p, "action");
        String b = last(p, "b");
        List<String> servers = p.getOrDefault("s", List.of());
        ServerControl.State state = null;
        if (action != null) {
            state = ServerControl.State.parse(action);
            if (state == null) return "ERRP";
        }
        BackendRuntime backend = null;
        if (b != null) {
            backend = findBackend(b);
            if (backend == null) return "ERRP";
        }
        if (state == null || backend == null || servers.isEmpty()) return "NONE";
        int done = 0;
        for (String name : servers) {
            ServerRuntime s = backend.server(name);
            if (s == null) continue;
            ServerControl.setState(s, state);
            done++;
        }
        return done == servers.size() ? "DONE" : done == 0 ? "ERRP" : "PART";
    }

    private BackendRuntime findBackend(String b) {
        if (b.startsWith("#")) {
            for (StatsSnapshot.Proxy px : snapshot.proxies()) {
                if (("#" + px.iid()).equals(b)) return px.backend();
            }
            return null;
        }
        return snapshot.backends().get(b);
    }

    private static String last(Map<String, List<String>> p, String k) {
        List<String> v = p.get(k);
        return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
    }

    boolean authorized(RequestHead head) {
        String h = head.header("authorization");
        if (h == null || !h.regionMatches(true, 0, "Basic ", 0, 6)) return false;
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) return false;
        String user = decoded.substring(0, colon);
        byte[] pass = decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        for (StatsAuth a : stats.auths()) {
            // constant-time compare so the password cannot be probed byte by byte
            ok |= a.user().equals(user) & MessageDigest.isEqual(a.password().getBytes(StandardCharsets.UTF_8), pass);
        }
        return ok;
    }

    private FullHttpResponse unauthorized(ByteBufAllocator alloc) {
        return dev.hapair.proxy.http.ErrorPages.unauthorized(
                alloc, stats.realm().orElse(DEFAULT_REALM), false);
    }

    static FullHttpResponse response(ByteBufAllocator alloc, HttpResponseStatus status, String type, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, status, alloc.buffer(b.length).writeBytes(b));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, b.length);
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        return r;
    }
}
