package dev.hapair.proxy.tls;

import dev.hapair.proxy.config.ServerSslConfig;
import dev.hapair.proxy.config.SslDefaults;
import dev.hapair.proxy.config.SslOptions;
import dev.hapair.proxy.config.VerifyMode;
import dev.hapair.proxy.sample.Phase;
import dev.hapair.proxy.sample.SampleEnv;
import dev.hapair.proxy.sample.SampleException;
import dev.hapair.proxy.sample.SampleExpr;
import dev.hapair.proxy.sample.SampleParser;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.DelegatingSslContext;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.internal.tcnative.SSL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * Builds the {@link ClientTls} of a {@code server ... ssl} line at configuration load, with the global
 * {@code ssl-default-server-*} and {@code ssl-server-verify}: certificates are read and the SNI expression
 * compiled then, so a connection only builds an engine.
 */
public final class ClientTlsFactory {

    private final ServerTlsFactory shared;
    private final TlsProvider provider;

    private final CaFileStore cas;

    public ClientTlsFactory(TlsProvider provider) {
        this(provider, new CaFileStore());
    }

    /** @param cas the CA and CRL files of the configuration being built (shared by all its binds and servers) */
    public ClientTlsFactory(TlsProvider provider, CaFileStore cas) {
        this.provider = provider;
        this.cas = cas;
        this.shared = new ServerTlsFactory(provider, cas);
    }

    /**
     * @param env    for the {@code sni} expression
     * @param phases what the expression may read (the request in http mode, the connection in tcp mode)
     */
    public ClientTls build(
            ServerSslConfig s, SslDefaults defaults, SampleEnv env, Set<Phase> phases, long connectTimeoutMillis)
            throws TlsException {
        ClientTls tls = build(s, defaults, env, phases, connectTimeoutMillis, null);
        cas.register(tls);
        return tls;
    }

    /**
     * As {@link #build(ServerSslConfig, SslDefaults, SampleEnv, Set, long)}, with {@code certificate} as the
     * client certificate instead of reading {@code crt} (null: read the file), and not yet a user of the CA
     * store: the caller registers it once the server exists ({@code add server}) and unregisters it when the
     * server goes ({@code del server}).
     */
    ClientTls build(
            ServerSslConfig s,
            SslDefaults defaults,
            SampleEnv env,
            Set<Phase> phases,
            long connectTimeoutMillis,
            CertifiedKey certificate)
            throws TlsException {
        VerifyMode verify = s.verify().orElse(defaults.serverVerify());
        if (verify == VerifyMode.REQUIRED && s.caFile().isEmpty()) {
            throw new TlsException("verify is enabled by default but no CA file specified. If you're running on a "
                    + "LAN where you're certain to trust the server's certificate, please set an explicit 'verify "
                    + "none' statement on the 'server' line, or use 'ssl-server-verify none' in the global section "
                    + "to disable server-side verifications by default.");
        }
        SslOptions options = s.options().over(defaults.serverOptions());
        List<String> protocols = ServerTlsFactory.protocols(options);
        List<String> tls12 = shared.ciphers(s.ciphers().or(defaults::serverCiphers));
        List<String> tls13 = protocols.contains("TLSv1.3")
                ? shared.ciphersuites(s.ciphersuites().or(defaults::serverCiphersuites))
                : null;
        List<String> ciphers = shared.cipherList(tls12, tls13, protocols.contains("TLSv1.3"));
        ClientTls.ContextSource source = (k, alpn) ->
                context(s, alpn != null ? alpn : s.alpn(), defaults, verify, options, protocols, ciphers, k);
        CertifiedKey c = certificate;
        if (c == null && s.crt().isPresent()) {
            // read once: later contexts take the certificate the store holds ('commit ssl cert')
            c = PemFiles.load(ServerTlsFactory.base(defaults.crtBase(), s.crt().get()), defaults.keyDelExt());
        }
        SslContext ctx = source.build(c, null);
        SampleExpr sni = null;
        if (s.sni().isPresent()) {
            try {
                sni = SampleParser.compile(s.sni().get(), env, phases, "sni");
            } catch (SampleException e) {
                throw new TlsException("sni: " + e.getMessage(), e);
            }
        }
        return new ClientTls(
                ctx,
                sni,
                s.sni().orElse(null),
                s.verifyhost().orElse(null),
                verify == VerifyMode.REQUIRED,
                connectTimeoutMillis,
                source,
                caPaths(s, defaults, verify),
                c);
    }

    /** The CA-store paths a server's context reads: its ca-file and crl-file when it verifies. */
    private static Set<String> caPaths(ServerSslConfig s, SslDefaults defaults, VerifyMode verify) {
        Set<String> out = new java.util.HashSet<>();
        if (verify == VerifyMode.REQUIRED) {
            s.caFile()
                    .ifPresent(f ->
                            out.add(ServerTlsFactory.base(defaults.caBase(), f).toString()));
            s.crlFile()
                    .ifPresent(f ->
                            out.add(ServerTlsFactory.base(defaults.caBase(), f).toString()));
        }
        return Set.copyOf(out);
    }

    /**
     * The context, built at load and again when a CA or CRL file it reads, or its client certificate
     * {@code c} (null: none), is committed.
     */
    private SslContext context(
            ServerSslConfig s,
            List<String> alpn,
            SslDefaults defaults,
            VerifyMode verify,
            SslOptions options,
            List<String> protocols,
            List<String> ciphers,
            CertifiedKey c)
            throws TlsException {
        SslContextBuilder b =
                SslContextBuilder.forClient().sslProvider(provider.provider()).protocols(protocols);
        if (ciphers != null) {
            b.ciphers(ciphers);
        }
        if (verify == VerifyMode.REQUIRED) {
            List<X509Certificate> trusted = cas.certificates(
                    ServerTlsFactory.base(defaults.caBase(), s.caFile().get()), false);
            if (s.crlFile().isPresent()) {
                // revocation checked for the whole chain, as HAProxy configures OpenSSL with a crl-file
                b.trustManager(new ServerCertTrust(new ChainVerifier(
                        trusted,
                        cas.crls(ServerTlsFactory.base(
                                defaults.caBase(), s.crlFile().get())))));
            } else {
                b.trustManager(trusted.toArray(X509Certificate[]::new));
            }
        } else {
            b.trustManager(InsecureTrustManagerFactory.INSTANCE);
        }
        if (c != null) {
            b.keyManager(new ChainKeyManagerFactory(c.key(), c.chain()));
        }
        if (!alpn.isEmpty()) {
            b.applicationProtocolConfig(new ApplicationProtocolConfig(
                    ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                    alpn));
        }
        SslContext ctx;
        try {
            ctx = b.build();
        } catch (SSLException | RuntimeException e) {
            throw new TlsException(
                    "the " + provider.description() + " refused the server's TLS settings: " + e.getMessage(), e);
        }
        if (s.noSslReuse() && ctx.sessionContext() instanceof OpenSslSessionContext o) {
            o.setSessionCacheEnabled(false);
        }
        if (options.noTlsTickets() && !provider.isOpenSsl()) {
            throw new TlsException("'no-tls-tickets' cannot be honoured per server by the " + provider.description());
        }
        return options.noTlsTickets() ? new NoTickets(ctx) : ctx;
    }

    /** {@code no-tls-tickets} on a server: no RFC 5077 tickets on its connections. */
    private static final class NoTickets extends DelegatingSslContext {
        NoTickets(SslContext ctx) {
            super(ctx);
        }

        @Override
        protected void initEngine(SSLEngine engine) {
            if (engine instanceof ReferenceCountedOpenSslEngine e) {
                SSL.setOptions(e.sslPointer(), SSL.SSL_OP_NO_TICKET);
            }
        }
    }
}
