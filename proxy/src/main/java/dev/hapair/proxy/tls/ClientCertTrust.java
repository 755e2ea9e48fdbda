package dev.hapair.proxy.tls;

import dev.hapair.proxy.config.IgnoredErrors;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Client certificate verification of a {@code bind ... verify optional|required}: {@link ChainVerifier} over
 * {@code ca-file} + {@code ca-verify-file} and {@code crl-file}; an error not ignored by {@code crt-ignore-err}
 * (client certificate) or {@code ca-ignore-err} (its CAs) fails the handshake, as HAProxy's verify callback
 * does. What was found is kept per engine for {@code ssl_c_verify}, {@code ssl_c_err}, {@code ssl_c_ca_err} and
 * {@code ssl_c_ca_err_depth}. The CA names sent to clients are {@code ca-file}'s only.
 */
final class ClientCertTrust extends X509ExtendedTrustManager {

    /** What verification found: the last error (OpenSSL's verify result), the first of the leaf and of a CA. */
    record Outcome(int result, int leafError, int caError, int caErrorDepth) {
        static final Outcome OK = new Outcome(0, 0, 0, 0);
    }

    private static final Map<SSLEngine, Outcome> OUTCOMES = Collections.synchronizedMap(new WeakHashMap<>());

    private final X509Certificate[] advertised;
    private final ChainVerifier verifier;
    private final IgnoredErrors crtIgnored;
    private final IgnoredErrors caIgnored;
    private final Supplier<Date> clock;
    private final CertCurves curves;

    ClientCertTrust(
            List<X509Certificate> caFile,
            ChainVerifier verifier,
            IgnoredErrors crtIgnored,
            IgnoredErrors caIgnored,
            Supplier<Date> clock) {
        this(caFile, verifier, crtIgnored, caIgnored, clock, CertCurves.OPENSSL_DEFAULT);
    }

    /** @param curves the curves a TLS 1.2 client certificate's EC key may use (the bind's groups) */
    ClientCertTrust(
            List<X509Certificate> caFile,
            ChainVerifier verifier,
            IgnoredErrors crtIgnored,
            IgnoredErrors caIgnored,
            Supplier<Date> clock,
            CertCurves curves) {
        this.curves = curves;
        this.advertised = caFile.toArray(X509Certificate[]::new);
        this.verifier = verifier;
        this.crtIgnored = crtIgnored;
        this.caIgnored = caIgnored;
        this.clock = clock;
    }

    /** The verification outcome of {@code engine}'s client certificate; {@link Outcome#OK} when none was checked. */
    static Outcome outcome(SSLEngine engine) {
        Outcome o = OUTCOMES.get(engine);
        return o == null ? Outcome.OK : o;
    }

    /**
     * A refused client certificate; {@code ca} when a CA of its chain failed, which HAProxy logs as connection
     * error 30 (CA chain cannot be verified) rather than 31 (certificate not trusted).
     */
    public static final class Refused extends CertificateException {
        private static final long serialVersionUID = 1L;
        private final boolean ca;
        private final int code;

        /** @param code the OpenSSL verify error */
        Refused(boolean ca, int code, String message) {
            super(message);
            this.ca = ca;
            this.code = code;
        }

        /**
         * What the TLS library is told: with the OpenSSL provider, Netty's exception carrying the verify error,
         * which BoringSSL turns into the alert OpenSSL sends for it (certificate_expired for 10, unknown_ca for
         * 20...), so the client reads what HAProxy's clients read (a plain CertificateException gave
         * internal_error); this refusal stays its cause for HandshakeGate.
         */
        CertificateException forTheTlsLibrary() {
            if (!io.netty.handler.ssl.OpenSsl.isAvailable()) {
                return this;
            }
            int known = io.netty.internal.tcnative.CertificateVerifier.isValid(code)
                    ? code
                    : io.netty.internal.tcnative.CertificateVerifier.X509_V_ERR_UNSPECIFIED;
            return new io.netty.handler.ssl.OpenSslCertificateException(getMessage(), this, known);
        }

        public boolean ca() {
            return ca;
        }
    }

    /** The decision alone (pure): the outcome, or a refusal naming the first error not ignored. */
    Outcome check(X509Certificate[] chain) throws CertificateException {
        int last = 0;
        int leaf = 0;
        int ca = 0;
        int caDepth = 0;
        for (ChainVerifier.Error e : verifier.verify(chain, clock.get())) {
            last = e.code();
            if (e.depth() > 0) {
                if (ca == 0) {
                    ca = e.code();
                    caDepth = e.depth();
                }
                if (!caIgnored.ignores(e.code())) {
                    throw new Refused(
                            true,
                            e.code(),
                            "client certificate CA at depth " + e.depth() + ": verify error " + e.code());
                }
            } else {
                if (leaf == 0) leaf = e.code();
                if (!crtIgnored.ignores(e.code())) {
                    throw new Refused(false, e.code(), "client certificate: verify error " + e.code());
                }
            }
        }
        return new Outcome(last, leaf, ca, caDepth);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        Outcome o;
        try {
            o = check(chain);
        } catch (Refused r) {
            throw r.forTheTlsLibrary();
        }
        javax.net.ssl.SSLSession hs = engine.getHandshakeSession();
        if (hs != null && "TLSv1.2".equals(hs.getProtocol()) && chain.length > 0) {
            // after the chain, as OpenSSL checks the curve with the CertificateVerify that follows
            checkCurve(chain[0]);
        }
        OUTCOMES.put(engine, o);
    }

    /** TLS 1.2: an EC client certificate on a curve outside the bind's groups is refused (see CertCurves). */
    void checkCurve(X509Certificate leaf) throws CertCurves.WrongCurve {
        if (!curves.allows(leaf.getPublicKey())) throw new CertCurves.WrongCurve();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("client certificates only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("client certificates only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client certificates only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return advertised.clone();
    }
}
