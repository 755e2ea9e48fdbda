package dev.hapair.proxy.backend;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Live counters of one server (or backend/frontend), updated from every event loop. Names follow the
 * HAProxy stats CSV columns (scur, smax, stot, bin, bout, qcur, qmax, econ, eresp, wretr, wredis,
 * hrsp_*) so the stats renderer maps them one to one.
 */
public final class ServerCounters {
    /** The per-request counters below, added to by every event loop without atomic instructions. */
    private final LoopAdder.Bank bank = new LoopAdder.Bank(25);

    private final AtomicInteger currentSessions = new AtomicInteger();
    private final AtomicInteger maxSessions = new AtomicInteger();
    /** The most sessions at once since {@link #takeRecentMaxSessions} (how many idle connections are worth keeping). */
    private final AtomicInteger recentMaxSessions = new AtomicInteger();

    private final LoopAdder totalSessions = bank.adder();
    private final LoopAdder bytesIn = bank.adder();
    private final LoopAdder bytesOut = bank.adder();
    private final AtomicInteger currentQueue = new AtomicInteger();
    private final AtomicInteger maxQueue = new AtomicInteger();
    private final LoopAdder connectionErrors = bank.adder();
    private final LoopAdder responseErrors = bank.adder();
    private final LoopAdder retries = bank.adder();
    private final LoopAdder redispatches = bank.adder();
    private final LoopAdder deniedRequests = bank.adder();
    private final LoopAdder requestErrors = bank.adder();
    private final LoopAdder requests = bank.adder();
    private final LoopAdder connectAttempts = bank.adder();
    private final LoopAdder reuses = bank.adder();
    private final LoopAdder clientAborts = bank.adder();
    private final LoopAdder serverAborts = bank.adder();
    private final LoopAdder internalErrors = bank.adder();
    private final LoopAdder deniedConnections = bank.adder();
    private final LoopAdder deniedSessions = bank.adder();
    private final LoopAdder intercepted = bank.adder();
    private final LoopAdder failedRewrites = bank.adder();
    private final ResponseTimes times = new ResponseTimes();
    private final H1Counters h1 = new H1Counters();
    private final H2Counters h2 = new H2Counters();
    private final SslCounters ssl = new SslCounters();
    private volatile long lastSessionMillis = -1;
    private final LoopAdder[] responsesByClass = {
        bank.adder(), bank.adder(), bank.adder(), bank.adder(), bank.adder(), bank.adder()
    };

    /** One more session (a connection in tcp mode, a request in http mode) is being served. */
    public int sessionStarted() {
        totalSessions.increment();
        int now = currentSessions.incrementAndGet();
        if (now > maxSessions.get()) maxSessions.accumulateAndGet(now, Math::max); // no atomic write when below
        if (now > recentMaxSessions.get()) recentMaxSessions.accumulateAndGet(now, Math::max);
        return now;
    }

    /** The most sessions at once in the period now ending; the next period starts from the current count. */
    public int takeRecentMaxSessions() {
        return recentMaxSessions.getAndSet(currentSessions.get());
    }

    /** The most sessions at once in the current period. */
    public int recentMaxSessions() {
        return recentMaxSessions.get();
    }

    public void sessionEnded() {
        currentSessions.decrementAndGet();
    }

    /** The {@code h1} stats module of this frontend or backend (unused on a server). */
    public H1Counters h1() {
        return h1;
    }

    /** The {@code h2} stats module of this frontend or backend (unused on a server). */
    public H2Counters h2() {
        return h2;
    }

    /** The {@code ssl} stats module of this frontend, backend or server. */
    public SslCounters ssl() {
        return ssl;
    }

    /** qtime/ctime/rtime/ttime of this proxy or server. */
    public ResponseTimes times() {
        return times;
    }

    /** A session was assigned here at {@code epochMillis} (HAProxy's lastsess counts from it). */
    public void sessionAssigned(long epochMillis) {
        // a volatile store is a fence, and the event loops share this line: stored only when the millisecond changed
        if (lastSessionMillis != epochMillis) lastSessionMillis = epochMillis;
    }

    /** When a session was last assigned here, or -1. */
    public long lastSessionMillis() {
        return lastSessionMillis;
    }

    public void queued() {
        maxQueue.accumulateAndGet(currentQueue.incrementAndGet(), Math::max);
    }

    public void dequeued() {
        currentQueue.decrementAndGet();
    }

    public void addBytesIn(long n) {
        bytesIn.add(n);
    }

    public void addBytesOut(long n) {
        bytesOut.add(n);
    }

    /** {@code bin} as the calling event loop's cell ({@link LoopAdder#local}). */
    public LoopAdder.Local bytesInHere() {
        return bytesIn.local();
    }

    /** {@code bout} as the calling event loop's cell ({@link LoopAdder#local}). */
    public LoopAdder.Local bytesOutHere() {
        return bytesOut.local();
    }

    public void connectionError() {
        connectionErrors.increment();
    }

    public void responseError() {
        responseErrors.increment();
    }

    public void retried() {
        retries.increment();
    }

    public void redispatched() {
        redispatches.increment();
    }

    public void denied() {
        deniedRequests.increment();
    }

    public void requestError() {
        requestErrors.increment();
    }

    /** One more HTTP request received (req_tot; frontends count requests apart from connections). */
    public void requestReceived() {
        requests.increment();
    }

    /** Counts a response by status class (hrsp_1xx .. hrsp_5xx, other). */
    public void response(int status) {
        int cls = status / 100;
        responsesByClass[cls >= 1 && cls <= 5 ? cls - 1 : 5].increment();
    }

    /**
     * Runtime API {@code clear counters}: the maxima restart from zero, as HAProxy 2.6's do (probed: with a
     * session still open, smax reads 0 after the command, not 1, until the next session); with {@code all}
     * ({@code clear counters all}) every cumulative counter restarts from zero too. Current values (sessions,
     * queue) are state, not counters: they are kept.
     */
    public void clear(boolean all) {
        maxSessions.set(0);
        maxQueue.set(0);
        times.clear(all);
        // HAProxy's stats modules are cleared by both forms of the command
        h1.clear();
        h2.clear();
        ssl.clear();
        if (!all) return;
        for (LoopAdder a : new LoopAdder[] {
            totalSessions,
            bytesIn,
            bytesOut,
            connectionErrors,
            responseErrors,
            retries,
            redispatches,
            deniedRequests,
            requestErrors,
            requests,
            connectAttempts,
            reuses,
            clientAborts,
            serverAborts,
            internalErrors,
            deniedConnections,
            deniedSessions,
            intercepted,
            failedRewrites
        }) {
            a.reset();
        }
        for (LoopAdder a : responsesByClass) a.reset();
    }

    public int currentSessions() {
        return currentSessions.get();
    }

    /** A new connection to a server was attempted (HAProxy's {@code connect}). */
    public void connectAttempted() {
        connectAttempts.increment();
    }

    /** An idle server connection was reused instead (HAProxy's {@code reuse}). */
    public void connectionReused() {
        reuses.increment();
    }

    /**
     * The client ended a session during its data phase (termination {@code CD}/{@code cD}: closed, reset or timed
     * out), HAProxy's {@code cli_abrt}.
     */
    public void clientAborted() {
        clientAborts.increment();
    }

    /** The server ended a session during its data phase ({@code SD}/{@code sD}), HAProxy's {@code srv_abrt}. */
    public void serverAborted() {
        serverAborts.increment();
    }

    /** An unexpected failure inside the proxy itself ended a session (HAProxy's {@code eint}). */
    public void internalError() {
        internalErrors.increment();
    }

    /** {@code tcp-request connection reject} refused a connection (HAProxy's {@code dcon}). */
    public void connectionDenied() {
        deniedConnections.increment();
    }

    /** {@code tcp-request session reject} refused a session (HAProxy's {@code dses}). */
    public void sessionDenied() {
        deniedSessions.increment();
    }

    /**
     * A frontend answered a request itself: redirect, return, stats page, monitor-uri, use-service (HAProxy's
     * {@code intercepted}).
     */
    public void intercepted() {
        intercepted.increment();
    }

    public long clientAborts() {
        return clientAborts.sum();
    }

    public long serverAborts() {
        return serverAborts.sum();
    }

    /** A header or URI rewrite did not fit the buffer (HAProxy's {@code wrew}), whether strict-mode or not. */
    public void rewriteFailed() {
        failedRewrites.increment();
    }

    public long failedRewrites() {
        return failedRewrites.sum();
    }

    public long internalErrors() {
        return internalErrors.sum();
    }

    public long deniedConnections() {
        return deniedConnections.sum();
    }

    public long deniedSessions() {
        return deniedSessions.sum();
    }

    public long interceptedRequests() {
        return intercepted.sum();
    }

    public long connectAttempts() {
        return connectAttempts.sum();
    }

    public long reuses() {
        return reuses.sum();
    }

    public int maxSessions() {
        return maxSessions.get();
    }

    public long totalSessions() {
        return totalSessions.sum();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    public int currentQueue() {
        return currentQueue.get();
    }

    public int maxQueue() {
        return maxQueue.get();
    }

    public long connectionErrors() {
        return connectionErrors.sum();
    }

    public long responseErrors() {
        return responseErrors.sum();
    }

    public long retries() {
        return retries.sum();
    }

    public long redispatches() {
        return redispatches.sum();
    }

    public long deniedRequests() {
        return deniedRequests.sum();
    }

    public long requestErrors() {
        return requestErrors.sum();
    }

    public long requests() {
        return requests.sum();
    }

    /** Responses of status class {@code cls} (1..5); 0 or anything else gives the "other" bucket. */
    public long responses(int cls) {
        return responsesByClass[cls >= 1 && cls <= 5 ? cls - 1 : 5].sum();
    }
}
