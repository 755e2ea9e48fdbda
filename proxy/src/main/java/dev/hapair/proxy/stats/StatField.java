package dev.hapair.proxy.stats;

import static dev.hapair.proxy.stats.StatMetric.B;
import static dev.hapair.proxy.stats.StatMetric.BS;
import static dev.hapair.proxy.stats.StatMetric.F;
import static dev.hapair.proxy.stats.StatMetric.FB;
import static dev.hapair.proxy.stats.StatMetric.FBS;
import static dev.hapair.proxy.stats.StatMetric.S;

import dev.hapair.proxy.backend.CheckDescriptions;
import dev.hapair.proxy.backend.H2Counters;
import dev.hapair.proxy.backend.ResponseTimes;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Every stats column, declared once, in HAProxy 2.6's CSV order (the {@code show stat} / {@code ;csv} header:
 * its 103 own columns, the {@code -} separator, then the ssl, h2 and h1 modules' columns, so scripts that index
 * columns by position keep working). Each field says how it is
 * read from a {@link StatRow} ({@code null} = empty cell, as HAProxy leaves fields that do not apply) and,
 * when the HAProxy Prometheus exporter has it, its metric. The CSV, JSON, Prometheus and HTML renderers
 * all read this table.
 */
public enum StatField {
    PXNAME(Kind.KEY, StatRow::proxy),
    SVNAME(Kind.KEY, StatRow::service),
    QCUR(
            Kind.GAUGE,
            r -> r.isFrontend() ? null : r.queueCurrent(),
            StatMetric.gauge("current_queue", BS, "Number of current queued connections.")),
    QMAX(
            Kind.GAUGE,
            r -> r.isFrontend() ? null : r.queueMax(),
            StatMetric.gauge(
                    "max_queue", BS, "Highest value of queued connections encountered since process started.")),
    SCUR(
            Kind.GAUGE,
            r -> r.counters().currentSessions(),
            StatMetric.gauge(
                    "current_sessions", FBS, "Number of current sessions on the frontend, backend or server.")),
    SMAX(
            Kind.GAUGE,
            r -> r.counters().maxSessions(),
            StatMetric.gauge(
                    "max_sessions", FBS, "Highest value of current sessions encountered since process started.")),
    SLIM(
            Kind.GAUGE,
            r -> r.sessionLimit() > 0 ? r.sessionLimit() : null,
            // hapair has no fullconn (refused in the configuration) and no limit by default: NaN as HAProxy's empty
            StatMetric.gauge("limit_sessions", FBS, "Frontend/listener/server's maxconn, backend's fullconn.")),
    STOT(
            Kind.COUNTER,
            r -> r.counters().totalSessions(),
            StatMetric.counter("sessions_total", FBS, "Total number of sessions since process started.")),
    BIN(
            Kind.COUNTER,
            r -> r.counters().bytesIn(),
            StatMetric.counter("bytes_in_total", FBS, "Total number of request bytes since process started.")),
    BOUT(
            Kind.COUNTER,
            r -> r.counters().bytesOut(),
            StatMetric.counter("bytes_out_total", FBS, "Total number of response bytes since process started.")),
    DREQ(
            Kind.COUNTER,
            r -> r.isServer() ? null : r.counters().deniedRequests(),
            StatMetric.counter("requests_denied_total", FB, "Total number of denied requests since process started.")),
    DRESP(
            Kind.COUNTER,
            r -> 0L,
            StatMetric.counter(
                    "responses_denied_total", FBS, "Total number of denied responses since process started.")),
    EREQ(
            Kind.COUNTER,
            r -> r.isFrontend() ? r.counters().requestErrors() : null,
            StatMetric.counter("request_errors_total", F, "Total number of invalid requests since process started.")),
    ECON(
            Kind.COUNTER,
            r -> r.isFrontend() ? null : r.counters().connectionErrors(),
            StatMetric.counter(
                    "connection_errors_total",
                    BS,
                    "Total number of failed connections to server since the worker process started.")),
    ERESP(
            Kind.COUNTER,
            r -> r.isFrontend() ? null : r.counters().responseErrors(),
            StatMetric.counter(
                    "response_errors_total",
                    BS,
                    "Total number of invalid responses since the worker process started.")),
    WRETR(
            Kind.COUNTER,
            r -> r.isFrontend() ? null : r.counters().retries(),
            StatMetric.counter(
                    "retry_warnings_total",
                    BS,
                    "Total number of server connection retries since the worker process started.")),
    WREDIS(
            Kind.COUNTER,
            r -> r.isFrontend() ? null : r.counters().redispatches(),
            StatMetric.counter(
                    "redispatch_warnings_total",
                    BS,
                    "Total number of server redispatches due to connection failures since the worker process started.")),
    STATUS(
            Kind.TEXT,
            StatRow::status,
            StatMetric.states(
                    "status", FBS, "Current status of the service, per state label value.", CheckStates.SERVER),
            StatMetric.gauge("up", BS, "1 when the backend or server can take traffic (haproxy_exporter compatible).")
                    .valued(r -> r.isServer() ? (r.server().usable() ? 1 : 0) : (r.backendUp() ? 1 : 0))),
    WEIGHT(Kind.GAUGE, r -> r.isFrontend() ? null : r.weight(), StatMetric.gauge("weight", BS, "Service weight.")),
    ACT(
            Kind.GAUGE,
            r -> r.isFrontend() ? null : r.activeUp(),
            StatMetric.gauge("active_servers", B, "Current number of active servers.")),
    BCK(
            Kind.GAUGE,
            r -> r.isFrontend() ? null : r.backupUp(),
            StatMetric.gauge("backup_servers", B, "Current number of backup servers.")),
    CHKFAIL(
            Kind.COUNTER,
            r -> r.isServer() && r.checked() ? r.server().checkFailures() : null,
            StatMetric.counter(
                    "check_failures_total",
                    S,
                    "Total number of failed individual health checks per server/backend, since the worker process started")),
    CHKDOWN(
            Kind.COUNTER,
            r -> r.isFrontend() ? null : r.downTransitions(),
            StatMetric.counter(
                    "check_up_down_total",
                    BS,
                    "Total number of failed checks causing UP to DOWN server transitions, per server/backend, since the worker process started.")),
    LASTCHG(
            Kind.GAUGE,
            r -> r.isFrontend() ? null : r.lastChangeSeconds(),
            StatMetric.gauge(
                    "check_last_change_seconds", BS, "How long ago the last server state changed, in seconds.")),
    DOWNTIME(
            Kind.COUNTER,
            r -> r.isFrontend() || (r.isServer() && !r.checked()) ? null : r.downtimeSeconds(),
            StatMetric.counter("downtime_seconds_total", BS, "Total downtime (in seconds) for the service.")),
    QLIMIT(
            Kind.GAUGE,
            r -> r.isServer() && r.server().options().maxqueue() > 0
                    ? r.server().options().maxqueue()
                    : null,
            StatMetric.gauge("queue_limit", S, "Configured maxqueue for the server (0 meaning no limit).")),
    PID(Kind.KEY, r -> r.process().pid()),
    IID(Kind.KEY, StatRow::iid),
    SID(Kind.KEY, StatRow::sid),
    // no slowstart (refused in the configuration): never throttling, empty as HAProxy's for a server not in slowstart
    THROTTLE(
            Kind.GAUGE,
            r -> null,
            StatMetric.gauge(
                    "current_throttle", S, "Current throttle percentage for the server, when slowstart is active.")),
    LBTOT(
            Kind.COUNTER,
            r -> r.isFrontend() ? null : r.counters().totalSessions(),
            StatMetric.counter(
                    "loadbalanced_total",
                    BS,
                    "Total number of times a service was selected, either for new sessions, or when redispatching.")),
    TRACKED(Kind.TEXT, r -> null),
    TYPE(Kind.KEY, r -> r.scope().type()),
    RATE(
            Kind.GAUGE,
            StatRow::rate,
            StatMetric.gauge(
                    "current_session_rate", FBS, "Current number of sessions per second over last elapsed second.")),
    // rate-limit sessions is refused in the configuration: no limit, which HAProxy prints as 0
    RATE_LIM(
            Kind.GAUGE,
            r -> r.isFrontend() ? 0 : null,
            StatMetric.gauge("limit_session_rate", F, "Configured limit on new sessions per second.")),
    RATE_MAX(
            Kind.GAUGE,
            StatRow::rateMax,
            StatMetric.gauge("max_session_rate", FBS, "Maximum observed number of sessions per second.")),
    CHECK_STATUS(
            Kind.TEXT,
            r -> r.checked() && !r.lastCheck().status().isEmpty()
                    ? r.lastCheck().status()
                    : null,
            StatMetric.states(
                    "check_status", S, "Status of last health check, per state label value.", CheckStates.ALL)),
    CHECK_CODE(
            Kind.GAUGE,
            r -> r.checked() && r.lastCheck().code() > 0 ? r.lastCheck().code() : null,
            StatMetric.gauge("check_code", S, "layer5-7 code, if available of the last health check.")
                    .skippedWhenEmpty()),
    CHECK_DURATION(
            Kind.GAUGE,
            r -> r.checked() && !r.lastCheck().status().isEmpty()
                    ? r.lastCheck().durationMillis()
                    : null,
            StatMetric.gauge(
                            "check_duration_seconds",
                            S,
                            "Total duration of the latest server health check, in seconds.")
                    .valued(r -> r.lastCheck().durationMillis() / 1000.0)
                    .skippedWhenEmpty()),
    HRSP_1XX(Kind.COUNTER, r -> r.http() ? r.counters().responses(1) : null, responses("1xx")),
    HRSP_2XX(Kind.COUNTER, r -> r.http() ? r.counters().responses(2) : null, responses("2xx")),
    HRSP_3XX(Kind.COUNTER, r -> r.http() ? r.counters().responses(3) : null, responses("3xx")),
    HRSP_4XX(Kind.COUNTER, r -> r.http() ? r.counters().responses(4) : null, responses("4xx")),
    HRSP_5XX(Kind.COUNTER, r -> r.http() ? r.counters().responses(5) : null, responses("5xx")),
    HRSP_OTHER(Kind.COUNTER, r -> r.http() ? r.counters().responses(0) : null, responses("other")),
    HANAFAIL(Kind.COUNTER, r -> null),
    REQ_RATE(
            Kind.GAUGE,
            r -> r.isFrontend() && r.http() ? r.rate() : null,
            StatMetric.gauge(
                            "http_requests_rate_current",
                            F,
                            "Current number of HTTP requests per second over last elapsed second.")
                    .skippedWhenEmpty()),
    REQ_RATE_MAX(
            Kind.GAUGE,
            r -> r.isFrontend() && r.http() ? r.rateMax() : null,
            StatMetric.gauge("http_requests_rate_max", F, "Maximum observed number of HTTP requests per second.")
                    .skippedWhenEmpty()),
    REQ_TOT(
            Kind.COUNTER,
            r -> !r.http() || r.isServer()
                    ? null
                    : r.isFrontend() ? r.counters().requests() : r.counters().totalSessions(),
            StatMetric.counter("http_requests_total", FB, "Total number of HTTP requests received.")
                    .skippedWhenEmpty()),
    CLI_ABRT(
            Kind.COUNTER,
            r -> r.isFrontend() ? null : r.counters().clientAborts(),
            StatMetric.counter(
                    "client_aborts_total",
                    BS,
                    "Total number of requests or connections aborted by the client since the worker process started")),
    SRV_ABRT(
            Kind.COUNTER,
            r -> r.isFrontend() ? null : r.counters().serverAborts(),
            StatMetric.counter(
                    "server_aborts_total",
                    BS,
                    "Total number of requests or connections aborted by the server since the worker process started")),
    COMP_IN(Kind.COUNTER, r -> null),
    COMP_OUT(Kind.COUNTER, r -> null),
    COMP_BYP(Kind.COUNTER, r -> null),
    COMP_RSP(Kind.COUNTER, r -> null),
    LASTSESS(
            Kind.GAUGE,
            r -> r.isFrontend() ? null : r.lastSessionSeconds(),
            StatMetric.gauge(
                    "last_session_seconds",
                    BS,
                    "How long ago some traffic was seen on this object on this worker process, in seconds")),
    LAST_CHK(Kind.TEXT, r -> r.checked() ? r.lastCheck().info() : null),
    LAST_AGT(Kind.TEXT, r -> null),
    QTIME(
            Kind.GAUGE,
            r -> r.timed() ? r.counters().times().average(ResponseTimes.Kind.QUEUE) : null,
            timeAverage(
                    "queue_time_average_seconds",
                    "Avg. queue time for last 1024 successful connections.",
                    ResponseTimes.Kind.QUEUE)),
    CTIME(
            Kind.GAUGE,
            r -> r.timed() ? r.counters().times().average(ResponseTimes.Kind.CONNECT) : null,
            timeAverage(
                    "connect_time_average_seconds",
                    "Avg. connect time for last 1024 successful connections.",
                    ResponseTimes.Kind.CONNECT)),
    RTIME(
            Kind.GAUGE,
            r -> r.timed() ? r.counters().times().average(ResponseTimes.Kind.RESPONSE) : null,
            timeAverage(
                    "response_time_average_seconds",
                    "Avg. response time for last 1024 successful connections.",
                    ResponseTimes.Kind.RESPONSE)),
    TTIME(
            Kind.GAUGE,
            r -> r.timed() ? r.counters().times().average(ResponseTimes.Kind.TOTAL) : null,
            timeAverage(
                    "total_time_average_seconds",
                    "Avg. total time for last 1024 successful connections.",
                    ResponseTimes.Kind.TOTAL)),
    AGENT_STATUS(Kind.TEXT, r -> null),
    AGENT_CODE(Kind.GAUGE, r -> null),
    AGENT_DURATION(Kind.GAUGE, r -> null),
    CHECK_DESC(
            Kind.TEXT,
            r -> r.checked() && !r.lastCheck().status().isEmpty()
                    ? CheckDescriptions.of(r.lastCheck().status())
                    : null),
    AGENT_DESC(Kind.TEXT, r -> null),
    CHECK_RISE(Kind.GAUGE, r -> null),
    CHECK_FALL(Kind.GAUGE, r -> null),
    CHECK_HEALTH(Kind.GAUGE, r -> null),
    AGENT_RISE(Kind.GAUGE, r -> null),
    AGENT_FALL(Kind.GAUGE, r -> null),
    AGENT_HEALTH(Kind.GAUGE, r -> null),
    ADDR(Kind.TEXT, r -> r.isServer() ? r.address() : null),
    COOKIE(Kind.TEXT, r -> r.isServer() ? r.server().cookie() : null),
    MODE(Kind.TEXT, r -> r.http() ? "http" : "tcp"),
    ALGO(Kind.TEXT, r -> r.isBackend() ? r.backend().algorithm().kind().keyword() : null),
    CONN_RATE(Kind.GAUGE, r -> r.isFrontend() ? r.rate() : null),
    CONN_RATE_MAX(
            Kind.GAUGE,
            r -> r.isFrontend() ? r.rateMax() : null,
            StatMetric.gauge(
                    "connections_rate_max",
                    F,
                    "Highest value of connections per second observed since the worker process started")),
    CONN_TOT(
            Kind.COUNTER,
            r -> r.isFrontend() ? r.counters().totalSessions() : null,
            StatMetric.counter("connections_total", F, "Total number of new connections.")),
    INTERCEPTED(
            Kind.COUNTER,
            r -> r.isFrontend() && r.http() ? r.counters().interceptedRequests() : null,
            StatMetric.counter(
                            "intercepted_requests_total",
                            F,
                            "Total number of HTTP requests intercepted on the frontend (redirects/stats/services) since the worker process started")
                    .skippedWhenEmpty()),
    DCON(
            Kind.COUNTER,
            r -> r.isFrontend() ? r.counters().deniedConnections() : null,
            StatMetric.counter(
                    "denied_connections_total",
                    F,
                    "Total number of incoming connections blocked on a listener/frontend by a tcp-request connection rule since the worker process started")),
    DSES(
            Kind.COUNTER,
            r -> r.isFrontend() ? r.counters().deniedSessions() : null,
            StatMetric.counter(
                    "denied_sessions_total",
                    F,
                    "Total number of incoming sessions blocked on a listener/frontend by a tcp-request connection rule since the worker process started")),
    WREW(
            Kind.COUNTER,
            r -> r.counters().failedRewrites(),
            StatMetric.counter(
                    "failed_header_rewriting_total",
                    FBS,
                    "Total number of failed HTTP header rewrites since the worker process started")),
    CONNECT(
            Kind.COUNTER,
            r -> r.isFrontend() ? null : r.counters().connectAttempts(),
            StatMetric.counter(
                    "connection_attempts_total",
                    BS,
                    "Total number of outgoing connection attempts on this backend/server since the worker process started")),
    REUSE(
            Kind.COUNTER,
            r -> r.isFrontend() ? null : r.counters().reuses(),
            StatMetric.counter(
                    "connection_reuses_total",
                    BS,
                    "Total number of reused connection on this backend/server since the worker process started")),
    CACHE_LOOKUPS(Kind.COUNTER, r -> null),
    CACHE_HITS(Kind.COUNTER, r -> null),
    SRV_ICUR(
            Kind.GAUGE,
            r -> r.isServer() ? r.server().idleConnections() : null,
            StatMetric.gauge(
                    "idle_connections_current",
                    S,
                    "Current number of idle connections available for reuse on this server")),
    SRC_ILIM(
            Kind.GAUGE,
            r -> r.isServer() ? r.idleConnectionLimit() : null,
            StatMetric.gauge(
                    "idle_connections_limit",
                    S,
                    "Limit on the number of available idle connections on this server (server 'pool_max_conn' directive)")),
    QTIME_MAX(
            Kind.GAUGE,
            r -> r.timed() ? r.counters().times().max(ResponseTimes.Kind.QUEUE) : null,
            timeMax("max_queue_time_seconds", "Maximum observed time spent in the queue", ResponseTimes.Kind.QUEUE)),
    CTIME_MAX(
            Kind.GAUGE,
            r -> r.timed() ? r.counters().times().max(ResponseTimes.Kind.CONNECT) : null,
            timeMax(
                    "max_connect_time_seconds",
                    "Maximum observed time spent waiting for a connection to complete",
                    ResponseTimes.Kind.CONNECT)),
    RTIME_MAX(
            Kind.GAUGE,
            r -> r.timed() ? r.counters().times().max(ResponseTimes.Kind.RESPONSE) : null,
            timeMax(
                    "max_response_time_seconds",
                    "Maximum observed time spent waiting for a server response",
                    ResponseTimes.Kind.RESPONSE)),
    TTIME_MAX(
            Kind.GAUGE,
            r -> r.timed() ? r.counters().times().max(ResponseTimes.Kind.TOTAL) : null,
            timeMax(
                    "max_total_time_seconds",
                    "Maximum observed total request+response time (request+queue+connect+response+processing)",
                    ResponseTimes.Kind.TOTAL)),
    EINT(
            Kind.COUNTER,
            r -> r.counters().internalErrors(),
            StatMetric.counter("internal_errors_total", FBS, "Total number of internal errors since process started")),
    IDLE_CONN_CUR(Kind.GAUGE, r -> null),
    SAFE_CONN_CUR(Kind.GAUGE, r -> null),
    USED_CONN_CUR(Kind.GAUGE, r -> null),
    NEED_CONN_EST(Kind.GAUGE, r -> null),
    UWEIGHT(
            Kind.GAUGE,
            r -> r.isFrontend() ? null : r.userWeight(),
            StatMetric.gauge(
                    "uweight", BS, "Server's user weight, or sum of active servers' user weights for a backend.")),
    // the CSV cell is 0 as HAProxy 2.6 prints it; the exporter counts the backend's servers per state
    AGG_SERVER_STATUS(
            Kind.GAUGE,
            r -> r.isBackend() ? 0 : null,
            StatMetric.stateCounts(
                    "agg_server_status",
                    B,
                    "Backend's aggregated gauge of servers' status",
                    CheckStates.SERVER,
                    StatRow::serversIn)),
    AGG_SERVER_CHECK_STATUS(
            Kind.GAUGE,
            r -> r.isBackend() ? 0 : null,
            StatMetric.stateCounts(
                    "agg_server_check_status",
                    B,
                    "Backend's aggregated gauge of servers' state check status",
                    CheckStates.SERVER,
                    StatRow::serversIn)),
    AGG_CHECK_STATUS(
            Kind.GAUGE,
            r -> r.isBackend() ? 0 : null,
            StatMetric.stateCounts(
                    "agg_check_status",
                    B,
                    "Backend's aggregated gauge of servers' state check status",
                    CheckStates.ALL,
                    StatRow::serversWithCheckStatus)),
    /**
     * HAProxy 2.6 ends its own columns here and prints a {@code -} column before the stats modules' (ssl, h2,
     * h1, in its registration order). The separator exists in the CSV only: typed and JSON output number the
     * module fields from 103 on (see {@link #position()}).
     */
    SEPARATOR(Kind.TEXT, r -> "-"),
    SSL_SESS(Kind.COUNTER, r -> r.counters().ssl().sessions()),
    SSL_REUSED_SESS(Kind.COUNTER, r -> r.counters().ssl().reusedSessions()),
    SSL_FAILED_HANDSHAKE(Kind.COUNTER, r -> r.counters().ssl().failedHandshakes()),
    H2_HEADERS_RCVD(Kind.COUNTER, r -> h2(r, H2Counters.Frame.HEADERS)),
    H2_DATA_RCVD(Kind.COUNTER, r -> h2(r, H2Counters.Frame.DATA)),
    H2_SETTINGS_RCVD(Kind.COUNTER, r -> h2(r, H2Counters.Frame.SETTINGS)),
    H2_RST_STREAM_RCVD(Kind.COUNTER, r -> h2(r, H2Counters.Frame.RST_STREAM)),
    H2_GOAWAY_RCVD(Kind.COUNTER, r -> h2(r, H2Counters.Frame.GOAWAY)),
    H2_DETECTED_CONN_PROTOCOL_ERRORS(
            Kind.COUNTER, r -> r.isServer() ? null : r.counters().h2().connectionErrors()),
    H2_DETECTED_STRM_PROTOCOL_ERRORS(
            Kind.COUNTER, r -> r.isServer() ? null : r.counters().h2().streamErrors()),
    H2_RST_STREAM_RESP(
            Kind.COUNTER, r -> r.isServer() ? null : r.counters().h2().rstSent()),
    H2_GOAWAY_RESP(Kind.COUNTER, r -> r.isServer() ? null : r.counters().h2().goawaySent()),
    H2_OPEN_CONNECTIONS(Kind.GAUGE, r -> r.isServer() ? null : r.counters().h2().openConnections()),
    H2_BACKEND_OPEN_STREAMS(
            Kind.GAUGE, r -> r.isServer() ? null : r.counters().h2().openStreams()),
    H2_TOTAL_CONNECTIONS(
            Kind.COUNTER, r -> r.isServer() ? null : r.counters().h2().totalConnections()),
    H2_BACKEND_TOTAL_STREAMS(
            Kind.COUNTER, r -> r.isServer() ? null : r.counters().h2().totalStreams()),
    H1_OPEN_CONNECTIONS(Kind.GAUGE, r -> r.isServer() ? null : r.counters().h1().openConnections()),
    H1_OPEN_STREAMS(Kind.GAUGE, r -> r.isServer() ? null : r.counters().h1().openStreams()),
    H1_TOTAL_CONNECTIONS(
            Kind.COUNTER, r -> r.isServer() ? null : r.counters().h1().totalConnections()),
    H1_TOTAL_STREAMS(Kind.COUNTER, r -> r.isServer() ? null : r.counters().h1().totalStreams()),
    H1_BYTES_IN(Kind.COUNTER, r -> r.isServer() ? null : r.counters().h1().bytesIn()),
    H1_BYTES_OUT(Kind.COUNTER, r -> r.isServer() ? null : r.counters().h1().bytesOut()),
    H1_SPLICED_BYTES_IN(
            Kind.COUNTER, r -> r.isServer() ? null : r.counters().h1().splicedIn()),
    H1_SPLICED_BYTES_OUT(
            Kind.COUNTER, r -> r.isServer() ? null : r.counters().h1().splicedOut());

    /** What a value is: names/ids, monotonic counters, gauges or free text (JSON tags, value types). */
    public enum Kind {
        KEY,
        COUNTER,
        GAUGE,
        TEXT
    }

    private final Kind kind;
    private final Function<StatRow, Object> reader;
    private final List<StatMetric> metrics;

    StatField(Kind kind, Function<StatRow, Object> reader, StatMetric... metrics) {
        this.kind = kind;
        this.reader = reader;
        this.metrics = List.of(metrics);
    }

    private static StatMetric responses(String code) {
        return StatMetric.counter("http_responses_total", FBS, "Total number of HTTP responses.")
                .labelled("code", code)
                .skippedWhenEmpty();
    }

    /** Column name as in HAProxy's CSV header ({@code pxname}, {@code check_status}, ...). */
    private static StatMetric timeAverage(String name, String help, ResponseTimes.Kind kind) {
        return StatMetric.gauge(name, BS, help).valued(r -> r.counters().times().average(kind) / 1000.0);
    }

    private static StatMetric timeMax(String name, String help, ResponseTimes.Kind kind) {
        return StatMetric.gauge(name, BS, help).valued(r -> r.counters().times().max(kind) / 1000.0);
    }

    public String column() {
        return this == SEPARATOR ? "-" : name().toLowerCase(Locale.ROOT);
    }

    /** The {@code -} column of the CSV, which typed and JSON output leave out. */
    public boolean separator() {
        return this == SEPARATOR;
    }

    /** Position in typed and JSON output: the CSV's, less the separator for the modules' fields after it. */
    public int position() {
        return ordinal() > SEPARATOR.ordinal() ? ordinal() - 1 : ordinal();
    }

    /** The {@code h2} module's frame counters are a frontend's and a backend's, as HAProxy's. */
    private static Long h2(StatRow r, H2Counters.Frame f) {
        return r.isServer() ? null : r.counters().h2().receivedCount(f);
    }

    public Kind kind() {
        return kind;
    }

    public List<StatMetric> metrics() {
        return metrics;
    }

    /** The value for {@code row}, or null when the field does not apply (empty CSV cell). */
    public Object value(StatRow row) {
        return reader.apply(row);
    }

    /** {@code # pxname,svname,...,} exactly as HAProxy prints it (trailing comma included). */
    public static String csvHeader() {
        StringBuilder sb = new StringBuilder("# ");
        for (StatField f : values()) sb.append(f.column()).append(',');
        return sb.toString();
    }
}
