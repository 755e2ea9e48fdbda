package dev.hapair.proxy.http;

import dev.hapair.proxy.rules.ProxyRules;
import dev.hapair.proxy.rules.Txn;
import dev.hapair.proxy.sample.ProxyState;
import dev.hapair.proxy.sample.Vars;
import java.net.InetSocketAddress;

/** A client connection before any HTTP message, as {@code tcp-request connection|session|content} rules see it. */
public final class ConnTxn implements Txn {
    private InetSocketAddress client;
    private InetSocketAddress local;
    private boolean expectProxy;
    private byte[] requestPayload;
    private byte[] responsePayload;
    private boolean contentFinal = true;
    private int contentMisses;
    private final Vars vars;
    private final ProxyState state;
    private final String frontend;
    private dev.hapair.proxy.log.TrafficLogEntry log;
    private String backend;
    private String server;
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

    /** The completed TLS handshake ({@code ssl_fc_*}, {@code ssl_c_*}), set once it is done. */
    public void tls(dev.hapair.proxy.sample.TlsFacts facts) {
        this.tls = facts;
    }

    @Override
    public dev.hapair.proxy.sample.TlsFacts tls() {
        return tls;
    }

    /** The connection arrived on a {@code bind ... ssl} listener ({@code ssl_fc}). */
    private dev.hapair.proxy.sample.ConnectionError connectionError;

    /** The failure the connection error log reports ({@code fc_err}...). */
    public void connectionError(dev.hapair.proxy.sample.ConnectionError e) {
        this.connectionError = e;
    }

    @Override
    public dev.hapair.proxy.sample.ConnectionError connectionError() {
        return connectionError;
    }

    public void secure(boolean tls) {
        this.secure = tls;
    }

    @Override
    public boolean secure() {
        return secure;
    }

    /** At the end of a TCP session: what its log line reports. */
    public void log(dev.hapair.proxy.log.TrafficLogEntry entry, String backendName, String serverName) {
        this.log = entry;
        this.backend = backendName;
        this.server = serverName;
    }

    @Override
    public dev.hapair.proxy.log.TrafficLogEntry logEntry() {
        return log;
    }

    @Override
    public String backendName() {
        return backend;
    }

    @Override
    public String serverName() {
        return server;
    }

    public ConnTxn(InetSocketAddress client, InetSocketAddress local, ProxyRules rules, String frontend) {
        this.client = client;
        this.local = local;
        this.vars = new Vars(rules.live().proc());
        this.state = rules.live().state();
        this.frontend = frontend;
    }

    /**
     * The session's addresses once the handshake is done: a PROXY protocol header may have replaced the
     * socket's (which {@code tcp-request connection} rules saw).
     */
    public void addresses(InetSocketAddress source, InetSocketAddress destination) {
        this.client = source;
        this.local = destination;
    }

    /**
     * TCP content inspection: the request bytes buffered so far ({@code null} outside inspection) and
     * whether more may still come.
     */
    public void requestContent(byte[] bytes, boolean last) {
        this.requestPayload = bytes;
        this.contentFinal = last;
    }

    /** {@code tcp-response content} inspection: the response bytes so far. */
    public void responseContent(byte[] bytes, boolean last) {
        this.responsePayload = bytes;
        this.contentFinal = last;
    }

    @Override
    public byte[] requestPayload() {
        return requestPayload;
    }

    @Override
    public byte[] responsePayload() {
        return responsePayload;
    }

    @Override
    public boolean contentFinal() {
        return contentFinal;
    }

    @Override
    public void contentMissing() {
        contentMisses++;
    }

    @Override
    public int contentMisses() {
        return contentMisses;
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

    /** {@code tcp-request connection expect-proxy layer4}: a PROXY protocol header must come first. */
    @Override
    public void expectProxy() {
        expectProxy = true;
    }

    public boolean expectsProxy() {
        return expectProxy;
    }

    @Override
    public InetSocketAddress source() {
        return client;
    }

    @Override
    public InetSocketAddress destination() {
        return local;
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
}
