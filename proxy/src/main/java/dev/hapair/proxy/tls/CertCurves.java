package dev.hapair.proxy.tls;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The curves a TLS 1.2 peer's ECDSA certificate may use on a bind: those of its key-exchange groups ({@code
 * curves}, {@code ecdhe}), else of OpenSSL 3.0's default groups (X25519, P-256, X448, P-521, P-384). OpenSSL
 * refuses a TLS 1.2 client certificate on another curve ("wrong curve") when it checks the client's
 * CertificateVerify; BoringSSL does not check it, so hapair does, to refuse what HAProxy refuses.
 */
final class CertCurves {

    /** Group names (OpenSSL's and BoringSSL's spellings) of the curves a certificate can use -> JDK curve name. */
    private static final Map<String, String> CERT_CURVES = Map.of(
            "p-224", "secp224r1",
            "secp224r1", "secp224r1",
            "p-256", "secp256r1",
            "prime256v1", "secp256r1",
            "secp256r1", "secp256r1",
            "p-384", "secp384r1",
            "secp384r1", "secp384r1",
            "p-521", "secp521r1",
            "secp521r1", "secp521r1");

    static final CertCurves OPENSSL_DEFAULT = new CertCurves(Set.of("secp256r1", "secp521r1", "secp384r1"));

    /** The allowed curves' parameters, computed once: the check runs on every TLS 1.2 client certificate. */
    private final List<ECParameterSpec> allowed;

    private CertCurves(Set<String> curves) {
        this.allowed = curves.stream().map(CertCurves::spec).toList();
    }

    /** @param groups the bind's groups as configured, null when it sets none */
    static CertCurves of(List<String> groups) {
        if (groups == null) return OPENSSL_DEFAULT;
        Set<String> out = new LinkedHashSet<>();
        for (String g : groups) {
            String c = CERT_CURVES.get(g.toLowerCase(Locale.ROOT));
            if (c != null) out.add(c);
        }
        return new CertCurves(out);
    }

    /** Whether a peer certificate with {@code key} passes: any key but an EC key on a curve not allowed. */
    boolean allows(PublicKey key) {
        if (!(key instanceof ECPublicKey ec)) return true;
        for (ECParameterSpec c : allowed) {
            if (same(ec.getParams(), c)) return true;
        }
        return false;
    }

    private static ECParameterSpec spec(String curve) {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec(curve));
            return p.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks curve " + curve, e);
        }
    }

    private static boolean same(ECParameterSpec a, ECParameterSpec b) {
        BigInteger order = a.getOrder();
        return order.equals(b.getOrder())
                && a.getCurve().equals(b.getCurve())
                && a.getGenerator().equals(b.getGenerator());
    }

    /** The refusal: HAProxy logs it as a handshake failure (34) with OpenSSL's "wrong curve". */
    static final class WrongCurve extends java.security.cert.CertificateException {
        private static final long serialVersionUID = 1L;

        WrongCurve() {
            super("client certificate: its EC curve is not one of the bind's groups (wrong curve)");
        }
    }
}
