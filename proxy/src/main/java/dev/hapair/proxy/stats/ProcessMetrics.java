package dev.hapair.proxy.stats;

import dev.hapair.proxy.stats.FieldTags.Info;
import java.util.List;
import java.util.Map;

/**
 * The {@code haproxy_process_*} families of HAProxy's Prometheus exporter, in its order, names, help texts
 * and types (read off haproxy 2.6.12's own exporter), each fed by the {@code show info} field it mirrors in
 * HAProxy. A family whose field hapair leaves out of {@code show info} (no honest value) is left out here too.
 */
final class ProcessMetrics {
    private ProcessMetrics() {}

    private record Family(String name, Info field, boolean counter, String help) {}

    private static Family g(String name, Info field, String help) {
        return new Family(name, field, false, help);
    }

    private static Family c(String name, Info field, String help) {
        return new Family(name, field, true, help);
    }

    private static final List<Family> FAMILIES = List.of(
            g("nbthread", Info.NBTHREAD, "Number of started threads (global.nbthread)"),
            g("nbproc", Info.NBPROC, "Number of started worker processes (historical, always 1)"),
            g("relative_process_id", Info.PROCESS_NUM, "Relative worker process number (1)"),
            g("uptime_seconds", Info.UPTIME_SEC, "How long ago this worker process was started (seconds)"),
            c(
                    "pool_failures_total",
                    Info.POOLFAILED,
                    "Number of failed pool allocations since this worker was started"),
            g("max_fds", Info.ULIMIT_N, "Hard limit on the number of per-process file descriptors"),
            g("max_sockets", Info.MAXSOCK, "Hard limit on the number of per-process sockets"),
            g(
                    "max_connections",
                    Info.MAXCONN,
                    "Hard limit on the number of per-process connections (configured or imposed by Ulimit-n)"),
            g(
                    "hard_max_connections",
                    Info.HARD_MAXCONN,
                    "Hard limit on the number of per-process connections (imposed by Memmax_MB or Ulimit-n)"),
            g("current_connections", Info.CURRCONNS, "Current number of connections on this worker process"),
            c("connections_total", Info.CUMCONNS, "Total number of connections on this worker process since started"),
            c("requests_total", Info.CUMREQ, "Total number of requests on this worker process since started"),
            g(
                    "max_ssl_connections",
                    Info.MAXSSLCONNS,
                    "Hard limit on the number of per-process SSL endpoints (front+back), 0=unlimited"),
            g(
                    "current_ssl_connections",
                    Info.CURRSSLCONNS,
                    "Current number of SSL endpoints on this worker process (front+back)"),
            c(
                    "ssl_connections_total",
                    Info.CUMSSLCONNS,
                    "Total number of SSL endpoints on this worker process since started (front+back)"),
            g("max_pipes", Info.MAXPIPES, "Hard limit on the number of pipes for splicing, 0=unlimited"),
            c("pipes_used_total", Info.PIPESUSED, "Current number of pipes in use in this worker process"),
            c(
                    "pipes_free_total",
                    Info.PIPESFREE,
                    "Current number of allocated and available pipes in this worker process"),
            g(
                    "current_connection_rate",
                    Info.CONNRATE,
                    "Number of front connections created on this worker process over the last second"),
            g("limit_connection_rate", Info.CONNRATELIMIT, "Hard limit for ConnRate (global.maxconnrate)"),
            g(
                    "max_connection_rate",
                    Info.MAXCONNRATE,
                    "Highest ConnRate reached on this worker process since started (in connections per second)"),
            g(
                    "current_session_rate",
                    Info.SESSRATE,
                    "Number of sessions created on this worker process over the last second"),
            g("limit_session_rate", Info.SESSRATELIMIT, "Hard limit for SessRate (global.maxsessrate)"),
            g(
                    "max_session_rate",
                    Info.MAXSESSRATE,
                    "Highest SessRate reached on this worker process since started (in sessions per second)"),
            g(
                    "current_ssl_rate",
                    Info.SSLRATE,
                    "Number of SSL connections created on this worker process over the last second"),
            g("limit_ssl_rate", Info.SSLRATELIMIT, "Hard limit for SslRate (global.maxsslrate)"),
            g(
                    "max_ssl_rate",
                    Info.MAXSSLRATE,
                    "Highest SslRate reached on this worker process since started (in connections per second)"),
            g(
                    "current_frontend_ssl_key_rate",
                    Info.SSLFRONTENDKEYRATE,
                    "Number of SSL keys created on frontends in this worker process over the last second"),
            g(
                    "max_frontend_ssl_key_rate",
                    Info.SSLFRONTENDMAXKEYRATE,
                    "Highest SslFrontendKeyRate reached on this worker process since started (in SSL keys per second)"),
            g(
                    "frontend_ssl_reuse",
                    Info.SSLFRONTENDSESSIONREUSE_PCT,
                    "Percent of frontend SSL connections which did not require a new key"),
            g(
                    "current_backend_ssl_key_rate",
                    Info.SSLBACKENDKEYRATE,
                    "Number of SSL keys created on backends in this worker process over the last second"),
            g(
                    "max_backend_ssl_key_rate",
                    Info.SSLBACKENDMAXKEYRATE,
                    "Highest SslBackendKeyRate reached on this worker process since started (in SSL keys per second)"),
            c(
                    "ssl_cache_lookups_total",
                    Info.SSLCACHELOOKUPS,
                    "Total number of SSL session ID lookups in the SSL session cache on this worker since started"),
            c(
                    "ssl_cache_misses_total",
                    Info.SSLCACHEMISSES,
                    "Total number of SSL session ID lookups that didn't find a session in the SSL session cache on this worker since started"),
            c(
                    "http_comp_bytes_in_total",
                    Info.COMPRESSBPSIN,
                    "Number of bytes submitted to the HTTP compressor in this worker process over the last second"),
            c(
                    "http_comp_bytes_out_total",
                    Info.COMPRESSBPSOUT,
                    "Number of bytes emitted by the HTTP compressor in this worker process over the last second"),
            g(
                    "limit_http_comp",
                    Info.COMPRESSBPSRATELIM,
                    "Limit of CompressBpsOut beyond which HTTP compression is automatically disabled"),
            g("current_tasks", Info.TASKS, "Total number of tasks in the current worker process (active + sleeping)"),
            g(
                    "current_run_queue",
                    Info.RUN_QUEUE,
                    "Total number of active tasks+tasklets in the current worker process"),
            g(
                    "idle_time_percent",
                    Info.IDLE_PCT,
                    "Percentage of last second spent waiting in the current worker thread"),
            g("stopping", Info.STOPPING, "1 if the worker process is currently stopping, otherwise zero"),
            g(
                    "jobs",
                    Info.JOBS,
                    "Current number of active jobs on the current worker process (frontend connections, master connections, listeners)"),
            g(
                    "unstoppable_jobs",
                    Info.UNSTOPPABLE_JOBS,
                    "Current number of unstoppable jobs on the current worker process (master connections)"),
            g("listeners", Info.LISTENERS, "Current number of active listeners on the current worker process"),
            g(
                    "active_peers",
                    Info.ACTIVEPEERS,
                    "Current number of verified active peers connections on the current worker process"),
            g(
                    "connected_peers",
                    Info.CONNECTEDPEERS,
                    "Current number of peers having passed the connection step on the current worker process"),
            c(
                    "dropped_logs_total",
                    Info.DROPPEDLOGS,
                    "Total number of dropped logs for current worker process since started"),
            g(
                    "busy_polling_enabled",
                    Info.BUSYPOLLING,
                    "1 if busy-polling is currently in use on the worker process, otherwise zero (config.busy-polling)"),
            c(
                    "failed_resolutions",
                    Info.FAILEDRESOLUTIONS,
                    "Total number of failed DNS resolutions in current worker process since started"),
            c(
                    "bytes_out_total",
                    Info.TOTALBYTESOUT,
                    "Total number of bytes emitted by current worker process since started"),
            c(
                    "spliced_bytes_out_total",
                    Info.TOTALSPLICDEDBYTESOUT,
                    "Total number of bytes emitted by current worker process through a kernel pipe since started"),
            g(
                    "bytes_out_rate",
                    Info.BYTESOUTRATE,
                    "Number of bytes emitted by current worker process over the last second"),
            c(
                    "recv_logs_total",
                    Info.CUMRECVLOGS,
                    "Total number of log messages received by log-forwarding listeners on this worker process since started"),
            g(
                    "max_memory_bytes",
                    Info.MEMMAX_BYTES,
                    "Worker process's hard limit on memory usage in byes (-m on command line)"),
            g("pool_allocated_bytes", Info.POOLALLOC_BYTES, "Amount of memory allocated in pools (in bytes)"),
            g("pool_used_bytes", Info.POOLUSED_BYTES, "Amount of pool memory currently used (in bytes)"),
            g("start_time_seconds", Info.START_TIME_SEC, "Start time in seconds"));

    static void render(StringBuilder sb, Map<Info, Object> info) {
        boolean built = false;
        for (Family f : FAMILIES) {
            if (!built && f.field() == Info.MEMMAX_BYTES) { // HAProxy's place for it: after recv_logs_total
                buildInfo(sb, info);
                built = true;
            }
            Object v = info.get(f.field());
            if (!(v instanceof Number n)) continue;
            String name = "haproxy_process_" + f.name();
            sb.append("# HELP ")
                    .append(name)
                    .append(' ')
                    .append(f.help())
                    .append('\n')
                    .append("# TYPE ")
                    .append(name)
                    .append(' ')
                    .append(f.counter() ? "counter" : "gauge")
                    .append('\n')
                    .append(name)
                    .append(' ')
                    .append(n.longValue())
                    .append('\n');
        }
        if (!built) buildInfo(sb, info);
    }

    private static void buildInfo(StringBuilder sb, Map<Info, Object> info) {
        Object version = info.get(Info.BUILD_INFO);
        if (version != null) {
            sb.append("# HELP haproxy_process_build_info Build info\n# TYPE haproxy_process_build_info gauge\n")
                    .append("haproxy_process_build_info{version=\"")
                    .append(String.valueOf(version).replace("\\", "\\\\").replace("\"", "\\\""))
                    .append("\"} 1\n");
        }
    }
}
