package dev.hapair.proxy.stats;

import dev.hapair.common.json.Json;
import dev.hapair.proxy.backend.FrontendRuntime;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code show info}, {@code show info typed} and {@code show info json} in HAProxy 2.6's field order and
 * formats. A field is listed when hapair has its value; fields about machinery hapair does not have
 * (SSL, pipes, compression, peers) are 0 because that is their true value here; fields with no honest value
 * (HAProxy's task scheduler: Tasks, Run_queue; DroppedLogs, BytesOutRate) are left out rather than invented.
 */
final class InfoRenderer {
    private InfoRenderer() {}

    static Map<FieldTags.Info, Object> values(StatsSnapshot snapshot, boolean stopping) {
        ProcessInfo p = snapshot.process();
        long up = p.uptimeMillis() / 1000;
        long cumConns = 0, cumReq = 0, bytesOut = 0, splicedOut = 0, sessRate = 0, maxSessRate = 0;
        for (dev.hapair.proxy.backend.BackendRuntime b : snapshot.backends().values())
            splicedOut += b.counters().h1().splicedOut();
        for (FrontendRuntime f : snapshot.frontends()) {
            cumConns += f.counters().totalSessions();
            cumReq += f.counters().requests();
            bytesOut += f.counters().bytesOut();
            splicedOut += f.counters().h1().splicedOut();
            sessRate += snapshot.rates().rate(f.counters());
            maxSessRate = Math.max(maxSessRate, snapshot.rates().max(f.counters()));
        }
        int current = p.currentConnections().getAsInt();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long fdMax = maxFileDescriptors();
        Map<FieldTags.Info, Object> v = new EnumMap<>(FieldTags.Info.class);
        v.put(FieldTags.Info.NAME, p.name());
        v.put(FieldTags.Info.VERSION, p.version());
        v.put(FieldTags.Info.RELEASE_DATE, p.releaseDate());
        v.put(FieldTags.Info.NBTHREAD, p.nbthread());
        v.put(FieldTags.Info.NBPROC, 1);
        v.put(FieldTags.Info.PROCESS_NUM, 1);
        v.put(FieldTags.Info.PID, p.pid());
        v.put(
                FieldTags.Info.UPTIME,
                (up / 86400) + "d " + (up / 3600 % 24) + "h" + String.format("%02d", up / 60 % 60) + "m"
                        + String.format("%02d", up % 60) + "s");
        v.put(FieldTags.Info.UPTIME_SEC, up);
        v.put(FieldTags.Info.MEMMAX_MB, 0); // no memory cap of HAProxy's kind (-m); the JVM heap is bounded by -Xmx
        v.put(FieldTags.Info.POOLALLOC_MB, heap.getCommitted() >> 20);
        v.put(FieldTags.Info.POOLUSED_MB, heap.getUsed() >> 20);
        v.put(FieldTags.Info.POOLFAILED, 0);
        if (fdMax > 0) {
            v.put(FieldTags.Info.ULIMIT_N, fdMax);
            v.put(FieldTags.Info.MAXSOCK, fdMax);
        }
        v.put(FieldTags.Info.MAXCONN, p.maxconn());
        v.put(FieldTags.Info.HARD_MAXCONN, p.maxconn());
        v.put(FieldTags.Info.CURRCONNS, current);
        v.put(FieldTags.Info.CUMCONNS, cumConns);
        v.put(FieldTags.Info.CUMREQ, cumReq);
        for (FieldTags.Info zero : new FieldTags.Info[] {
            FieldTags.Info.MAXSSLCONNS,
            FieldTags.Info.MAXPIPES,
            FieldTags.Info.PIPESUSED,
            FieldTags.Info.PIPESFREE,
            FieldTags.Info.CONNRATELIMIT,
            FieldTags.Info.SESSRATELIMIT,
            FieldTags.Info.SSLRATELIMIT,
            FieldTags.Info.SSLCACHELOOKUPS,
            FieldTags.Info.SSLCACHEMISSES,
            FieldTags.Info.COMPRESSBPSIN,
            FieldTags.Info.COMPRESSBPSOUT,
            FieldTags.Info.COMPRESSBPSRATELIM,
            FieldTags.Info.ACTIVEPEERS,
            FieldTags.Info.CONNECTEDPEERS,
            FieldTags.Info.BUSYPOLLING,
            FieldTags.Info.FAILEDRESOLUTIONS,
            FieldTags.Info.DEBUGCOMMANDSISSUED,
            FieldTags.Info.CUMRECVLOGS,
            FieldTags.Info.UNSTOPPABLE_JOBS,
            FieldTags.Info.TAINTED,
            FieldTags.Info.MEMMAX_BYTES
        }) {
            v.put(zero, 0);
        }
        dev.hapair.proxy.tls.TlsCounters.Snapshot ssl = dev.hapair.proxy.tls.TlsCounters.PROCESS.snapshot();
        v.put(FieldTags.Info.CURRSSLCONNS, ssl.current());
        v.put(FieldTags.Info.CUMSSLCONNS, ssl.cumulated());
        v.put(FieldTags.Info.SSLRATE, ssl.rate());
        v.put(FieldTags.Info.MAXSSLRATE, ssl.maxRate());
        v.put(FieldTags.Info.SSLFRONTENDKEYRATE, ssl.frontendKeyRate());
        v.put(FieldTags.Info.SSLFRONTENDMAXKEYRATE, ssl.maxFrontendKeyRate());
        v.put(FieldTags.Info.SSLFRONTENDSESSIONREUSE_PCT, ssl.reusePercent());
        v.put(FieldTags.Info.SSLBACKENDKEYRATE, ssl.backendKeyRate());
        v.put(FieldTags.Info.SSLBACKENDMAXKEYRATE, ssl.maxBackendKeyRate());
        // a session is made per accepted connection (h2 streams are streams, not sessions), and connections a
        // tcp-request connection rule refuses are not counted apart: HAProxy's conn and sess rates coincide here
        v.put(FieldTags.Info.CONNRATE, sessRate);
        v.put(FieldTags.Info.MAXCONNRATE, maxSessRate);
        v.put(FieldTags.Info.SESSRATE, sessRate);
        v.put(FieldTags.Info.MAXSESSRATE, maxSessRate);
        v.put(FieldTags.Info.IDLE_PCT, idlePercent(p.nbthread()));
        v.put(FieldTags.Info.NODE, hostname());
        v.put(FieldTags.Info.STOPPING, stopping ? 1 : 0);
        int listeners = 0;
        for (FrontendRuntime f : snapshot.frontends())
            listeners += f.settings().binds().size();
        v.put(FieldTags.Info.LISTENERS, listeners);
        v.put(FieldTags.Info.JOBS, listeners + current);
        v.put(FieldTags.Info.TOTALBYTESOUT, bytesOut);
        // every byte sent through a kernel pipe, to clients and to servers (HAProxy's global spliced_out_bytes)
        v.put(FieldTags.Info.TOTALSPLICDEDBYTESOUT, splicedOut);
        v.put(FieldTags.Info.BUILD_INFO, p.version());
        v.put(FieldTags.Info.POOLALLOC_BYTES, heap.getCommitted());
        v.put(FieldTags.Info.POOLUSED_BYTES, heap.getUsed());
        v.put(FieldTags.Info.START_TIME_SEC, p.startMillis() / 1000);
        dev.hapair.proxy.tls.TlsProvider tls = dev.hapair.proxy.tls.TlsProvider.active();
        v.put(FieldTags.Info.TLS_PROVIDER, tls == null ? "none" : tls.summary());
        return v;
    }

    static String plain(Map<FieldTags.Info, Object> v) {
        StringBuilder sb = new StringBuilder(2048);
        v.forEach((f, val) -> sb.append(f.label).append(": ").append(val).append('\n'));
        return sb.toString();
    }

    /** {@code 0.Name.1:POS:str:hapair-proxy}: position, name, process number, tags, type, value. */
    static String typed(Map<FieldTags.Info, Object> v) {
        StringBuilder sb = new StringBuilder(4096);
        v.forEach((f, val) -> sb.append(f.pos)
                .append('.')
                .append(f.label)
                .append(".1:")
                .append(f.tag.tags())
                .append(':')
                .append(f.tag.type())
                .append(':')
                .append(val)
                .append('\n'));
        return sb.toString();
    }

    static String json(Map<FieldTags.Info, Object> v) {
        StringBuilder sb = new StringBuilder(16384).append('[');
        boolean first = true;
        for (var e : v.entrySet()) {
            FieldTags.Info f = e.getKey();
            if (!first) sb.append(',');
            first = false;
            sb.append("{\"field\":{\"pos\":")
                    .append(f.pos)
                    .append(",\"name\":")
                    .append(Json.quote(f.label))
                    .append("},\"processNum\":1,\"tags\":{\"origin\":")
                    .append(Json.quote(f.tag.origin()))
                    .append(",\"nature\":")
                    .append(Json.quote(f.tag.nature()))
                    .append(",\"scope\":")
                    .append(Json.quote(f.tag.scope()))
                    .append("},\"value\":{\"type\":")
                    .append(Json.quote(f.tag.type()))
                    .append(",\"value\":");
            Object val = e.getValue();
            if (f.tag.type().equals("str")) sb.append(Json.quote(String.valueOf(val)));
            else sb.append(((Number) val).longValue());
            sb.append("}}");
        }
        return sb.append("]\n").toString();
    }

    private static long maxFileDescriptors() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) return unix.getMaxFileDescriptorCount();
        return -1;
    }

    /** Share of the CPU time the worker threads could have used that went unused, over the JVM's last sample. */
    private static int idlePercent(int nbthread) {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            double load = sun.getProcessCpuLoad(); // 0..1 of all CPUs, negative when not available yet
            if (load >= 0) {
                double busy = load * Runtime.getRuntime().availableProcessors() / Math.max(1, nbthread);
                return (int) Math.round(Math.max(0, Math.min(1, 1 - busy)) * 100);
            }
        }
        return 100;
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
