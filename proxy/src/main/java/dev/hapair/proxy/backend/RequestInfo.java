package dev.hapair.proxy.backend;

import dev.hapair.proxy.acl.RequestView;
import dev.hapair.proxy.h1.RequestHead;
import dev.hapair.proxy.lb.LbRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * One request as acls ({@link RequestView}) and balancing ({@link LbRequest}) see it: the client and
 * local addresses, and for HTTP the live request head (header edits by {@code http-request} rules are
 * visible to later rules and to routing).
 */
public final class RequestInfo implements RequestView, LbRequest {
    private final InetSocketAddress client;
    private final InetSocketAddress local;
    private final RequestHead http;
    private dev.hapair.proxy.sample.SampleContext context;

    private RequestInfo(InetSocketAddress client, InetSocketAddress local, RequestHead http) {
        this.client = client;
        this.local = local;
        this.http = http;
    }

    public static RequestInfo tcp(InetSocketAddress client, InetSocketAddress local) {
        return new RequestInfo(client, local, null);
    }

    public static RequestInfo http(InetSocketAddress client, InetSocketAddress local, RequestHead request) {
        return new RequestInfo(client, local, request);
    }

    /** The address the client connected to (as a received PROXY protocol header gave it, if any). */
    public InetSocketAddress local() {
        return local;
    }

    public InetSocketAddress client() {
        return client;
    }

    private boolean secure;

    /** The request arrived over TLS ({@code ssl_fc}). */
    public void secure(boolean tls) {
        this.secure = tls;
    }

    @Override
    public boolean secure() {
        return secure;
    }

    private dev.hapair.proxy.sample.TlsFacts tls;

    /** The client connection's completed TLS handshake ({@code ssl_fc_sni}... in routing conditions). */
    public void tls(dev.hapair.proxy.sample.TlsFacts facts) {
        this.tls = facts;
    }

    @Override
    public dev.hapair.proxy.sample.TlsFacts tls() {
        return tls;
    }

    /** Attaches the transaction the rules run on, so routing conditions see its variables. */
    public void attach(dev.hapair.proxy.sample.SampleContext txn) {
        this.context = txn;
    }

    @Override
    public dev.hapair.proxy.sample.SampleContext context() {
        return context;
    }

    public RequestHead httpRequest() {
        return http;
    }

    @Override
    public String method() {
        return http == null ? null : http.method();
    }

    @Override
    public String uri() {
        return http == null ? null : http.uri();
    }

    @Override
    public List<String> headers(String name) {
        return http == null ? List.of() : http.headers(name);
    }

    @Override
    public String header(String name) {
        return http == null ? null : http.header(name);
    }

    @Override
    public String httpVersion() {
        return http == null ? null : http.version();
    }

    @Override
    public InetAddress sourceAddress() {
        return client == null ? null : client.getAddress();
    }

    @Override
    public int sourcePort() {
        return client == null ? -1 : client.getPort();
    }

    @Override
    public InetAddress destinationAddress() {
        return local == null ? null : local.getAddress();
    }

    @Override
    public int destinationPort() {
        return local == null ? -1 : local.getPort();
    }
}
