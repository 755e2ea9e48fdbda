package dev.hapair.proxy.tls;

import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.config.DynamicServerSsl;
import dev.hapair.proxy.config.ProxyMode;
import dev.hapair.proxy.config.ServerSslConfig;
import dev.hapair.proxy.config.SslDefaults;
import dev.hapair.proxy.sample.Phase;
import dev.hapair.proxy.sample.SampleEnv;
import dev.hapair.proxy.stats.RuntimeApi;
import java.util.List;
import java.util.function.Supplier;

/**
 * TLS of servers added with the runtime API's {@code add server} (HAProxy 2.6's dynamic servers): the words
 * are read as on a {@code server} line; a client certificate ({@code crt}) must already be an entry of the
 * certificate store (as in HAProxy, the runtime API reads no certificate file: create one with {@code new/set/
 * commit ssl cert}), and the server becomes one of its users, so {@code show ssl cert} says it is used and
 * {@code commit ssl cert} replaces it. Likewise its {@code ca-file} and {@code crl-file} must be files the CA
 * store holds, and it becomes their user ({@code commit ssl ca-file|crl-file} rebuild it). {@code del server}
 * ends both uses.
 */
public final class DynamicServerTls implements RuntimeApi.ServerTlsSetup {

    /** What the running configuration offers: its store, global TLS defaults and sample environment. */
    public record Context(CertificateStore store, SslDefaults defaults, SampleEnv env) {}

    private final Supplier<Context> current;
    /**
     * Asked only when an {@code add server ... ssl} needs it: detecting the provider loads BoringSSL and
     * Netty's and the JDK's TLS classes (about 400 classes, ~8 MiB resident), which a configuration without
     * TLS never needs.
     */
    private final Supplier<TlsProvider> provider;

    public DynamicServerTls(Supplier<Context> current, Supplier<TlsProvider> provider) {
        this.current = current;
        this.provider = provider;
    }

    @Override
    public int arity(String keyword) {
        return DynamicServerSsl.arity(keyword);
    }

    @Override
    public String configure(BackendRuntime backend, ServerRuntime server, List<String> words) {
        ServerSslConfig ssl;
        try {
            ssl = DynamicServerSsl.parse(words);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (!ssl.enabled()) {
            return ssl.crt().isPresent() ? "'crt' needs 'ssl' on 'add server'" : null;
        }
        Context c = current.get();
        CertifiedKey certificate = null;
        if (ssl.crt().isPresent()) {
            String path = ServerTlsFactory.base(
                            c.defaults().crtBase(), ssl.crt().get())
                    .toString();
            certificate = c.store().current(path);
            if (certificate == null) {
                return "unable to load certificate '" + path + "': not in the certificate store (the runtime API "
                        + "reads no file: create it with 'new ssl cert', 'set ssl cert' and 'commit ssl cert')";
            }
        }
        for (var f :
                List.of(java.util.Map.entry("ca-file", ssl.caFile()), java.util.Map.entry("crl-file", ssl.crlFile()))) {
            if (f.getValue().isPresent()) {
                // as HAProxy 2.6 for a dynamic server: answered from the store only, no file is read
                String path = ServerTlsFactory.base(
                                c.defaults().caBase(), f.getValue().get())
                        .toString();
                if (!c.store().caFiles().holds(path)) {
                    return "'" + f.getKey() + "' : unable to load " + path;
                }
            }
        }
        var phases = backend.settings().mode() == ProxyMode.HTTP ? Phase.HTTP_REQ : Phase.TCP_CONTENT;
        ClientTls tls;
        try {
            // CA and CRL files through the running configuration's store, as its servers read them
            tls = new ClientTlsFactory(provider.get(), c.store().caFiles())
                    .build(
                            ssl,
                            c.defaults(),
                            c.env(),
                            phases,
                            backend.settings().timeouts().connect(),
                            certificate);
        } catch (TlsException e) {
            return e.getMessage();
        }
        // no proto/ws on 'add server': the protocol of each connection is the server's ALPN answer
        var mux = new dev.hapair.proxy.h2.ServerMux(null, ssl.alpn(), dev.hapair.proxy.h2.ServerMux.Ws.AUTO);
        try {
            tls.websocketAlpn(mux.websocketAlpn());
        } catch (TlsException e) {
            return e.getMessage();
        }
        server.tls(tls, null);
        server.mux(mux);
        return null;
    }

    @Override
    public void added(ServerRuntime server) {
        CertificateStore store = current.get().store();
        store.servers().register(server);
        if (server.tls() != null) {
            // only now: a server that failed to join (e.g. a duplicate name) is not kept by the CA store
            store.caFiles().register(server.tls());
        }
    }

    @Override
    public void removed(ServerRuntime server) {
        CertificateStore store = current.get().store();
        store.servers().unregister(server);
        if (server.tls() != null) {
            store.caFiles().unregister(server.tls());
        }
    }
}
