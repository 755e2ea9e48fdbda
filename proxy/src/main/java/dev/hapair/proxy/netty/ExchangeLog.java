package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.http.HttpTxn;
import dev.hapair.proxy.log.TrafficLogEntry;
import dev.hapair.proxy.rules.ProxyRules;
import dev.hapair.proxy.sample.Addresses;
import dev.hapair.proxy.sample.FormatString;
import dev.hapair.proxy.sample.HttpHead;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

/**
 * What an HTTP exchange leaves behind: its {@code httplog} / {@code log-format} line, the captured headers it
 * carries, and the queue/connect/response/total times the stats average. No I/O but the log sink.
 */
final class ExchangeLog {
    private ExchangeLog() {}

    /** A log entry for a request whose head was complete at {@code now}, the client's wait since {@code startNanos}. */
    static TrafficLogEntry newEntry(FrontendRuntime frontend, InetSocketAddress remote, long startNanos, long now) {
        TrafficLogEntry l = new TrafficLogEntry();
        l.clientIp = remote.getAddress() == null ? remote.getHostString() : Addresses.format(remote.getAddress());
        l.clientPort = remote.getPort();
        l.acceptEpochMillis = System.currentTimeMillis() - (now - startNanos) / 1_000_000;
        l.frontend = frontend.name();
        l.backend = frontend.name(); // until a backend is chosen, as HAProxy's (its stream's backend is the frontend)
        l.tRequest = (now - startNanos) / 1_000_000;
        return l;
    }

    /** {@code capture request|response header}: the last value of each declared header, truncated to its length. */
    static void captureHeaders(HttpExchange e, ProxyRules r, boolean request) {
        if (r == null) return;
        List<String> names = request ? r.requestCaptures() : r.responseCaptures();
        if (names.isEmpty()) return;
        HttpHead head = request ? e.txn.request() : e.txn.response();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).isEmpty()) continue; // a 'declare capture' slot, filled by rules
            List<String> v = head.headers(names.get(i));
            if (v.isEmpty()) continue;
            String last = v.get(v.size() - 1);
            int max = r.captureLength(request, i);
            e.txn.capture(request, i, last.length() > max ? last.substring(0, max) : last);
        }
    }

    /**
     * A server attempt ended without a connection (failed, or abandoned by the client): the log names the server
     * it was trying (none while queued), the time it waited for a slot and its retries; the connect time stays -1.
     */
    static void attemptEnded(HttpExchange e, ServerAttempt a, long now) {
        TrafficLogEntry l = e.log;
        if (l == null) return;
        ServerRuntime s = a.currentServer();
        if (s != null) l.server = s.name();
        long granted = a.grantedNanos != 0 ? a.grantedNanos : now;
        l.tQueue = Math.max(0, (granted - a.queuedNanos) / 1_000_000);
        l.retries = a.retries;
        l.redispatched = a.redispatched;
        StickyCookie.movedFromCookieServer(e, s);
    }

    /** qtime/ctime/rtime/ttime of a request a server answered (HAProxy averages successful ones only). */
    static void recordTimes(HttpExchange e, long endNanos) {
        if (e.server == null || e.responseNanos <= 0 || e.connectedNanos <= 0) return;
        long connect = e.connectMillis; // 0 on a reused server connection, as HAProxy reports it
        long response = (e.responseNanos - e.connectedNanos) / 1_000_000;
        long total = (endNanos - e.startNanos) / 1_000_000;
        e.server.counters().times().record(e.queueMillis, connect, response, total);
        e.backend.counters().times().record(e.queueMillis, connect, response, total);
    }

    /** Logs the exchange once (its entry is then dropped), unless a rule made it silent. */
    static void exchange(ProxyContext px, FrontendRuntime frontend, HttpExchange e) {
        exchange(px, frontend, e, false);
    }

    /**
     * @param early {@code option logasap}: the response head was just sent; the total time and bytes are
     *              those so far
     */
    static void exchange(ProxyContext px, FrontendRuntime frontend, HttpExchange e, boolean early) {
        TrafficLogEntry l = e.log;
        if (l == null) return;
        e.log = null;
        l.early = early;
        long end = System.nanoTime();
        if (e.responseNanos > 0) l.tResponse = (e.responseNanos - e.connectedNanos) / 1_000_000;
        l.tTotal = (end - e.startNanos) / 1_000_000;
        l.status = e.status;
        l.bytesRead = e.bytesToClient;
        l.termination = e.termination.code();
        if (e.backend != null) {
            l.beconn = e.backend.counters().currentSessions();
            l.backendQueue = e.backend.queued();
        }
        if (e.server != null) l.srvconn = e.server.counters().currentSessions();
        if (e.txn != null) {
            l.requestCaptures = captureBlock(e.txn.capturedRequestHeaders());
            l.responseCaptures = captureBlock(e.txn.capturedResponseHeaders());
        }
        if (e.txn != null && "silent".equals(e.txn.logLevel())) return;
        emit(px, frontend, l, e.txn);
    }

    /** {@code {a|b}} as httplog prints captured headers (absent ones empty); null without captures. */
    private static String captureBlock(List<String> values) {
        if (values.isEmpty()) return null;
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) sb.append('|');
            if (values.get(i) != null) sb.append(values.get(i));
        }
        return sb.append('}').toString();
    }

    /** The line of {@code log-format} when the frontend has one (rendered over {@code txn}), else httplog's. */
    static void emit(ProxyContext px, FrontendRuntime frontend, TrafficLogEntry l, HttpTxn txn) {
        l.actconn = px.activeConnections.get();
        l.feconn = frontend.counters().currentSessions();
        ProxyRules fr = ProxyRules.in(frontend.rules());
        String line = fr.logFormat() != null && txn != null
                ? fr.logFormat().render(txn, FormatString.Absent.DASH)
                : l.httpLine();
        (frontend.log() != null ? frontend.log() : px.log).log(6, line);
    }

    /** {@code address:port} of a peer, as {@code show errors} names it. */
    static String peer(SocketAddress a) {
        return a instanceof InetSocketAddress i
                ? i.getAddress().getHostAddress() + ":" + i.getPort()
                : String.valueOf(a);
    }
}
