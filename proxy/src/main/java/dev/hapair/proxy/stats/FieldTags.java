package dev.hapair.proxy.stats;

import java.util.Map;

/**
 * HAProxy 2.6's typed-output metadata, read off haproxy 2.6.12's own {@code show info typed} and
 * {@code show stat typed}: for each field its tags (origin, nature, scope: three letters) and its type, so
 * {@code show info typed|json} and {@code show stat typed|json} answer in HAProxy's format and tools written
 * for HAProxy parse ours.
 */
final class FieldTags {
    private FieldTags() {}

    /** Tags and type of a field: {@code tags} is HAProxy's three letters (e.g. {@code MCP}). */
    record Tag(String tags, String type) {
        String origin() {
            return ORIGIN.getOrDefault(tags.charAt(0), "Unknown");
        }

        String nature() {
            return NATURE.getOrDefault(tags.charAt(1), "Unknown");
        }

        String scope() {
            return SCOPE.getOrDefault(tags.charAt(2), "Unknown");
        }
    }

    private static final Map<Character, String> ORIGIN =
            Map.of('E', "Error", 'C', "Config", 'K', "Key", 'M', "Metric", 'P', "Product", 'S', "Status");
    private static final Map<Character, String> NATURE = Map.ofEntries(
            Map.entry('A', "Age"),
            Map.entry('a', "Avg"),
            Map.entry('C', "Counter"),
            Map.entry('D', "Duration"),
            Map.entry('G', "Gauge"),
            Map.entry('L', "Limit"),
            Map.entry('M', "Max"),
            Map.entry('m', "Min"),
            Map.entry('N', "Name"),
            Map.entry('O', "Output"),
            Map.entry('R', "Rate"),
            Map.entry('T', "Time"));
    private static final Map<Character, String> SCOPE =
            Map.of('C', "Cluster", 'P', "Process", 'S', "Service", 's', "System");

    /** Stat fields (CSV column names) of servers and frontends. */
    private static final Map<String, Tag> STAT = Map.ofEntries(
            Map.entry("pxname", new Tag("KNS", "str")),
            Map.entry("svname", new Tag("KNS", "str")),
            Map.entry("qcur", new Tag("MGP", "u32")),
            Map.entry("qmax", new Tag("MMP", "u32")),
            Map.entry("scur", new Tag("MGP", "u32")),
            Map.entry("smax", new Tag("MMP", "u32")),
            Map.entry("slim", new Tag("CLP", "u32")),
            Map.entry("stot", new Tag("MCP", "u64")),
            Map.entry("bin", new Tag("MCP", "u64")),
            Map.entry("bout", new Tag("MCP", "u64")),
            Map.entry("dreq", new Tag("MCP", "u64")),
            Map.entry("dresp", new Tag("MCP", "u64")),
            Map.entry("ereq", new Tag("MCP", "u64")),
            Map.entry("econ", new Tag("MCP", "u64")),
            Map.entry("eresp", new Tag("MCP", "u64")),
            Map.entry("wretr", new Tag("MCP", "u64")),
            Map.entry("wredis", new Tag("MCP", "u64")),
            Map.entry("status", new Tag("SGP", "str")),
            Map.entry("weight", new Tag("MaP", "u32")),
            Map.entry("act", new Tag("SGP", "u32")),
            Map.entry("bck", new Tag("SGP", "u32")),
            Map.entry("chkfail", new Tag("MCP", "u64")),
            Map.entry("chkdown", new Tag("MCP", "u64")),
            Map.entry("lastchg", new Tag("MAP", "u32")),
            Map.entry("downtime", new Tag("MCP", "u32")),
            Map.entry("pid", new Tag("KGP", "u32")),
            Map.entry("iid", new Tag("KGS", "u32")),
            Map.entry("sid", new Tag("KGS", "u32")),
            Map.entry("lbtot", new Tag("MCP", "u64")),
            Map.entry("type", new Tag("CGS", "u32")),
            Map.entry("rate", new Tag("MRP", "u32")),
            Map.entry("rate_lim", new Tag("CLP", "u32")),
            Map.entry("rate_max", new Tag("MMP", "u32")),
            Map.entry("check_status", new Tag("MOP", "str")),
            Map.entry("check_code", new Tag("MOP", "u32")),
            Map.entry("check_duration", new Tag("MDP", "u64")),
            Map.entry("hrsp_1xx", new Tag("MCP", "u64")),
            Map.entry("hrsp_2xx", new Tag("MCP", "u64")),
            Map.entry("hrsp_3xx", new Tag("MCP", "u64")),
            Map.entry("hrsp_4xx", new Tag("MCP", "u64")),
            Map.entry("hrsp_5xx", new Tag("MCP", "u64")),
            Map.entry("hrsp_other", new Tag("MCP", "u64")),
            Map.entry("req_rate", new Tag("MRP", "u32")),
            Map.entry("req_rate_max", new Tag("MMP", "u32")),
            Map.entry("req_tot", new Tag("MCP", "u64")),
            Map.entry("cli_abrt", new Tag("MCP", "u64")),
            Map.entry("srv_abrt", new Tag("MCP", "u64")),
            Map.entry("comp_in", new Tag("MCP", "u64")),
            Map.entry("comp_out", new Tag("MCP", "u64")),
            Map.entry("comp_byp", new Tag("MCP", "u64")),
            Map.entry("comp_rsp", new Tag("MCP", "u64")),
            Map.entry("lastsess", new Tag("MAP", "s32")),
            Map.entry("last_chk", new Tag("MOP", "str")),
            Map.entry("qtime", new Tag("MaP", "u32")),
            Map.entry("ctime", new Tag("MaP", "u32")),
            Map.entry("rtime", new Tag("MaP", "u32")),
            Map.entry("ttime", new Tag("MaP", "u32")),
            Map.entry("check_desc", new Tag("MOP", "str")),
            Map.entry("check_rise", new Tag("CGS", "u32")),
            Map.entry("check_fall", new Tag("CGS", "u32")),
            Map.entry("check_health", new Tag("CGS", "u32")),
            Map.entry("addr", new Tag("CGS", "str")),
            Map.entry("mode", new Tag("CGS", "str")),
            Map.entry("algo", new Tag("CGS", "str")),
            Map.entry("conn_rate", new Tag("MRP", "u32")),
            Map.entry("conn_rate_max", new Tag("MMP", "u32")),
            Map.entry("conn_tot", new Tag("MCP", "u64")),
            Map.entry("intercepted", new Tag("MCP", "u64")),
            Map.entry("dcon", new Tag("MCP", "u64")),
            Map.entry("dses", new Tag("MCP", "u64")),
            Map.entry("wrew", new Tag("MCP", "u64")),
            Map.entry("connect", new Tag("MCP", "u64")),
            Map.entry("reuse", new Tag("MCP", "u64")),
            Map.entry("cache_lookups", new Tag("MCP", "u64")),
            Map.entry("cache_hits", new Tag("MCP", "u64")),
            Map.entry("srv_icur", new Tag("MGP", "u32")),
            Map.entry("qtime_max", new Tag("MMP", "u32")),
            Map.entry("ctime_max", new Tag("MMP", "u32")),
            Map.entry("rtime_max", new Tag("MMP", "u32")),
            Map.entry("ttime_max", new Tag("MMP", "u32")),
            Map.entry("eint", new Tag("MCP", "u64")),
            Map.entry("idle_conn_cur", new Tag("MGP", "u32")),
            Map.entry("safe_conn_cur", new Tag("MGP", "u32")),
            Map.entry("used_conn_cur", new Tag("MGP", "u32")),
            Map.entry("need_conn_est", new Tag("MGP", "u32")),
            Map.entry("uweight", new Tag("MaP", "u32")),
            Map.entry("agg_server_status", new Tag("MGP", "u32")),
            Map.entry("agg_server_check_status", new Tag("MGP", "u32")),
            Map.entry("agg_check_status", new Tag("MGP", "u32")),
            Map.entry("ssl_sess", new Tag("MCP", "u64")),
            Map.entry("ssl_reused_sess", new Tag("MCP", "u64")),
            Map.entry("ssl_failed_handshake", new Tag("MCP", "u64")),
            Map.entry("h2_headers_rcvd", new Tag("MCP", "u64")),
            Map.entry("h2_data_rcvd", new Tag("MCP", "u64")),
            Map.entry("h2_settings_rcvd", new Tag("MCP", "u64")),
            Map.entry("h2_rst_stream_rcvd", new Tag("MCP", "u64")),
            Map.entry("h2_goaway_rcvd", new Tag("MCP", "u64")),
            Map.entry("h2_detected_conn_protocol_errors", new Tag("MCP", "u64")),
            Map.entry("h2_detected_strm_protocol_errors", new Tag("MCP", "u64")),
            Map.entry("h2_rst_stream_resp", new Tag("MCP", "u64")),
            Map.entry("h2_goaway_resp", new Tag("MCP", "u64")),
            Map.entry("h2_open_connections", new Tag("MGP", "u64")),
            Map.entry("h2_backend_open_streams", new Tag("MGP", "u64")),
            Map.entry("h2_total_connections", new Tag("MCP", "u64")),
            Map.entry("h2_backend_total_streams", new Tag("MCP", "u64")),
            Map.entry("h1_open_connections", new Tag("MGP", "u64")),
            Map.entry("h1_open_streams", new Tag("MGP", "u64")),
            Map.entry("h1_total_connections", new Tag("MCP", "u64")),
            Map.entry("h1_total_streams", new Tag("MCP", "u64")),
            Map.entry("h1_bytes_in", new Tag("MCP", "u64")),
            Map.entry("h1_bytes_out", new Tag("MCP", "u64")),
            Map.entry("h1_spliced_bytes_in", new Tag("MCP", "u64")),
            Map.entry("h1_spliced_bytes_out", new Tag("MCP", "u64")));

    /** Backends tag a few fields differently (their act/bck count servers, their rates are gauges). */
    private static final Map<String, Tag> BACKEND = Map.ofEntries(
            Map.entry("act", new Tag("MGP", "u32")),
            Map.entry("bck", new Tag("MGP", "u32")),
            Map.entry("rate", new Tag("MGP", "u32")),
            Map.entry("rate_max", new Tag("MGP", "u32")));

    /** The tags of stat column {@code name} for an object of {@code scope}; null for a column HAProxy 2.6 lacks. */
    static Tag stat(String name, StatScope scope) {
        if (scope == StatScope.BACKEND) {
            Tag t = BACKEND.get(name);
            if (t != null) return t;
        }
        return STAT.get(name);
    }

    /** {@code show info}'s fields in HAProxy 2.6's order, with their tags and types. */
    enum Info {
        NAME(0, "Name", "POS", "str"),
        VERSION(1, "Version", "POS", "str"),
        RELEASE_DATE(2, "Release_date", "POS", "str"),
        NBTHREAD(3, "Nbthread", "CGS", "u32"),
        NBPROC(4, "Nbproc", "CGS", "u32"),
        PROCESS_NUM(5, "Process_num", "KGP", "u32"),
        PID(6, "Pid", "SGP", "u32"),
        UPTIME(7, "Uptime", "MDP", "str"),
        UPTIME_SEC(8, "Uptime_sec", "MDP", "u32"),
        MEMMAX_MB(9, "Memmax_MB", "CLP", "u32"),
        POOLALLOC_MB(10, "PoolAlloc_MB", "MGP", "u32"),
        POOLUSED_MB(11, "PoolUsed_MB", "MGP", "u32"),
        POOLFAILED(12, "PoolFailed", "MCP", "u32"),
        ULIMIT_N(13, "Ulimit-n", "CLP", "u32"),
        MAXSOCK(14, "Maxsock", "CLP", "u32"),
        MAXCONN(15, "Maxconn", "CLP", "u32"),
        HARD_MAXCONN(16, "Hard_maxconn", "CLP", "u32"),
        CURRCONNS(17, "CurrConns", "MGP", "u32"),
        CUMCONNS(18, "CumConns", "MCP", "u32"),
        CUMREQ(19, "CumReq", "MCP", "u32"),
        MAXSSLCONNS(20, "MaxSslConns", "MMP", "u32"),
        CURRSSLCONNS(21, "CurrSslConns", "MGP", "u32"),
        CUMSSLCONNS(22, "CumSslConns", "MCP", "u32"),
        MAXPIPES(23, "Maxpipes", "CLP", "u32"),
        PIPESUSED(24, "PipesUsed", "MGP", "u32"),
        PIPESFREE(25, "PipesFree", "MGP", "u32"),
        CONNRATE(26, "ConnRate", "MRP", "u32"),
        CONNRATELIMIT(27, "ConnRateLimit", "CLP", "u32"),
        MAXCONNRATE(28, "MaxConnRate", "MMP", "u32"),
        SESSRATE(29, "SessRate", "MRP", "u32"),
        SESSRATELIMIT(30, "SessRateLimit", "CLP", "u32"),
        MAXSESSRATE(31, "MaxSessRate", "MRP", "u32"),
        SSLRATE(32, "SslRate", "MRP", "u32"),
        SSLRATELIMIT(33, "SslRateLimit", "CLP", "u32"),
        MAXSSLRATE(34, "MaxSslRate", "MMP", "u32"),
        SSLFRONTENDKEYRATE(35, "SslFrontendKeyRate", "MGP", "u32"),
        SSLFRONTENDMAXKEYRATE(36, "SslFrontendMaxKeyRate", "MMP", "u32"),
        SSLFRONTENDSESSIONREUSE_PCT(37, "SslFrontendSessionReuse_pct", "MGP", "u32"),
        SSLBACKENDKEYRATE(38, "SslBackendKeyRate", "MRP", "u32"),
        SSLBACKENDMAXKEYRATE(39, "SslBackendMaxKeyRate", "MMP", "u32"),
        SSLCACHELOOKUPS(40, "SslCacheLookups", "MCP", "u32"),
        SSLCACHEMISSES(41, "SslCacheMisses", "MCP", "u32"),
        COMPRESSBPSIN(42, "CompressBpsIn", "MRP", "u32"),
        COMPRESSBPSOUT(43, "CompressBpsOut", "MRP", "u32"),
        COMPRESSBPSRATELIM(44, "CompressBpsRateLim", "CLP", "u32"),
        TASKS(47, "Tasks", "MGP", "u32"),
        RUN_QUEUE(48, "Run_queue", "MGP", "u32"),
        IDLE_PCT(49, "Idle_pct", "MaP", "u32"),
        NODE(50, "node", "COS", "str"),
        STOPPING(52, "Stopping", "MGP", "u32"),
        JOBS(53, "Jobs", "MGP", "u32"),
        UNSTOPPABLE_JOBS(54, "Unstoppable Jobs", "MGP", "u32"),
        LISTENERS(55, "Listeners", "MGP", "u32"),
        ACTIVEPEERS(56, "ActivePeers", "MGP", "u32"),
        CONNECTEDPEERS(57, "ConnectedPeers", "MGP", "u32"),
        DROPPEDLOGS(58, "DroppedLogs", "MGP", "u32"),
        BUSYPOLLING(59, "BusyPolling", "MGP", "u32"),
        FAILEDRESOLUTIONS(60, "FailedResolutions", "MGP", "u32"),
        TOTALBYTESOUT(61, "TotalBytesOut", "MGP", "u64"),
        TOTALSPLICDEDBYTESOUT(62, "TotalSplicdedBytesOut", "MGP", "u64"),
        BYTESOUTRATE(63, "BytesOutRate", "MRP", "u64"),
        DEBUGCOMMANDSISSUED(64, "DebugCommandsIssued", "MGP", "u32"),
        CUMRECVLOGS(65, "CumRecvLogs", "MCP", "u32"),
        BUILD_INFO(66, "Build info", "POS", "str"),
        MEMMAX_BYTES(67, "Memmax_bytes", "CLP", "u32"),
        POOLALLOC_BYTES(68, "PoolAlloc_bytes", "MGP", "u64"),
        POOLUSED_BYTES(69, "PoolUsed_bytes", "MGP", "u64"),
        START_TIME_SEC(70, "Start_time_sec", "MDP", "u32"),
        TAINTED(71, "Tainted", "SGP", "str"),
        /** hapair's own: the TLS implementation in use (BoringSSL through Netty, or the JDK's), "none" without TLS. */
        TLS_PROVIDER(200, "Tls_provider", "POS", "str");

        /** HAProxy's position (its numbering has gaps: fields it keeps for other builds). */
        final int pos;

        final String label;
        final Tag tag;

        Info(int pos, String label, String tags, String type) {
            this.pos = pos;
            this.label = label;
            this.tag = new Tag(tags, type);
        }
    }
}
