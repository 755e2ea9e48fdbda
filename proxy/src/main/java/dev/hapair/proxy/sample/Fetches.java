package dev.hapair.proxy.sample;

import dev.hapair.proxy.lb.QueryStrings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The fetch registry: every fetch keyword hapair implements, with its sample type, argument counts and
 * the phase its data needs. A keyword not here is an error at {@code -c}.
 */
public final class Fetches {

    private static final Map<String, FetchDef> TABLE = new LinkedHashMap<>();

    static {
        internal();
        layer4();
        httpRequest();
        httpResponse();
        ContentFetches.register(Fetches::def);
        TcpInfoFetches.register(Fetches::def);
        StickSamples.fetches(Fetches::def);
    }

    private Fetches() {}

    public static FetchDef lookup(String name) {
        return TABLE.get(name);
    }

    public static Set<String> names() {
        return Collections.unmodifiableSet(TABLE.keySet());
    }

    // ---------------------------------------------------------------- registration

    private static void def(String name, SampleType type, int min, int max, Phase needs, FetchDef.Factory f) {
        TABLE.put(name, new FetchDef(name, type, min, max, needs, f));
    }

    private static int connectionError(SampleContext x) {
        return x.connectionError() == null ? 0 : x.connectionError().code();
    }

    /** A fetch without arguments: {@code f} itself is the compiled fetch (no wrapper to call through). */
    private static void constant(String name, SampleType type, Phase needs, Fetch f) {
        def(name, type, 0, 0, needs, (a, e) -> f);
    }

    private static Sample str(String s) {
        return s == null ? null : Sample.str(s);
    }

    // ---------------------------------------------------------------- internal state and literals

    private static void internal() {
        Phase c = Phase.CONNECTION;
        def("always_true", SampleType.BOOL, 0, 0, c, (a, e) -> x -> Sample.TRUE);
        def("always_false", SampleType.BOOL, 0, 0, c, (a, e) -> x -> Sample.FALSE);
        def(
                "int",
                SampleType.SINT,
                1,
                1,
                c,
                (a, e) -> literal(Sample.str(a.get(0)).cast(SampleType.SINT), "int", a));
        def("str", SampleType.STR, 0, 1, c, (a, e) -> {
            Sample v = Sample.str(a.isEmpty() ? "" : a.get(0));
            return x -> v;
        });
        def("bool", SampleType.BOOL, 1, 1, c, (a, e) -> literal(boolLiteral(a.get(0)), "bool", a));
        def(
                "ipv4",
                SampleType.IPV4,
                1,
                1,
                c,
                (a, e) -> literal(Sample.str(a.get(0)).cast(SampleType.IPV4), "ipv4", a));
        def(
                "ipv6",
                SampleType.IPV6,
                1,
                1,
                c,
                (a, e) -> literal(Sample.str(a.get(0)).cast(SampleType.IPV6), "ipv6", a));
        def("meth", SampleType.METH, 1, 1, c, (a, e) -> literal(Sample.meth(a.get(0)), "meth", a));
        def("bin", SampleType.BIN, 1, 1, c, (a, e) -> {
            try {
                Sample s = Sample.bin(HexFormat.of().parseHex(a.get(0)));
                return x -> s;
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("'" + a.get(0) + "' is not an even number of hex digits");
            }
        });
        def("env", SampleType.STR, 1, 1, c, (a, e) -> x -> str(System.getenv(a.get(0))));
        def("date", SampleType.SINT, 0, 2, c, (a, e) -> {
            long offset = a.isEmpty() ? 0 : integerArg(a.get(0), "offset");
            String unit = a.size() > 1 ? a.get(1) : "s";
            if (!List.of("s", "ms", "us").contains(unit)) {
                throw new IllegalArgumentException("unit '" + unit + "' is not s, ms or us");
            }
            // the clock has millisecond resolution: microseconds are milliseconds times 1000
            long mul = unit.equals("us") ? 1000 : 1;
            long div = unit.equals("s") ? 1000 : 1;
            return x -> Sample.sint(x.nowMillis() * mul / div + offset);
        });
        def("rand", SampleType.SINT, 0, 1, c, (a, e) -> {
            long range = a.isEmpty() ? 1L << 32 : integerArg(a.get(0), "range");
            if (range <= 0) {
                throw new IllegalArgumentException("range must be positive");
            }
            return x -> Sample.sint(ThreadLocalRandom.current().nextLong(range));
        });
        // resolved when a configuration uses it, not when the registry loads (it may ask the resolver)
        def("hostname", SampleType.STR, 0, 0, c, (a, e) -> {
            Sample host = Sample.str(hostname());
            return x -> host;
        });
        def("uuid", SampleType.STR, 0, 1, c, (a, e) -> {
            if (!a.isEmpty() && !a.get(0).equals("4")) {
                throw new IllegalArgumentException("only version 4 is supported, got '" + a.get(0) + "'");
            }
            return x -> Sample.str(UUID.randomUUID().toString());
        });
        def("nbsrv", SampleType.SINT, 0, 1, c, (a, e) -> {
            String be = backendArg(a, e);
            return x -> Sample.sint(x.proxyState().usableServers(be));
        });
        def("be_conn", SampleType.SINT, 0, 1, c, (a, e) -> {
            String be = backendArg(a, e);
            return x -> Sample.sint(x.proxyState().backendConnections(be));
        });
        def("connslots", SampleType.SINT, 0, 1, c, (a, e) -> {
            String be = backendArg(a, e);
            return x -> Sample.sint(x.proxyState().connectionSlots(be));
        });
        // fe_conn(<frontend>) would need the frontend's name checked at -c: only the current frontend is offered
        def("fe_conn", SampleType.SINT, 0, 0, c, (a, e) -> x -> {
            String fe = x.frontendName();
            return fe == null ? null : Sample.sint(x.proxyState().frontendConnections(fe));
        });
        def("srv_conn", SampleType.SINT, 1, 1, c, (a, e) -> {
            String[] bs = serverArg(a.get(0), e);
            return x -> {
                Integer n = x.proxyState().serverConnections(bs[0], bs[1]);
                return n == null ? null : Sample.sint(n);
            };
        });
        def("srv_is_up", SampleType.BOOL, 1, 1, c, (a, e) -> {
            int slash = a.get(0).indexOf('/');
            if (slash <= 0) {
                throw new IllegalArgumentException("expects <backend>/<server>, got '" + a.get(0) + "'");
            }
            String be = a.get(0).substring(0, slash);
            String srv = a.get(0).substring(slash + 1);
            if (!e.backendExists(be)) {
                throw new IllegalArgumentException("no such backend '" + be + "'");
            }
            return x -> {
                Boolean up = x.proxyState().serverUp(be, srv);
                return up == null ? null : Sample.bool(up);
            };
        });
        def("var", SampleType.ANY, 1, 2, c, (a, e) -> {
            VarRef ref = VarRef.parse(a.get(0));
            Sample dflt = a.size() > 1 ? Sample.str(a.get(1)) : null;
            return x -> {
                Vars v = x.vars();
                Sample s = v == null ? null : v.get(ref);
                return s != null ? s : dflt;
            };
        });
        constant("fe_name", SampleType.STR, c, x -> str(x.frontendName()));
        constant("so_name", SampleType.STR, c, x -> str(x.listenerName()));
        constant("so_id", SampleType.SINT, c, x -> {
            ClientConnection k = x.connection();
            return k == null || k.listenerId() <= 0 ? null : Sample.sint(k.listenerId());
        });
        // the connection's own addresses: set-src / set-dst change src / dst, not these
        constant(
                "fc_src",
                SampleType.ADDR,
                c,
                x -> x.connection() == null ? null : addr(x.connection().source()));
        constant(
                "fc_src_port",
                SampleType.SINT,
                c,
                x -> x.connection() == null ? null : port(x.connection().source()));
        constant(
                "fc_dst",
                SampleType.ADDR,
                c,
                x -> x.connection() == null ? null : addr(x.connection().destination()));
        constant(
                "fc_dst_port",
                SampleType.SINT,
                c,
                x -> x.connection() == null ? null : port(x.connection().destination()));
        constant(
                "fc_rcvd_proxy",
                SampleType.BOOL,
                c,
                x -> x.connection() == null ? null : Sample.bool(x.connection().proxyHeader()));
        // the rule that gave the last final verdict on this stream (content and HTTP rules)
        constant(
                "last_rule_file",
                SampleType.STR,
                c,
                x -> x.lastRule() == null ? null : str(x.lastRule().file()));
        constant(
                "last_rule_line",
                SampleType.SINT,
                c,
                x -> x.lastRule() == null ? null : Sample.sint(x.lastRule().line()));
        constant("be_name", SampleType.STR, Phase.HTTP_REQUEST_KEPT, x -> str(x.backendName()));
        constant("srv_name", SampleType.STR, Phase.HTTP_RESPONSE, x -> str(x.serverName()));
        constant(
                "srv_id",
                SampleType.SINT,
                Phase.HTTP_RESPONSE,
                x -> x.serverId() < 0 ? null : Sample.sint(x.serverId()));
        constant("unique-id", SampleType.STR, Phase.HTTP_REQUEST_KEPT, x -> str(x.uniqueId()));
        timeout("fe_client_timeout", "client", false);
        timeout("be_server_timeout", "server", false);
        timeout("be_tunnel_timeout", "tunnel", false);
        timeout("cur_server_timeout", "server", true);
        timeout("cur_tunnel_timeout", "tunnel", true);
    }

    private static void timeout(String name, String which, boolean current) {
        constant(name, SampleType.SINT, Phase.HTTP_REQUEST_KEPT, x -> {
            long v = x.timeout(which, current);
            return v < 0 ? null : Sample.sint(v);
        });
    }

    private static byte[] body(SampleContext x) {
        byte[] b = x.requestBody();
        return b == null ? new byte[0] : b;
    }

    /** HAProxy's base32: sdbm over the Host value then the path (origin form, before '?'), then full_hash. */
    private static Long base32(SampleContext x) {
        HttpHead h = x.request();
        if (h == null) {
            return null;
        }
        int hash = 0;
        List<String> host = h.headers("host");
        if (!host.isEmpty()) {
            for (char c : host.get(0).strip().toCharArray()) {
                hash = (c & 0xFF) + (hash << 6) + (hash << 16) - hash;
            }
        }
        String path = Uris.path(h.uri());
        if (path != null && path.startsWith("/")) {
            for (char c : path.toCharArray()) {
                hash = (c & 0xFF) + (hash << 6) + (hash << 16) - hash;
            }
        }
        return dev.hapair.proxy.lb.HashFunction.avalanche(hash & 0xFFFFFFFFL);
    }

    /** HAProxy's bool() takes the words true and false (any case) as well as an integer (non-zero is true). */
    private static Sample boolLiteral(String arg) {
        if (arg.equalsIgnoreCase("true")) {
            return Sample.TRUE;
        }
        if (arg.equalsIgnoreCase("false")) {
            return Sample.FALSE;
        }
        return Sample.str(arg).cast(SampleType.BOOL);
    }

    private static Fetch literal(Sample s, String name, List<String> a) {
        if (s == null) {
            throw new IllegalArgumentException("'" + a.get(0) + "' is not a valid " + name);
        }
        return x -> s;
    }

    static long integerArg(String s, String what) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + s + "' is not an integer");
        }
    }

    /** {@code <backend>/<server>} (the bare server form of HAProxy's srv_* fetches is not offered). */
    private static String[] serverArg(String arg, SampleEnv e) {
        int slash = arg.indexOf('/');
        if (slash <= 0 || slash == arg.length() - 1) {
            throw new IllegalArgumentException("expects <backend>/<server>, got '" + arg + "'");
        }
        String be = arg.substring(0, slash);
        if (!e.backendExists(be)) {
            throw new IllegalArgumentException("no such backend '" + be + "'");
        }
        return new String[] {be, arg.substring(slash + 1)};
    }

    private static String backendArg(List<String> a, SampleEnv e) {
        if (a.isEmpty()) {
            return null;
        }
        if (!e.backendExists(a.get(0))) {
            throw new IllegalArgumentException("no such backend '" + a.get(0) + "'");
        }
        return a.get(0);
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    // ---------------------------------------------------------------- layer 4

    private static void layer4() {
        Phase c = Phase.CONNECTION;
        constant("src", SampleType.ADDR, c, SampleContext::sourceSample);
        constant("src_port", SampleType.SINT, c, x -> port(x.source()));
        constant("dst", SampleType.ADDR, c, x -> addr(x.destination()));
        constant("dst_port", SampleType.SINT, c, x -> port(x.destination()));
        constant("ssl_fc", SampleType.BOOL, c, x -> Sample.bool(x.secure()));
        // connection errors: 0 on every connection that got to a stream; the connection error log shows others
        constant("fc_err", SampleType.SINT, c, x -> Sample.sint(connectionError(x)));
        constant("fc_err_str", SampleType.STR, c, x -> Sample.str(ConnectionError.message(connectionError(x))));
        constant(
                "ssl_fc_err",
                SampleType.SINT,
                c,
                x -> !x.secure()
                        ? null
                        : Sample.sint(
                                x.connectionError() == null
                                        ? 0
                                        : x.connectionError().sslCode()));
        constant(
                "ssl_fc_err_str",
                SampleType.STR,
                c,
                x -> !x.secure()
                                || x.connectionError() == null
                                || x.connectionError().sslText() == null
                        ? null
                        : Sample.str(x.connectionError().sslText()));
        // after the handshake: null (no sample) in tcp-request connection rules, as in HAProxy
        constant(
                "ssl_fc_sni",
                SampleType.STR,
                c,
                x -> x.tls() == null ? null : str(x.tls().sni()));
        constant(
                "ssl_fc_protocol",
                SampleType.STR,
                c,
                x -> x.tls() == null ? null : str(x.tls().protocol()));
        constant(
                "ssl_fc_cipher",
                SampleType.STR,
                c,
                x -> x.tls() == null ? null : str(x.tls().cipher()));
        constant(
                "ssl_fc_alpn",
                SampleType.STR,
                c,
                x -> x.tls() == null ? null : str(x.tls().alpn()));
        constant(
                "ssl_c_used",
                SampleType.BOOL,
                c,
                x -> Sample.bool(x.tls() != null && x.tls().clientCertificate()));
        constant(
                "ssl_fc_is_resumed",
                SampleType.BOOL,
                c,
                x -> x.tls() == null || x.tls().resumed() == null
                        ? null
                        : Sample.bool(x.tls().resumed()));
        // ssl_bc_*: the TLS connection to the server this transaction's response came from (its stream's
        // connection for an HTTP/2 server)
        constant(
                "ssl_bc_alpn",
                SampleType.STR,
                Phase.HTTP_RESPONSE,
                x -> x.serverTls() == null ? null : str(x.serverTls().alpn()));
        constant(
                "ssl_bc_protocol",
                SampleType.STR,
                Phase.HTTP_RESPONSE,
                x -> x.serverTls() == null ? null : str(x.serverTls().protocol()));
        constant(
                "ssl_bc_cipher",
                SampleType.STR,
                Phase.HTTP_RESPONSE,
                x -> x.serverTls() == null ? null : str(x.serverTls().cipher()));
        constant(
                "ssl_bc_is_resumed",
                SampleType.BOOL,
                Phase.HTTP_RESPONSE,
                x -> x.serverTls() == null || x.serverTls().resumed() == null
                        ? null
                        : Sample.bool(x.serverTls().resumed()));
        clientCertificate(c);
    }

    /**
     * {@code ssl_c_*}: the client's certificate. The error fetches are non-zero only when {@code crt-ignore-err}
     * or {@code ca-ignore-err} let a verification error through (any other error fails the handshake).
     */
    private static void clientCertificate(Phase c) {
        verify("ssl_c_verify", c, TlsFacts.Verify::result);
        verify("ssl_c_err", c, TlsFacts.Verify::err);
        verify("ssl_c_ca_err", c, TlsFacts.Verify::caErr);
        verify("ssl_c_ca_err_depth", c, TlsFacts.Verify::caErrDepth);
        certificate("ssl_c", c, x -> x.tls() == null ? null : x.tls().peer());
        // the CAs the client sent (OpenSSL's peer chain on the server side has no leaf)
        constant(
                "ssl_c_chain_der",
                SampleType.BIN,
                c,
                x -> x.tls() == null || x.tls().peerChain().isEmpty()
                        ? null
                        : Sample.bin(CertificateFields.der(x.tls()
                                .peerChain()
                                .subList(1, x.tls().peerChain().size()))));
        // ssl_f_*: the certificate this listener presented
        certificate("ssl_f", c, x -> x.tls() == null ? null : x.tls().local());
        // ssl_s_*: the certificate of the server this transaction's response came from ({@code server ... ssl})
        Phase r = Phase.HTTP_RESPONSE;
        certificate(
                "ssl_s", r, x -> x.serverTls() == null ? null : x.serverTls().peer());
        constant(
                "ssl_s_chain_der",
                SampleType.BIN,
                r,
                x -> x.serverTls() == null || x.serverTls().peerChain().isEmpty()
                        ? null
                        : Sample.bin(CertificateFields.der(x.serverTls().peerChain())));
    }

    /** {@code <prefix>_der, _sha1, _serial, _version, _notbefore, _notafter, _sig_alg, _key_alg, _s_dn, _i_dn}. */
    private static void certificate(
            String prefix, Phase c, Function<SampleContext, java.security.cert.X509Certificate> which) {
        cert(prefix + "_der", SampleType.BIN, c, which, p -> Sample.bin(CertificateFields.der(p)));
        cert(prefix + "_sha1", SampleType.BIN, c, which, p -> Sample.bin(CertificateFields.sha1(p)));
        cert(
                prefix + "_serial",
                SampleType.BIN,
                c,
                which,
                p -> Sample.bin(p.getSerialNumber().toByteArray()));
        cert(prefix + "_version", SampleType.SINT, c, which, p -> Sample.sint(p.getVersion()));
        cert(prefix + "_notbefore", SampleType.STR, c, which, p -> str(CertificateFields.asn1Time(p, false)));
        cert(prefix + "_notafter", SampleType.STR, c, which, p -> str(CertificateFields.asn1Time(p, true)));
        cert(prefix + "_sig_alg", SampleType.STR, c, which, p -> Sample.str(CertificateFields.signatureAlgorithm(p)));
        cert(prefix + "_key_alg", SampleType.STR, c, which, p -> Sample.str(CertificateFields.keyAlgorithm(p)));
        distinguishedName(prefix + "_s_dn", c, which, java.security.cert.X509Certificate::getSubjectX500Principal);
        distinguishedName(prefix + "_i_dn", c, which, java.security.cert.X509Certificate::getIssuerX500Principal);
    }

    private static void cert(
            String name,
            SampleType type,
            Phase c,
            Function<SampleContext, java.security.cert.X509Certificate> which,
            Function<java.security.cert.X509Certificate, Sample> f) {
        constant(name, type, c, x -> {
            java.security.cert.X509Certificate p = which.apply(x);
            return p == null ? null : f.apply(p);
        });
    }

    /** {@code ssl_c_s_dn([<entry>[,<occ>[,<format>]]])} and its issuer twin. */
    private static void distinguishedName(
            String name,
            Phase c,
            Function<SampleContext, java.security.cert.X509Certificate> cert,
            Function<java.security.cert.X509Certificate, javax.security.auth.x500.X500Principal> which) {
        def(name, SampleType.STR, 0, 3, c, (a, e) -> {
            String entry = a.isEmpty() ? "" : a.get(0);
            int occ = a.size() > 1 && !a.get(1).isEmpty() ? (int) integerArg(a.get(1), "occurrence") : 1;
            String format = a.size() > 2 ? a.get(2) : "";
            if (!format.isEmpty() && !format.equals("rfc2253")) {
                throw new IllegalArgumentException("only 'rfc2253' is a DN format, got '" + format + "'");
            }
            return x -> {
                java.security.cert.X509Certificate p = cert.apply(x);
                if (p == null) {
                    return null;
                }
                javax.security.auth.x500.X500Principal dn = which.apply(p);
                if (!entry.isEmpty()) {
                    return str(CertificateFields.entry(dn, entry, occ));
                }
                return str(format.isEmpty() ? CertificateFields.oneline(dn) : CertificateFields.rfc2253(dn));
            };
        });
    }

    private static void verify(String name, Phase c, java.util.function.ToIntFunction<TlsFacts.Verify> f) {
        constant(
                name,
                SampleType.SINT,
                c,
                x -> x.tls() == null ? null : Sample.sint(f.applyAsInt(x.tls().verify())));
    }

    private static Sample addr(InetSocketAddress a) {
        return a == null || a.getAddress() == null ? null : Sample.addr(a.getAddress());
    }

    private static Sample port(InetSocketAddress a) {
        return a == null || a == Addresses.UNIX ? null : Sample.sint(a.getPort());
    }

    // ---------------------------------------------------------------- layer 7

    private static void httpRequest() {
        Phase r = Phase.HTTP_REQUEST;
        // what HAProxy keeps of the request once it is forwarded: its response rules accept only these
        Phase k = Phase.HTTP_REQUEST_KEPT;
        constant("http_first_req", SampleType.BOOL, k, x -> {
            Boolean first = x.firstRequest();
            return first == null ? null : Sample.bool(first);
        });
        constant(
                "method",
                SampleType.METH,
                k,
                x -> x.request() == null ? null : Sample.meth(x.request().method()));
        constant(
                "url",
                SampleType.STR,
                r,
                x -> x.request() == null ? null : str(x.request().uri()));
        constant(
                "path",
                SampleType.STR,
                r,
                x -> x.request() == null ? null : x.request().pathSample());
        constant(
                "pathq",
                SampleType.STR,
                r,
                x -> x.request() == null ? null : str(Uris.pathq(x.request().uri())));
        constant(
                "query",
                SampleType.STR,
                r,
                x -> x.request() == null ? null : str(Uris.query(x.request().uri())));
        constant("base", SampleType.STR, r, x -> {
            HttpHead h = x.request();
            if (h == null) {
                return null;
            }
            List<String> host = h.headers("host");
            return str(
                    Uris.base(host.isEmpty() ? null : host.get(host.size() - 1).strip(), Uris.path(h.uri())));
        });
        constant("base32", SampleType.SINT, r, x -> {
            Long h = base32(x);
            return h == null ? null : Sample.sint(h);
        });
        constant("base32+src", SampleType.BIN, r, x -> {
            Long h = base32(x);
            if (h == null || x.source() == null || x.source().getAddress() == null) {
                return null;
            }
            byte[] a = x.source().getAddress().getAddress();
            byte[] out = new byte[4 + a.length];
            out[0] = (byte) (h >>> 24);
            out[1] = (byte) (h >>> 16);
            out[2] = (byte) (h >>> 8);
            out[3] = (byte) (long) h;
            System.arraycopy(a, 0, out, 4, a.length);
            return Sample.bin(out);
        });
        // the request body, when the request waited for it (option http-buffer-request, wait-for-body)
        constant("req.body", SampleType.BIN, r, x -> x.request() == null ? null : Sample.bin(body(x)));
        constant("req.body_len", SampleType.SINT, r, x -> x.request() == null ? null : Sample.sint(body(x).length));
        constant("req.body_size", SampleType.SINT, r, x -> {
            if (x.request() == null) {
                return null;
            }
            List<String> cl = x.request().headers("content-length");
            if (!cl.isEmpty()) {
                try {
                    return Sample.sint(Long.parseLong(cl.get(0).strip()));
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            return Sample.sint(body(x).length);
        });
        def("req.body_param", SampleType.STR, 0, 1, r, (a, e) -> {
            String name = a.isEmpty() ? null : a.get(0);
            return new Fetch() {
                @Override
                public Sample fetch(SampleContext x) {
                    Sample[] first = new Sample[1];
                    return any(x, s -> {
                                first[0] = s;
                                return true;
                            })
                            ? first[0]
                            : null;
                }

                /** Every parameter of that name (every parameter without one), as HAProxy's acls see them. */
                @Override
                public boolean any(SampleContext x, Predicate<Sample> p) {
                    if (x.request() == null) {
                        return false;
                    }
                    String b = new String(body(x), StandardCharsets.ISO_8859_1);
                    for (String param : b.split("&")) {
                        int eq = param.indexOf('=');
                        String k = eq < 0 ? param : param.substring(0, eq);
                        if ((name == null || k.equals(name))
                                && p.test(Sample.str(eq < 0 ? "" : param.substring(eq + 1)))) {
                            return true;
                        }
                    }
                    return false;
                }
            };
        });
        for (String n : List.of("req.ver", "req_ver")) {
            constant(
                    n,
                    SampleType.STR,
                    r,
                    x -> x.request() == null ? null : str(x.request().version()));
        }
        for (String n : List.of("url_param", "urlp")) {
            def(n, SampleType.STR, 1, 2, r, (a, e) -> {
                return urlParam(a.get(0), Sample::str);
            });
        }
        def("urlp_val", SampleType.SINT, 1, 2, r, (a, e) -> urlParam(a.get(0), v -> toInt(Sample.str(v))));
        headerFamily("", SampleContext::request, r);
        // HAProxy 2.6 has no historical fhdr / fhdr_cnt (only req.fhdr, res.fhdr): unknown keywords there
        TABLE.remove("fhdr");
        TABLE.remove("fhdr_cnt");
        // hdr() alone reads the headers of the message the rule runs on (SampleParser picks res.hdr in
        // response rules); HAProxy refuses the other historical names there (hdr_cnt, hdr_val, ...)
        TABLE.put("hdr", withPhase(TABLE.get("hdr"), Phase.HTTP_HEADERS));
        headerFamily("req.", SampleContext::request, r);
        constant("req.hdrs", SampleType.STR, r, x -> x.request() == null ? null : Sample.str(block(x.request())));
        constant(
                "req.hdrs_bin",
                SampleType.BIN,
                r,
                x -> x.request() == null ? null : Sample.bin(block(x.request()).getBytes(StandardCharsets.ISO_8859_1)));
        cookieFamily(
                new String[] {"cook", "req.cook"},
                "cook_cnt",
                "req.cook_cnt",
                "cook_val",
                "req.cook_val",
                SampleContext::request,
                "cookie",
                r);
        constant(
                "capture.req.method",
                SampleType.STR,
                k,
                x -> x.request() == null ? null : str(CapturedRequestLine.method(x.request())));
        constant(
                "capture.req.uri",
                SampleType.STR,
                k,
                x -> x.request() == null ? null : str(Uris.capturedPath(CapturedRequestLine.uri(x.request()))));
        constant(
                "capture.req.ver",
                SampleType.STR,
                k,
                // HAProxy 2.6: "HTTP/1.0" or "HTTP/1.1" from the message's flags, whatever the line said (HTTP/1.2 and
                // an
                // HTTP/2 stream show HTTP/1.1; measured)
                x -> x.request() == null ? null : str("1.0".equals(x.request().version()) ? "HTTP/1.0" : "HTTP/1.1"));
        def("capture.req.hdr", SampleType.STR, 1, 1, k, (a, e) -> {
            int idx = (int) integerArg(a.get(0), "capture slot");
            return x -> str(x.capturedRequestHeader(idx));
        });
        def("http_auth", SampleType.BOOL, 1, 1, r, (a, e) -> {
            String list = userlist(a, e);
            return x -> Sample.bool(authenticate(x, list) != null);
        });
        def("http_auth_group", SampleType.STR, 1, 1, r, (a, e) -> {
            String list = userlist(a, e);
            return new Fetch() {
                @Override
                public Sample fetch(SampleContext x) {
                    Set<String> g = authenticate(x, list);
                    return g == null || g.isEmpty()
                            ? null
                            : Sample.str(g.iterator().next());
                }

                @Override
                public boolean any(SampleContext x, Predicate<Sample> p) {
                    Set<String> g = authenticate(x, list);
                    if (g != null) {
                        for (String s : g) {
                            if (p.test(Sample.str(s))) {
                                return true;
                            }
                        }
                    }
                    return false;
                }
            };
        });
        constant("http_auth_type", SampleType.STR, r, x -> {
            String[] c = basic(x);
            String h = authorization(x);
            if (h == null) {
                return null;
            }
            int sp = h.indexOf(' ');
            return Sample.str(sp < 0 ? h : h.substring(0, sp));
        });
        constant("http_auth_user", SampleType.STR, r, x -> {
            String[] c = basic(x);
            return c == null ? null : Sample.str(c[0]);
        });
        constant("http_auth_pass", SampleType.STR, r, x -> {
            String[] c = basic(x);
            return c == null ? null : Sample.str(c[1]);
        });
    }

    private static void httpResponse() {
        Phase s = Phase.HTTP_RESPONSE;
        constant(
                "status",
                SampleType.SINT,
                s,
                x -> x.response() == null ? null : Sample.sint(x.response().status()));
        constant(
                "res.ver",
                SampleType.STR,
                s,
                x -> x.response() == null ? null : str(x.response().version()));
        constant(
                "resp_ver",
                SampleType.STR,
                s,
                x -> x.response() == null ? null : str(x.response().version()));
        headerFamily("res.", SampleContext::response, s);
        // the historical names of the response header fetches
        TABLE.put("shdr", rename(TABLE.get("res.hdr"), "shdr"));
        TABLE.put("shdr_cnt", rename(TABLE.get("res.hdr_cnt"), "shdr_cnt"));
        TABLE.put("shdr_val", rename(TABLE.get("res.hdr_val"), "shdr_val"));
        TABLE.put("shdr_ip", rename(TABLE.get("res.hdr_ip"), "shdr_ip"));
        cookieFamily(
                new String[] {"res.cook", "scook"},
                "res.cook_cnt",
                "scook_cnt",
                "res.cook_val",
                "scook_val",
                SampleContext::response,
                "set-cookie",
                s);
        constant(
                "capture.res.ver",
                SampleType.STR,
                s,
                x -> x.response() == null ? null : str("HTTP/" + x.response().version()));
        def("capture.res.hdr", SampleType.STR, 1, 1, s, (a, e) -> {
            int idx = (int) integerArg(a.get(0), "capture slot");
            return x -> str(x.capturedResponseHeader(idx));
        });
        constant("res.hdrs", SampleType.STR, s, x -> x.response() == null ? null : Sample.str(block(x.response())));
    }

    private static FetchDef withPhase(FetchDef d, Phase needs) {
        return new FetchDef(d.name(), d.type(), d.minArgs(), d.maxArgs(), needs, d.factory());
    }

    private static FetchDef rename(FetchDef d, String name) {
        return new FetchDef(name, d.type(), d.minArgs(), d.maxArgs(), d.needs(), d.factory());
    }

    /**
     * {@code P.hdr}, {@code P.fhdr}, {@code P.hdr_cnt}, {@code P.fhdr_cnt}, {@code P.hdr_val}, {@code P.hdr_ip}
     * for prefix "" (request, historical names), "req." or "res.". As samples, header fetches return the
     * last occurrence unless one is given; acls see every occurrence.
     */
    private static void headerFamily(String prefix, Function<SampleContext, HttpHead> head, Phase phase) {
        for (boolean split : new boolean[] {true, false}) {
            String base = prefix + (split ? "hdr" : "fhdr");
            def(base, SampleType.STR, 0, 2, phase, (a, e) -> headers(a, split, head, s -> s));
            def(base + "_cnt", SampleType.SINT, 0, 1, phase, (a, e) -> {
                String name = a.isEmpty() ? null : a.get(0);
                return x -> {
                    HttpHead h = head.apply(x);
                    return h == null ? null : Sample.sint(values(h, name, split).size());
                };
            });
        }
        def(prefix + "hdr_val", SampleType.SINT, 1, 2, phase, (a, e) -> headers(a, true, head, Fetches::toInt));
        def(prefix + "hdr_ip", SampleType.ADDR, 1, 2, phase, (a, e) -> headers(a, true, head, Fetches::toAddr));
    }

    /**
     * {@code url_param(name)} with each value as {@code as} makes it: the first occurrence as a sample, every one
     * for acls (HAProxy's {@code url_param} returns each parameter of that name in turn, {@code urlp_val} too);
     * a bare {@code name} without '=' is none, as there.
     */
    private static Fetch urlParam(String name, Function<String, Sample> as) {
        return new Fetch() {
            @Override
            public Sample fetch(SampleContext x) {
                if (x.request() == null) {
                    return null;
                }
                String[] first = new String[1];
                return QueryStrings.anyValue(x.request().uri(), name, v -> {
                            first[0] = v;
                            return true;
                        })
                        ? as.apply(first[0])
                        : null;
            }

            @Override
            public boolean any(SampleContext x, Predicate<Sample> p) {
                return x.request() != null
                        && QueryStrings.anyValue(x.request().uri(), name, v -> {
                            Sample s = as.apply(v);
                            return s != null && p.test(s);
                        });
            }
        };
    }

    private static Sample toInt(Sample s) {
        return s == null ? null : s.cast(SampleType.SINT);
    }

    private static Sample toAddr(Sample s) {
        return s == null ? null : s.cast(SampleType.ADDR);
    }

    private static Fetch headers(
            List<String> a, boolean split, Function<SampleContext, HttpHead> head, Function<Sample, Sample> as) {
        String name = a.isEmpty() || a.get(0).isEmpty() ? null : a.get(0);
        int occ = a.size() > 1 ? (int) integerArg(a.get(1), "occurrence") : 0;
        return new Fetch() {
            @Override
            public Sample fetch(SampleContext x) {
                HttpHead h = head.apply(x);
                if (h == null) {
                    return null;
                }
                if (occ == 0 || occ == 1 || occ == -1) {
                    String one = single(h, name, split);
                    if (one != HttpHead.SEVERAL) {
                        return one == null ? null : as.apply(Sample.str(one));
                    }
                }
                List<String> v = values(h, name, split);
                int idx = occ == 0 ? v.size() - 1 : occ > 0 ? occ - 1 : v.size() + occ;
                return idx >= 0 && idx < v.size() ? as.apply(Sample.str(v.get(idx))) : null;
            }

            @Override
            public boolean any(SampleContext x, Predicate<Sample> p) {
                if (occ != 0) {
                    Sample s = fetch(x);
                    return s != null && p.test(s);
                }
                HttpHead h = head.apply(x);
                if (h == null) {
                    return false;
                }
                String one = single(h, name, split);
                if (one != HttpHead.SEVERAL) {
                    Sample s = one == null ? null : as.apply(Sample.str(one));
                    return s != null && p.test(s);
                }
                List<String> all = values(h, name, split);
                for (int i = 0; i < all.size(); i++) {
                    Sample s = as.apply(Sample.str(all.get(i)));
                    if (s != null && p.test(s)) {
                        return true;
                    }
                }
                return false;
            }
        };
    }

    /**
     * The only occurrence of header {@code name} without building a list: null when there is none,
     * {@link HttpHead#SEVERAL} when there may be more than one (several lines, a comma to split on, or every
     * header asked for: {@code name} null).
     */
    private static String single(HttpHead h, String name, boolean split) {
        if (name == null) {
            return HttpHead.SEVERAL;
        }
        String v = h.oneHeader(name);
        if (v == null || v == HttpHead.SEVERAL) {
            return v;
        }
        return split && v.indexOf(',') >= 0 ? HttpHead.SEVERAL : v.trim();
    }

    /** Occurrences of a header (all headers when {@code name} is null), comma-split or as full lines. */
    static List<String> values(HttpHead h, String name, boolean split) {
        if (name != null) {
            return HeaderValues.occurrences(h.headers(name), split, 0);
        }
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, String> l : h.headerLines()) {
            lines.add(l.getValue());
        }
        return HeaderValues.occurrences(lines, split, 0);
    }

    private static String block(HttpHead h) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> l : h.headerLines()) {
            sb.append(l.getKey()).append(": ").append(l.getValue()).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    /** {@code cook(name)}: the first cookie of that name as a sample, every one for acls. */
    private static void cookieFamily(
            String[] names,
            String cnt,
            String cnt2,
            String val,
            String val2,
            Function<SampleContext, HttpHead> head,
            String header,
            Phase phase) {
        boolean response = header.equals("set-cookie");
        FetchDef.Factory values = (a, e) -> {
            String name = a.isEmpty() ? null : a.get(0);
            return new Fetch() {
                @Override
                public Sample fetch(SampleContext x) {
                    List<String> v = cookies(head.apply(x), header, name, response);
                    return v.isEmpty() ? null : Sample.str(v.get(0));
                }

                @Override
                public boolean any(SampleContext x, Predicate<Sample> p) {
                    for (String v : cookies(head.apply(x), header, name, response)) {
                        if (p.test(Sample.str(v))) {
                            return true;
                        }
                    }
                    return false;
                }
            };
        };
        for (String n : names) {
            def(n, SampleType.STR, 0, 1, phase, values);
        }
        FetchDef.Factory count = (a, e) -> {
            String name = a.isEmpty() ? null : a.get(0);
            return x -> head.apply(x) == null
                    ? null
                    : Sample.sint(cookies(head.apply(x), header, name, response).size());
        };
        def(cnt, SampleType.SINT, 0, 1, phase, count);
        def(cnt2, SampleType.SINT, 0, 1, phase, count);
        FetchDef.Factory value = (a, e) -> {
            Fetch f = values.create(a, e);
            return x -> toInt(f.fetch(x));
        };
        def(val, SampleType.SINT, 0, 1, phase, value);
        def(val2, SampleType.SINT, 0, 1, phase, value);
    }

    /** Values of the cookies named {@code name} (all cookies when null) in Cookie or Set-Cookie headers. */
    static List<String> cookies(HttpHead h, String header, String name, boolean setCookie) {
        if (h == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String line : h.headers(header)) {
            String[] parts = setCookie ? new String[] {line.split(";", 2)[0]} : line.split(";");
            for (String p : parts) {
                String c = p.strip();
                int eq = c.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                if (name == null || c.substring(0, eq).strip().equals(name)) {
                    out.add(c.substring(eq + 1).strip());
                }
            }
        }
        return out;
    }

    private static String userlist(List<String> a, SampleEnv e) {
        if (!e.userlistExists(a.get(0))) {
            throw new IllegalArgumentException("no such userlist '" + a.get(0) + "'");
        }
        return a.get(0);
    }

    private static String authorization(SampleContext x) {
        HttpHead h = x.request();
        if (h == null) {
            return null;
        }
        List<String> v = h.headers("authorization");
        return v.isEmpty() ? null : v.get(0).strip();
    }

    /** User and password of {@code Authorization: Basic}, or null. */
    private static String[] basic(SampleContext x) {
        String h = authorization(x);
        if (h == null
                || h.length() < 6
                || !h.substring(0, 6).toLowerCase(Locale.ROOT).equals("basic ")) {
            return null;
        }
        try {
            String dec = new String(Base64.getDecoder().decode(h.substring(6).strip()), StandardCharsets.ISO_8859_1);
            int colon = dec.indexOf(':');
            return colon < 0 ? null : new String[] {dec.substring(0, colon), dec.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Set<String> authenticate(SampleContext x, String list) {
        String[] c = basic(x);
        return c == null ? null : x.users().authenticate(list, c[0], c[1]);
    }
}
