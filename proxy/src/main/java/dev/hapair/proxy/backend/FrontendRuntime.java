package dev.hapair.proxy.backend;

import dev.hapair.proxy.h2.ClientProtocol;
import dev.hapair.proxy.h2.H2Limits;
import dev.hapair.proxy.log.LogSink;
import dev.hapair.proxy.tls.ServerTls;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;

/**
 * Live state of one frontend: settings, routing, {@code http-request} rules and counters.
 *
 * @param rules {@code http-request} rules of the frontend, evaluated in order before routing
 */
public final class FrontendRuntime {
    private final String name;
    private final FrontendSettings settings;
    private final BackendRouter router;
    private final List<? extends RequestRule> rules;
    private final ServerCounters counters = new ServerCounters();
    private final LogSink log;
    private final Map<SocketAddress, ServerTls> tls;
    private final Map<SocketAddress, ClientProtocol> protocols;
    private final H2Limits h2Limits;

    public FrontendRuntime(
            String name, FrontendSettings settings, BackendRouter router, List<? extends RequestRule> rules) {
        this(name, settings, router, rules, null);
    }

    /** @param log where this frontend's traffic log lines go; null = the server-wide sink */
    public FrontendRuntime(
            String name,
            FrontendSettings settings,
            BackendRouter router,
            List<? extends RequestRule> rules,
            LogSink log) {
        this(name, settings, router, rules, log, Map.of());
    }

    /** @param tls the TLS of each listening address that terminates it ({@code bind ... ssl}) */
    public FrontendRuntime(
            String name,
            FrontendSettings settings,
            BackendRouter router,
            List<? extends RequestRule> rules,
            LogSink log,
            Map<SocketAddress, ServerTls> tls) {
        this(name, settings, router, rules, log, tls, Map.of(), H2Limits.DEFAULTS);
    }

    /**
     * @param protocols what each listening address speaks when not plain HTTP/1 ({@code proto h2}, ALPN h2)
     * @param h2Limits  the limits of this frontend's HTTP/2 connections
     */
    public FrontendRuntime(
            String name,
            FrontendSettings settings,
            BackendRouter router,
            List<? extends RequestRule> rules,
            LogSink log,
            Map<SocketAddress, ServerTls> tls,
            Map<SocketAddress, ClientProtocol> protocols,
            H2Limits h2Limits) {
        this.tls = Map.copyOf(tls);
        this.protocols = Map.copyOf(protocols);
        this.h2Limits = h2Limits;
        this.log = log;
        this.name = name;
        this.settings = settings;
        this.router = router;
        this.rules = List.copyOf(rules);
    }

    private volatile dev.hapair.proxy.http.HttpLocalService localService;

    /** Installs (or with null removes) a locally answered service such as the stats page. */
    public void setLocalService(dev.hapair.proxy.http.HttpLocalService service) {
        this.localService = service;
    }

    /** The locally answered service, or null. */
    public dev.hapair.proxy.http.HttpLocalService localService() {
        return localService;
    }

    private volatile dev.hapair.proxy.h1.InvalidMessage lastInvalidRequest;

    /** The last request this frontend refused as invalid (for {@code show errors}), or null. */
    public dev.hapair.proxy.h1.InvalidMessage lastInvalidRequest() {
        return lastInvalidRequest;
    }

    public void invalidRequest(dev.hapair.proxy.h1.InvalidMessage m) {
        lastInvalidRequest = m;
    }

    public String name() {
        return name;
    }

    public FrontendSettings settings() {
        return settings;
    }

    public BackendRouter router() {
        return router;
    }

    public List<? extends RequestRule> rules() {
        return rules;
    }

    public ServerCounters counters() {
        return counters;
    }

    /** The TLS terminated on listening address {@code a}, or null when it serves plaintext. */
    public ServerTls tls(SocketAddress a) {
        return tls.get(a);
    }

    /** What listening address {@code a} speaks to its clients. */
    public ClientProtocol protocol(SocketAddress a) {
        return protocols.getOrDefault(a, ClientProtocol.H1);
    }

    public H2Limits h2Limits() {
        return h2Limits;
    }

    /** Every TLS listener of this frontend (one per bind line, shared by its addresses). */
    public java.util.Collection<ServerTls> tlsListeners() {
        return new java.util.LinkedHashSet<>(tls.values());
    }

    private volatile boolean logAsap;
    private volatile dev.hapair.proxy.splice.SpliceSettings splice = dev.hapair.proxy.splice.SpliceSettings.NONE;

    /** Before the frontend serves: its {@code option splice-*}. */
    public FrontendRuntime withSplice(dev.hapair.proxy.splice.SpliceSettings s) {
        this.splice = s;
        return this;
    }

    public dev.hapair.proxy.splice.SpliceSettings splice() {
        return splice;
    }

    /** Before the frontend serves: {@code option logasap}. */
    public FrontendRuntime withLogAsap(boolean enabled) {
        this.logAsap = enabled;
        return this;
    }

    /** {@code option logasap}: log when the server connection is up (tcp) or its response head arrived (http). */
    public boolean logAsap() {
        return logAsap;
    }

    private volatile java.util.Set<SocketAddress> acceptProxy = java.util.Set.of();

    /**
     * Before the frontend serves: the listening addresses whose connections must start with a PROXY protocol
     * header ({@code bind ... accept-proxy}).
     */
    public FrontendRuntime withAcceptProxy(java.util.Set<SocketAddress> addresses) {
        this.acceptProxy = java.util.Set.copyOf(addresses);
        return this;
    }

    private java.util.Map<SocketAddress, String> bindNames = java.util.Map.of();

    /** The {@code name} of each listening address's {@code bind} line, for {@code so_name}. */
    public FrontendRuntime withBindNames(java.util.Map<SocketAddress, String> names) {
        this.bindNames = java.util.Map.copyOf(names);
        return this;
    }

    /** The bind name of a connection accepted on local address {@code a} (a wildcard bind matches its port). */
    public String bindName(SocketAddress local) {
        if (local == null || bindNames.isEmpty()) return null;
        String n = bindNames.get(local);
        if (n != null || !(local instanceof InetSocketAddress a)) return n;
        for (java.util.Map.Entry<SocketAddress, String> e : bindNames.entrySet()) {
            if (e.getKey() instanceof InetSocketAddress k
                    && k.getAddress().isAnyLocalAddress()
                    && k.getPort() == a.getPort()) return e.getValue();
        }
        return null;
    }

    private java.util.List<SocketAddress> bindOrder = java.util.List.of();

    /** Every listening address in {@code bind} order (listener ids, {@code so_id}). */
    public FrontendRuntime withBindOrder(java.util.List<? extends SocketAddress> addresses) {
        this.bindOrder = java.util.List.copyOf(addresses);
        return this;
    }

    /**
     * The automatic id of the listener that accepted a connection on {@code a}: HAProxy numbers a frontend's
     * listening addresses from 1 in {@code bind} order (a wildcard bind matches its port); -1 when unknown.
     */
    public int bindId(SocketAddress local) {
        if (local == null) return -1;
        int i = bindOrder.indexOf(local);
        if (i >= 0 || !(local instanceof InetSocketAddress a)) return i >= 0 ? i + 1 : -1;
        for (int k = 0; k < bindOrder.size(); k++) {
            if (bindOrder.get(k) instanceof InetSocketAddress b
                    && b.getAddress().isAnyLocalAddress()
                    && b.getPort() == a.getPort()) return k + 1;
        }
        return -1;
    }

    /** Whether connections accepted on {@code a} start with a PROXY protocol header. */
    public boolean acceptsProxy(SocketAddress a) {
        return acceptProxy.contains(a);
    }

    /** Whether any listener of this frontend terminates TLS. */
    public boolean hasTls() {
        return !tls.isEmpty();
    }

    /** This frontend's log target, or null to use the server-wide one. */
    public LogSink log() {
        return log;
    }

    @Override
    public String toString() {
        return name;
    }
}
