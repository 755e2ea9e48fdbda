package dev.hapair.proxy.acl;

import dev.hapair.proxy.sample.HttpHead;
import dev.hapair.proxy.sample.ProxyState;
import dev.hapair.proxy.sample.SampleContext;
import dev.hapair.proxy.sample.Vars;
import java.net.InetSocketAddress;

/**
 * A {@link RequestView} as a {@link SampleContext}. When the view is already a context (the proxy's
 * request objects are), everything but the backend states comes from it. The HTTP heads always come from
 * the view's context (the proxy's transaction adapts its parsed heads with {@code http.H1Heads}, the one
 * adapter of the HTTP/1 engine's heads); a view without one (TCP mode) has no HTTP request to sample.
 */
final class RequestViewContext implements SampleContext {

    private final RequestView r;
    private final SampleContext full;
    private final BackendStates backends;

    RequestViewContext(RequestView r, BackendStates backends) {
        this.r = r;
        this.full = r instanceof SampleContext c ? c : r.context();
        this.backends = backends;
    }

    @Override
    public InetSocketAddress source() {
        if (full != null) {
            return full.source();
        }
        return address(r.sourceAddress(), r.sourcePort());
    }

    @Override
    public InetSocketAddress destination() {
        if (full != null) {
            return full.destination();
        }
        return address(r.destinationAddress(), r.destinationPort());
    }

    /** A view may know a port without its address: then the address part is unresolved (no sample). */
    private static InetSocketAddress address(java.net.InetAddress a, int port) {
        if (a == null) {
            return port < 0 ? null : InetSocketAddress.createUnresolved("unknown", port);
        }
        return new InetSocketAddress(a, Math.max(0, port));
    }

    @Override
    public boolean secure() {
        return r.secure();
    }

    @Override
    public dev.hapair.proxy.sample.TlsFacts tls() {
        dev.hapair.proxy.sample.TlsFacts t = full == null ? null : full.tls();
        return t != null ? t : r.tls();
    }

    @Override
    public HttpHead request() {
        return full == null ? null : full.request();
    }

    @Override
    public HttpHead response() {
        return full == null ? null : full.response();
    }

    @Override
    public Vars vars() {
        return full == null ? null : full.vars();
    }

    @Override
    public ProxyState proxyState() {
        ProxyState inner = full == null ? ProxyState.NONE : full.proxyState();
        return new ProxyState() {
            @Override
            public int usableServers(String backend) {
                return backends.usableServers(backend);
            }

            @Override
            public int backendConnections(String backend) {
                return inner.backendConnections(backend);
            }

            @Override
            public int connectionSlots(String backend) {
                return inner.connectionSlots(backend);
            }

            @Override
            public Boolean serverUp(String backend, String server) {
                return inner.serverUp(backend, server);
            }
        };
    }

    @Override
    public String frontendName() {
        return full == null ? null : full.frontendName();
    }

    @Override
    public String backendName() {
        return full == null ? null : full.backendName();
    }

    @Override
    public String uniqueId() {
        return full == null ? null : full.uniqueId();
    }

    @Override
    public String capturedRequestHeader(int index) {
        return full == null ? null : full.capturedRequestHeader(index);
    }

    @Override
    public UserCheck users() {
        return full == null ? UserCheck.NONE : full.users();
    }

    @Override
    public long nowMillis() {
        return full == null ? System.currentTimeMillis() : full.nowMillis();
    }
}
