package dev.hapair.proxy.http;

import dev.hapair.proxy.config.StickTableConfig.DataType;
import dev.hapair.proxy.log.TrafficLogEntry;
import dev.hapair.proxy.rules.HeadEditor;
import dev.hapair.proxy.rules.Txn;
import dev.hapair.proxy.sample.HttpHead;
import dev.hapair.proxy.sample.ProxyState;
import dev.hapair.proxy.sample.Vars;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;

/**
 * One HTTP transaction as the rules engine sees it: addresses, the live request and (later) response
 * heads, variables, captures, names and the log entry. Confined to the client's event loop.
 */
public final class HttpTxn implements Txn {
    private InetSocketAddress client;
    private InetSocketAddress local;
    private final HeadEditor request;
    private HeadEditor response;
    private final Vars vars;
    private final ProxyState state;
    private final UserCheck users;
    private final String frontend;
    private String backend;
    private String server;
    private int serverId = -1;
    private String uniqueId;
    private boolean firstRequest;
    private static final String[] NO_CAPTURES = new String[0];
    private String[] reqCaptures = NO_CAPTURES;
    private String[] resCaptures = NO_CAPTURES;
    private TrafficLogEntry log;
    private String logLevel;
    private long requestRoom = Long.MAX_VALUE;
    private long responseRoom = Long.MAX_VALUE;
    private boolean strictRewrites = true;
    private dev.hapair.proxy.stick.Tracked[] tracked;

    /** Userlist checks, provided by the runtime. */
    public interface SampleUsers extends UserCheck {}

    public HttpTxn(
            InetSocketAddress client,
            InetSocketAddress local,
            HeadEditor request,
            Vars vars,
            ProxyState state,
            UserCheck users,
            String frontend) {
        this.client = client;
        this.local = local;
        this.request = request;
        this.vars = vars;
        this.state = state;
        this.users = users;
        this.frontend = frontend;
    }

    private dev.hapair.proxy.sample.SourceSample sourceSamples;

    /** Where the connection keeps its {@code src} sample across its requests. */
    public void sourceSamples(dev.hapair.proxy.sample.SourceSample cache) {
        this.sourceSamples = cache;
    }

    @Override
    public dev.hapair.proxy.sample.Sample sourceSample() {
        return sourceSamples == null ? Txn.super.sourceSample() : sourceSamples.of(client);
    }

    private boolean secure;
    private dev.hapair.proxy.sample.TlsFacts tls;

    private dev.hapair.proxy.sample.ClientConnection connection;

    /** The client connection ({@code fc_src}, {@code fc_rcvd_proxy}, {@code so_id}). */
    public void connection(dev.hapair.proxy.sample.ClientConnection c) {
        this.connection = c;
    }

    @Override
    public dev.hapair.proxy.sample.ClientConnection connection() {
        return connection;
    }

    private dev.hapair.common.config.SourceLocation lastRule;

    @Override
    public void lastRule(dev.hapair.common.config.SourceLocation at) {
        lastRule = at;
    }

    @Override
    public dev.hapair.common.config.SourceLocation lastRule() {
        return lastRule;
    }

    /** The request arrived over TLS ({@code ssl_fc}). */
    public void secure(boolean tls) {
        this.secure = tls;
    }

    private dev.hapair.proxy.sample.ProxyTlvs proxyTlvs = dev.hapair.proxy.sample.ProxyTlvs.NONE;

    /** What the connection's PROXY protocol v2 header carried ({@code fc_pp_authority}, {@code fc_pp_unique_id}). */
    public void proxyTlvs(dev.hapair.proxy.sample.ProxyTlvs tlvs) {
        this.proxyTlvs = tlvs;
    }

    @Override
    public dev.hapair.proxy.sample.ProxyTlvs proxyTlvs() {
        return proxyTlvs;
    }

    /** The connection's completed handshake ({@code ssl_fc_*}). */
    public void tls(dev.hapair.proxy.sample.TlsFacts facts) {
        this.tls = facts;
    }

    @Override
    public dev.hapair.proxy.sample.TlsFacts tls() {
        return tls;
    }

    private java.util.function.Supplier<dev.hapair.proxy.sample.TlsFacts> serverTls;

    /**
     * The handshake of the server connection the response comes from ({@code ssl_s_*}), read only when a fetch
     * asks; null when that connection is clear.
     */
    public void serverTls(java.util.function.Supplier<dev.hapair.proxy.sample.TlsFacts> facts) {
        this.serverTls = facts;
    }

    @Override
    public dev.hapair.proxy.sample.TlsFacts serverTls() {
        return serverTls == null ? null : serverTls.get();
    }

    @Override
    public boolean secure() {
        return secure;
    }

    /** The response the rules now see (the server's, or a local reply); null before there is one. */
    public void response(HeadEditor r) {
        this.response = r;
        this.responseRoom = Long.MAX_VALUE; // a reply built by the proxy: no buffered body limits it
    }

    /**
     * The buffer a message's rewrites must fit in: {@code bufsize} less its head ({@code headBytes}) and the
     * body bytes already received ({@code bodyBytes}), which HAProxy buffers only up to {@code maxHeadBytes}
     * ({@code tune.bufsize - tune.maxrewrite}) in all.
     */
    public void rewriteBuffer(boolean response, int bufsize, int maxHeadBytes, int headBytes, long bodyBytes) {
        long buffered = Math.max(0, Math.min(bodyBytes, (long) maxHeadBytes - headBytes));
        long room = Math.max(0, (long) bufsize - headBytes - buffered);
        if (response) {
            responseRoom = room;
        } else {
            requestRoom = room;
        }
    }

    @Override
    public long rewriteRoom(boolean response) {
        return response ? responseRoom : requestRoom;
    }

    @Override
    public void rewrote(boolean response, long delta) {
        if (response) {
            if (responseRoom != Long.MAX_VALUE) responseRoom -= delta;
        } else if (requestRoom != Long.MAX_VALUE) {
            requestRoom -= delta;
        }
    }

    @Override
    public dev.hapair.proxy.stick.Tracked tracked(int slot) {
        return tracked == null ? null : tracked[slot];
    }

    @Override
    public boolean track(int slot, dev.hapair.proxy.stick.Tracked t) {
        if (tracked == null) tracked = new dev.hapair.proxy.stick.Tracked[3];
        if (tracked[slot] != null) return false;
        tracked[slot] = t;
        return true;
    }

    /**
     * The transaction ends: its tracked counters count the status (4xx: {@code http_err}, 5xx but 501 and
     * 505: {@code http_fail}, as HAProxy) and the bytes, then are released. Idempotent.
     */
    public void endTracking(int status, long bytesIn, long bytesOut) {
        if (tracked == null) return;
        dev.hapair.proxy.stick.Tracked[] all = tracked;
        tracked = null;
        for (dev.hapair.proxy.stick.Tracked t : all) {
            if (t == null) continue;
            var table = t.table();
            if (status >= 400 && status < 500) {
                table.count(t.entry(), DataType.HTTP_ERR_CNT, 1);
                table.count(t.entry(), DataType.HTTP_ERR_RATE, 1);
            } else if (status >= 500 && status < 600 && status != 501 && status != 505) {
                table.count(t.entry(), DataType.HTTP_FAIL_CNT, 1);
                table.count(t.entry(), DataType.HTTP_FAIL_RATE, 1);
            }
            table.count(t.entry(), DataType.BYTES_IN_CNT, bytesIn);
            table.count(t.entry(), DataType.BYTES_IN_RATE, bytesIn);
            table.count(t.entry(), DataType.BYTES_OUT_CNT, bytesOut);
            table.count(t.entry(), DataType.BYTES_OUT_RATE, bytesOut);
            t.release();
        }
    }

    @Override
    public boolean strictRewrites() {
        return strictRewrites;
    }

    @Override
    public void rewriteFailed() {
        state.rewriteFailed(frontend, backend, server);
    }

    @Override
    public void strictRewrites(boolean on) {
        strictRewrites = on;
    }

    public void backend(String name) {
        this.backend = name;
    }

    private dev.hapair.proxy.backend.Timeouts frontendTimeouts;
    private dev.hapair.proxy.backend.Timeouts backendTimeouts;
    private long serverTimeout = -1;
    private long tunnelTimeout = -1;

    /** The timeouts of the frontend and (once chosen) of the backend, for the timeout fetches. */
    public void timeouts(dev.hapair.proxy.backend.Timeouts frontend, dev.hapair.proxy.backend.Timeouts backend) {
        this.frontendTimeouts = frontend;
        this.backendTimeouts = backend;
    }

    private byte[] body;

    private byte[] responseBody;

    private boolean responseBodyDone;
    private boolean bodyDone;
    private String listener;

    /** The bind name of the listener that accepted the connection ({@code so_name}). */
    public void listenerName(String name) {
        this.listener = name;
    }

    @Override
    public String listenerName() {
        return listener;
    }

    /**
     * The request body received so far (de-chunked) while the rules wait for it; {@code done} when waiting is
     * over: the body is complete, the buffer is full or the wait timed out.
     */
    public void requestBody(byte[] b, boolean done) {
        this.body = b;
        this.bodyDone = done;
    }

    @Override
    public byte[] requestBody() {
        return body;
    }

    @Override
    public boolean requestBodyReady(long atLeast) {
        return body == null || bodyDone || atLeast > 0 && body.length >= atLeast;
    }

    /**
     * The response body received so far (the response rules wait for it: {@code http-response wait-for-body});
     * {@code done}: it is complete, or no more will be waited for.
     */
    public void responseBody(byte[] b, boolean done) {
        this.responseBody = b;
        this.responseBodyDone = done;
    }

    @Override
    public boolean responseBodyReady(long atLeast) {
        return responseBody == null || responseBodyDone || atLeast > 0 && responseBody.length >= atLeast;
    }

    @Override
    public void setTimeout(String which, long millis) {
        if (which.equals("tunnel")) {
            tunnelTimeout = millis;
        } else {
            serverTimeout = millis;
        }
    }

    /** The server timeout set by {@code set-timeout server}, or -1. */
    public long serverTimeoutOverride() {
        return serverTimeout;
    }

    /** The tunnel timeout set by {@code set-timeout tunnel}, or -1. */
    public long tunnelTimeoutOverride() {
        return tunnelTimeout;
    }

    @Override
    public long timeout(String which, boolean current) {
        if (which.equals("client")) {
            return frontendTimeouts == null ? -1 : frontendTimeouts.client();
        }
        boolean tunnel = which.equals("tunnel");
        long own = tunnel ? tunnelTimeout : serverTimeout;
        if (current && own >= 0) {
            return own;
        }
        if (backendTimeouts == null) {
            return -1;
        }
        return tunnel ? backendTimeouts.tunnel() : backendTimeouts.server();
    }

    public void server(String name, int id) {
        this.server = name;
        this.serverId = id;
    }

    /** The longest unique-id: HAProxy's UNIQUEID_LEN less its terminating NUL. */
    static final int UNIQUE_ID_MAX = 127;

    public void uniqueId(String id) {
        // HAProxy builds it into UNIQUEID_LEN (128) bytes: at most 127 characters (haproxy 2.6.12: a 1100-character
        // %HU gives a 127-character unique-id)
        this.uniqueId = id != null && id.length() > UNIQUE_ID_MAX ? id.substring(0, UNIQUE_ID_MAX) : id;
    }

    /** Whether this request opens its client connection ({@code http_first_req}; set once, at its start). */
    public void firstRequest(boolean first) {
        this.firstRequest = first;
    }

    @Override
    public Boolean firstRequest() {
        return firstRequest;
    }

    public void log(TrafficLogEntry e) {
        this.log = e;
    }

    public void captureSlots(int request, int response) {
        reqCaptures = request == 0 ? NO_CAPTURES : new String[request];
        resCaptures = response == 0 ? NO_CAPTURES : new String[response];
    }

    /** The level set by {@code set-log-level}, or null. */
    public String logLevel() {
        return logLevel;
    }

    @Override
    public InetSocketAddress source() {
        return client;
    }

    @Override
    public void setSource(InetSocketAddress a) {
        client = a;
    }

    @Override
    public void setDestination(InetSocketAddress a) {
        local = a;
    }

    @Override
    public InetSocketAddress destination() {
        return local;
    }

    @Override
    public HttpHead request() {
        return request;
    }

    @Override
    public HttpHead response() {
        return response;
    }

    @Override
    public HeadEditor requestHead() {
        return request;
    }

    @Override
    public HeadEditor responseHead() {
        return response;
    }

    @Override
    public Vars vars() {
        return vars;
    }

    @Override
    public ProxyState proxyState() {
        return state;
    }

    @Override
    public String frontendName() {
        return frontend;
    }

    @Override
    public String backendName() {
        return backend;
    }

    @Override
    public String serverName() {
        return server;
    }

    @Override
    public int serverId() {
        return serverId;
    }

    @Override
    public String uniqueId() {
        return uniqueId;
    }

    @Override
    public UserCheck users() {
        return users;
    }

    @Override
    public TrafficLogEntry logEntry() {
        return log;
    }

    @Override
    public void setLogLevel(String level) {
        this.logLevel = level;
    }

    @Override
    public String capturedRequestHeader(int index) {
        return index >= 0 && index < reqCaptures.length ? reqCaptures[index] : null;
    }

    @Override
    public String capturedResponseHeader(int index) {
        return index >= 0 && index < resCaptures.length ? resCaptures[index] : null;
    }

    @Override
    public List<String> capturedRequestHeaders() {
        return Arrays.asList(reqCaptures);
    }

    @Override
    public List<String> capturedResponseHeaders() {
        return Arrays.asList(resCaptures);
    }

    @Override
    public void capture(boolean request, int slot, String value) {
        String[] a = request ? reqCaptures : resCaptures;
        if (slot >= 0 && slot < a.length) a[slot] = value;
    }
}
