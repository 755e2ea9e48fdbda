package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.RequestInfo;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.log.TrafficLogEntry;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;

/** State of one request/response on a client connection, from its head to the end of the response. */
final class HttpExchange {
    final HttpFrontendHandler owner;
    final HttpRequest request;
    final long startNanos;
    final long headNanos;
    RequestInfo info;
    /** The transaction the rules see (variables, captures, response head). */
    dev.hapair.proxy.http.HttpTxn txn;
    dev.hapair.proxy.rules.ProxyRules frontendRules;
    dev.hapair.proxy.rules.ProxyRules backendRules;
    BackendRuntime backend;
    ServerRuntime server;
    Channel serverChannel;
    HttpServerSideHandler serverHandler;
    ServerAttempt attempt;
    boolean reused;
    boolean clientKeepAlive;
    boolean requestHasBody;
    boolean bodyForwarded;
    boolean requestComplete;
    boolean responseStarted;
    boolean responseComplete;
    boolean interim;
    boolean serverKeepAlive;
    boolean local;
    boolean headRequest;
    boolean replayed;
    int status = -1;
    long connectedNanos;
    long responseNanos;
    long bytesToClient;
    dev.hapair.proxy.http.cookie.RequestCookie requestCookie;
    ServerRuntime stickyServer;
    TrafficLogEntry log;
    String termination = "--";
    /** Set while the request goes to a local service (stats page): its body is kept, bounded. */
    dev.hapair.proxy.http.HttpLocalService.BodyHandler localService;
    private java.io.ByteArrayOutputStream localBody;

    HttpExchange(HttpFrontendHandler owner, HttpRequest request, long startNanos, long headNanos) {
        this.owner = owner;
        this.request = request;
        this.startNanos = startNanos;
        this.headNanos = headNanos;
    }

    void keepLocalBody(io.netty.handler.codec.http.HttpContent c) {
        int n = c.content().readableBytes();
        if (n == 0) return;
        if (localBody == null) localBody = new java.io.ByteArrayOutputStream();
        int room = dev.hapair.proxy.http.HttpLocalService.MAX_BODY - localBody.size();
        if (room <= 0) return;
        byte[] b = new byte[Math.min(room, n)];
        c.content().getBytes(c.content().readerIndex(), b);
        localBody.write(b, 0, b.length);
    }

    byte[] localBody() { return localBody == null ? new byte[0] : localBody.toByteArray(); }
}
