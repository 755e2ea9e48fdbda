package dev.hapair.proxy.tls;

import dev.hapair.proxy.config.BindSslConfig;
import dev.hapair.proxy.config.CertSource;
import dev.hapair.proxy.config.CrtLineOptions;
import dev.hapair.proxy.config.CrtListEntry;
import dev.hapair.proxy.config.CrtListException;
import dev.hapair.proxy.config.CrtListFile;
import dev.hapair.proxy.config.SslDefaults;
import dev.hapair.proxy.config.SslOptions;
import dev.hapair.proxy.config.TlsVersion;
import dev.hapair.proxy.config.VerifyMode;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.CipherSuiteConverter;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.DelegatingSslContext;
import io.netty.handler.ssl.HapairServerKeyMaterial;
import io.netty.handler.ssl.OpenSslCachingX509KeyManagerFactory;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.internal.tcnative.SSL;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * Builds the {@link ServerTls} of a {@code bind ... ssl} line at configuration load: joins relative paths with
 * {@code crt-base}/{@code ca-base}, applies the global {@code ssl-default-bind-*}, reads and checks every
 * certificate and builds one context per certificate. Whatever the provider cannot honour exactly is a
 * {@link TlsException}, never a silent approximation.
 */
public final class ServerTlsFactory {

    /** Every TLSv1.3 suite name (RFC 8446 B.4); which of them a provider negotiates varies. */
    static final Set<String> TLS13_NAMES = Set.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_AES_128_CCM_SHA256",
            "TLS_AES_128_CCM_8_SHA256");

    private final TlsProvider provider;
    private final CaFileStore cas;

    public ServerTlsFactory(TlsProvider provider) {
        this(provider, new CaFileStore());
    }

    /** @param cas the CA and CRL files of the configuration being built (shared by all its binds and servers) */
    public ServerTlsFactory(TlsProvider provider, CaFileStore cas) {
        this.provider = provider;
        this.cas = cas;
    }

    CaFileStore cas() {
        return cas;
    }

    public ServerTls build(BindSslConfig bind, SslDefaults defaults) throws TlsException {
        Settings base = settings(bind, CrtLineOptions.NONE, defaults);
        List<ServerTls.Instance> instances = new ArrayList<>();
        for (CertSource src : bind.certs()) {
            switch (src.kind()) {
                case CRT -> {
                    for (CertifiedKey c :
                            PemFiles.loadCrt(base(defaults.crtBase(), src.path()), defaults.keyDelExt())) {
                        instances.add(new ServerTls.Instance(c, base, List.of(), null, null));
                    }
                }
                case CRT_LIST -> {
                    List<CrtListEntry> entries;
                    try {
                        // the lines' warnings are told by TlsBinds.crtListWarnings, at -c and start
                        entries = CrtListFile.read(Path.of(src.path()), new ArrayList<>());
                    } catch (CrtListException e) {
                        throw new TlsException(e.getMessage());
                    }
                    for (CrtListEntry e : entries) {
                        for (CrtListEntry member : bundleLines(defaults, e)) {
                            instances.add(instance(bind, defaults, base, src.path(), member));
                        }
                    }
                }
            }
        }
        if (instances.isEmpty()) {
            throw new TlsException("no certificate to serve (the crt-list files are empty)");
        }
        ServerTls tls = new ServerTls(instances, bind, defaults, provider, this);
        cas.register(tls);
        return tls;
    }

    /**
     * A crt-list line naming a multi-certificate bundle becomes one line per file of the bundle, as in HAProxy
     * 2.6 (each its own entry of the list and of the certificate store); any other line stays as it is.
     */
    static List<CrtListEntry> bundleLines(SslDefaults defaults, CrtListEntry e) {
        Path named = base(defaults.crtBase(), e.crt());
        List<CrtListEntry> out = new ArrayList<>();
        for (Path f : PemFiles.bundle(named)) {
            out.add(
                    f.equals(named)
                            ? e
                            : e.withCrt(e.crt()
                                    + f.toString().substring(named.toString().length())));
        }
        return out;
    }

    /** One crt-list line: its certificate with the bind's settings, overridden by the line's. */
    ServerTls.Instance instance(BindSslConfig bind, SslDefaults defaults, Settings base, String list, CrtListEntry e)
            throws TlsException {
        String where = "crt-list " + e.location().file() + ":" + e.location().line() + ": ";
        try {
            CertifiedKey c = PemFiles.load(base(defaults.crtBase(), e.crt()), defaults.keyDelExt());
            Settings s = e.options().equals(CrtLineOptions.NONE) ? base : settings(bind, e.options(), defaults);
            return new ServerTls.Instance(c, s, e.filters(), list, e);
        } catch (TlsException ex) {
            throw new TlsException(where + ex.getMessage(), ex);
        }
    }

    /**
     * What a context is built from: the bind's settings over the global defaults, with a crt-list line's
     * overrides on top.
     */
    record Settings(
            List<String> protocols,
            List<String> cipherList,
            X509Certificate[] cas,
            ClientCertTrust trust,
            VerifyMode verify,
            List<String> alpn,
            List<String> groups,
            SslOptions options,
            int cacheSize,
            long lifetime) {}

    Settings settings(BindSslConfig bind, CrtLineOptions line, SslDefaults defaults) throws TlsException {
        SslOptions options = new SslOptions(line.minVer(), line.maxVer(), Set.of(), false, false)
                .over(bind.options().over(defaults.bindOptions()));
        List<String> protocols = protocols(options);
        List<String> tls12 = ciphers(line.ciphers().or(bind::ciphers).or(defaults::bindCiphers));
        List<String> tls13 = protocols.contains("TLSv1.3")
                ? ciphersuites(line.ciphersuites().or(bind::ciphersuites).or(defaults::bindCiphersuites))
                : null;
        List<String> cipherList = cipherList(tls12, tls13, protocols.contains("TLSv1.3"));
        Optional<String> caFile = line.caFile().or(bind::caFile);
        VerifyMode verify = line.verify().orElse(bind.verify());
        BindSslConfig.ClientVerify cv = bind.clientVerify();
        Optional<String> caVerifyFile = line.caVerifyFile().or(cv::caVerifyFile);
        Optional<String> crlFile = line.crlFile().or(cv::crlFile);
        if (verify != VerifyMode.NONE && caFile.isEmpty() && caVerifyFile.isEmpty()) {
            throw new TlsException("verify is enabled but no CA file is specified (ca-file)");
        }
        X509Certificate[] cas = null;
        if (caFile.isPresent()) {
            cas = this.cas
                    .certificates(base(defaults.caBase(), caFile.get()), false)
                    .toArray(X509Certificate[]::new);
        }
        List<String> groups = groups(line.curves().or(bind::curves));
        ClientCertTrust trust = null;
        if (verify != VerifyMode.NONE) {
            List<X509Certificate> advertised = cas == null ? List.of() : List.of(cas);
            List<X509Certificate> all = new ArrayList<>(advertised);
            if (caVerifyFile.isPresent()) {
                all.addAll(this.cas.certificates(base(defaults.caBase(), caVerifyFile.get()), true));
            }
            List<java.security.cert.X509CRL> crls =
                    crlFile.isPresent() ? this.cas.crls(base(defaults.caBase(), crlFile.get())) : List.of();
            trust = new ClientCertTrust(
                    advertised,
                    new ChainVerifier(all, crls),
                    cv.crtIgnored(),
                    cv.caIgnored(),
                    java.util.Date::new,
                    CertCurves.of(groups));
        }
        return new Settings(
                protocols,
                cipherList,
                cas,
                trust,
                verify,
                line.alpn().orElse(bind.alpn()),
                groups,
                options,
                defaults.cacheSize(),
                defaults.lifetimeSeconds());
    }

    /** The CA-store paths the settings of {@code line} on {@code bind} read (see {@link CaFileStore}). */
    static java.util.Set<String> caPaths(BindSslConfig bind, CrtLineOptions line, SslDefaults defaults) {
        java.util.Set<String> out = new java.util.HashSet<>();
        BindSslConfig.ClientVerify cv = bind.clientVerify();
        for (Optional<String> f : List.of(
                line.caFile().or(bind::caFile),
                line.caVerifyFile().or(cv::caVerifyFile),
                line.crlFile().or(cv::crlFile))) {
            f.ifPresent(p -> out.add(base(defaults.caBase(), p).toString()));
        }
        return out;
    }

    /**
     * {@code curves}: the key exchange groups offered, ':' separated (OpenSSL/BoringSSL names such as
     * {@code X25519:P-256}). Only the OpenSSL provider can set them per context; a name BoringSSL does not
     * know is an error when the context is built.
     */
    List<String> groups(Optional<String> spec) throws TlsException {
        if (spec.isEmpty()) {
            return null;
        }
        if (!provider.isOpenSsl()) {
            // the JDK's switch (jdk.tls.namedGroups) is process-wide: not per bind
            throw new TlsException("'curves' cannot be honoured per bind by the " + provider.description());
        }
        List<String> out = new ArrayList<>();
        for (String g : spec.get().split(":")) {
            if (g.isEmpty()) {
                throw new TlsException("empty curve name in '" + spec.get() + "'");
            }
            out.add(g);
        }
        return out;
    }

    static Path base(Optional<String> base, String path) {
        Path p = Path.of(path);
        return base.isPresent() && !p.isAbsolute() ? Path.of(base.get()).resolve(p) : p;
    }

    /**
     * The versions offered: [min, max] (TLSv1.2 to TLSv1.3 unless set) without the disabled ones. As HAProxy 2.6
     * (ssl_sock_initial_ctx, ssl_sock_prepare_srv_ssl_ctx), {@code no-sslv3}/{@code no-tlsvXX} count only when
     * no bound is set: once {@code ssl-min-ver}, {@code ssl-max-ver} or {@code force-tlsvXX} is (on the line or in
     * the global defaults), they are ignored, with the warning {@link #ignoredVersionFlags} gives.
     */
    static List<String> protocols(SslOptions o) throws TlsException {
        boolean flagsIgnored = ignoredVersionFlags(o);
        TlsVersion min = o.minVer().orElse(TlsVersion.TLSV12);
        TlsVersion max = o.maxVer().orElse(TlsVersion.TLSV13);
        if (min.compareTo(max) > 0) {
            throw new TlsException("ssl-min-ver " + min.haproxyName() + " is above ssl-max-ver " + max.haproxyName());
        }
        List<String> out = new ArrayList<>();
        for (TlsVersion v : TlsVersion.values()) {
            if (v.offered()
                    && v.compareTo(min) >= 0
                    && v.compareTo(max) <= 0
                    && (flagsIgnored || !o.disabled().contains(v))) {
                out.add(v.protocolName());
            }
        }
        if (out.isEmpty()) {
            throw new TlsException("no TLS version left to offer (hapair-proxy offers TLSv1.2 and TLSv1.3 only)");
        }
        return out;
    }

    /** Whether {@code o}'s no-sslv3/no-tlsvXX are ignored because a version bound is set (see {@link #protocols}). */
    public static boolean ignoredVersionFlags(SslOptions o) {
        return !o.disabled().isEmpty() && (o.minVer().isPresent() || o.maxVer().isPresent());
    }

    /**
     * {@code ciphers}: OpenSSL cipher names and the key-exchange/authentication aliases of {@link CipherString}
     * ({@code kRSA}, {@code aECDSA}, ...) separated by ':' (as Mozilla's and Debian's settings write them).
     * Suites this provider lacks are not offered, as OpenSSL skips suites absent from its build; other
     * cipher-string operators and aliases ({@code !aNULL}, {@code HIGH}) are refused rather than approximated.
     *
     * @return Java names in the configured order, or null for the provider's defaults
     */
    List<String> ciphers(Optional<String> spec) throws TlsException {
        if (spec.isEmpty()) {
            return null;
        }
        Set<String> available = provider.tls12Ciphers();
        List<String> out = new ArrayList<>();
        for (String name : CipherString.expand(spec.get(), TlsProvider.knownTls12Ciphers())) {
            String java = CipherSuiteConverter.toJava(name, "TLS");
            if (java != null && available.contains(name)) {
                out.add(java);
            }
        }
        if (out.isEmpty()) {
            throw new TlsException(
                    "none of the ciphers '" + spec.get() + "' is available with the " + provider.description());
        }
        return out;
    }

    /**
     * {@code ciphersuites} (TLSv1.3). BoringSSL always enables its three suites: a list is accepted only if it
     * allows all three, since it could not be enforced otherwise.
     *
     * @return the suites to enable (null = the provider's defaults)
     */
    List<String> ciphersuites(Optional<String> spec) throws TlsException {
        if (spec.isEmpty()) {
            return null;
        }
        List<String> listed = new ArrayList<>();
        for (String name : spec.get().split(":")) {
            if (!TLS13_NAMES.contains(name)) {
                throw new TlsException("TLSv1.3 cipher suite '" + name + "' is unknown (expected names such as "
                        + "TLS_AES_128_GCM_SHA256)");
            }
            listed.add(name);
        }
        if (!provider.restrictsTls13Suites()) {
            if (!listed.containsAll(TlsProvider.BORINGSSL_TLS13)) {
                throw new TlsException("ciphersuites '" + spec.get() + "' cannot be enforced: the "
                        + provider.description() + " always offers " + String.join(":", TlsProvider.BORINGSSL_TLS13)
                        + " with TLSv1.3 (list all three, or set ssl-max-ver TLSv1.2)");
            }
            return null;
        }
        Set<String> available = provider.tls13Suites();
        List<String> out = listed.stream().filter(available::contains).toList();
        if (out.isEmpty()) {
            throw new TlsException(
                    "none of the ciphersuites '" + spec.get() + "' is available with the " + provider.description());
        }
        return out;
    }

    /**
     * What the context is given: null = the provider's defaults for both. Netty takes TLSv1.3 suites in the
     * same list and drops TLSv1.3 when the list has none, so they are always added while TLSv1.3 is offered.
     */
    List<String> cipherList(List<String> tls12, List<String> tls13, boolean tls13Offered) throws TlsException {
        if (tls12 == null && tls13 == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (tls12 != null) {
            out.addAll(tls12);
        } else {
            for (String s : jdkDefaults()) {
                if (!TLS13_NAMES.contains(s)) {
                    out.add(s);
                }
            }
        }
        if (tls13Offered) {
            out.addAll(tls13 != null ? tls13 : new ArrayList<>(provider.tls13Suites()));
        }
        return out;
    }

    private static List<String> jdkDefaults() throws TlsException {
        try {
            return List.of(javax.net.ssl.SSLContext.getDefault()
                    .getDefaultSSLParameters()
                    .getCipherSuites());
        } catch (NoSuchAlgorithmException e) {
            throw new TlsException("the JDK has no default TLS context", e);
        }
    }

    SslContext context(CertifiedKey c, Settings st) throws TlsException {
        Optional<LibcryptoSigner> signer =
                provider.isOpenSsl() ? LibcryptoSigner.forKey(c.key(), c.leaf().getPublicKey()) : Optional.empty();
        ChainKeyManagerFactory keys = new ChainKeyManagerFactory(signer.isEmpty() ? c.key() : null, c.chain());
        SslContextBuilder b = SslContextBuilder.forServer(
                        provider.isOpenSsl() ? new OpenSslCachingX509KeyManagerFactory(keys) : keys)
                .sslProvider(provider.provider())
                .protocols(st.protocols())
                .sessionTimeout(st.lifetime());
        if (st.cacheSize() > 0) {
            b.sessionCacheSize(st.cacheSize());
        }
        if (st.cipherList() != null) {
            b.ciphers(st.cipherList());
        }
        if (st.verify() != VerifyMode.NONE) {
            b.trustManager(st.trust())
                    .clientAuth(st.verify() == VerifyMode.REQUIRED ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
        } else {
            b.trustManager(NoClientTrust.INSTANCE); // else Netty loads the JDK's default trust store
        }
        if (!st.alpn().isEmpty()) {
            b.applicationProtocolConfig(new ApplicationProtocolConfig(
                    ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                    st.alpn()));
        }
        if (st.groups() != null) {
            b.option(OpenSslContextOption.GROUPS, st.groups().toArray(String[]::new));
        }
        signer.ifPresent(m -> b.option(OpenSslContextOption.PRIVATE_KEY_METHOD, m));
        SslContext ctx;
        try {
            ctx = b.build();
        } catch (SSLException | RuntimeException e) {
            throw new TlsException(
                    "'" + c.source() + "': the " + provider.description() + " refused it: " + e.getMessage(), e);
        }
        if (st.cacheSize() == 0) { // tune.ssl.cachesize 0: no session cache
            ctx.sessionContext().setSessionCacheSize(1);
            if (ctx.sessionContext() instanceof OpenSslSessionContext o) {
                o.setSessionCacheEnabled(false);
            }
        }
        if (st.options().noTlsTickets() && !provider.isOpenSsl()) {
            // the JDK's switch is process-wide (jdk.tls.server.enableSessionTicketExtension): not per bind
            throw new TlsException("'no-tls-tickets' cannot be honoured per bind by the " + provider.description());
        }
        CipherOrder out = new CipherOrder(
                ctx, !st.options().preferClientCiphers(), st.options().noTlsTickets());
        if (provider.isOpenSsl()) {
            try {
                out.keys = HapairServerKeyMaterial.takeOver(ctx, keys.manager(), ChainKeyManagerFactory.ALIAS);
            } catch (SSLException | RuntimeException e) {
                throw new TlsException(
                        "'" + c.source() + "': the " + provider.description() + " refused it: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /**
     * HAProxy picks the cipher in the server's order unless {@code prefer-client-ciphers}; set it on every
     * engine explicitly rather than rely on a provider's default.
     */
    private static final class CipherOrder extends DelegatingSslContext {
        private final boolean serverOrder;
        private final boolean noTickets;
        /**
         * The context's chain and key, set on each engine when it is created (OpenSSL provider): the certificate
         * depends on the context only (SNI, crt-list lines and {@code set ssl cert} choose among contexts), so
         * Netty's per-handshake certificate callback is removed (see {@link HapairServerKeyMaterial}).
         */
        private HapairServerKeyMaterial keys;

        CipherOrder(SslContext ctx, boolean serverOrder, boolean noTickets) {
            super(ctx);
            this.serverOrder = serverOrder;
            this.noTickets = noTickets;
        }

        @Override
        protected void initEngine(SSLEngine engine) {
            if (engine instanceof ReferenceCountedOpenSslEngine e) {
                // the option Netty's setSSLParameters sets; that path would also read back and set again the
                // engine's cipher list and protocols (parsed by BoringSSL anew), once per connection
                if (keys != null) keys.apply(e);
                long ssl = e.sslPointer();
                if (serverOrder) {
                    SSL.setOptions(ssl, SSL.SSL_OP_CIPHER_SERVER_PREFERENCE);
                } else {
                    SSL.clearOptions(ssl, SSL.SSL_OP_CIPHER_SERVER_PREFERENCE);
                }
                if (noTickets) {
                    // no-tls-tickets: no RFC 5077 session tickets on this connection
                    SSL.setOptions(ssl, SSL.SSL_OP_NO_TICKET);
                }
                return;
            }
            SSLParameters p = engine.getSSLParameters();
            p.setUseCipherSuitesOrder(serverOrder);
            engine.setSSLParameters(p);
        }
    }
}
