package dev.hapair.proxy.tls;

import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Verifies a client certificate chain the way OpenSSL's {@code X509_verify_cert} reports it to HAProxy's verify
 * callback, so that {@code crt-ignore-err}/{@code ca-ignore-err} and {@code ssl_c_verify}/{@code ssl_c_err}/
 * {@code ssl_c_ca_err} see OpenSSL's error numbers at OpenSSL's depths: the chain is built (issuer by subject name
 * and signature, ending at a self-signed certificate of the trusted store), then every certificate's revocation
 * is checked against the CRLs (HAProxy sets CRL checking for the whole chain, so a certificate whose issuer has
 * no CRL is an error too), then signatures and validity dates from the top down. Every error is reported and
 * verification goes on, as when the callback ignores errors; the caller decides which abort the handshake.
 *
 * <p>Pure: the clock is a parameter.
 */
public final class ChainVerifier {

    /** OpenSSL's {@code X509_V_ERR_*} numbers (stable ABI values). */
    public static final int UNABLE_TO_GET_ISSUER_CERT = 2;

    public static final int UNABLE_TO_GET_CRL = 3;
    public static final int CERT_SIGNATURE_FAILURE = 7;
    public static final int CRL_SIGNATURE_FAILURE = 8;
    public static final int CERT_NOT_YET_VALID = 9;
    public static final int CERT_HAS_EXPIRED = 10;
    public static final int CRL_NOT_YET_VALID = 11;
    public static final int CRL_HAS_EXPIRED = 12;
    public static final int DEPTH_ZERO_SELF_SIGNED_CERT = 18;
    public static final int SELF_SIGNED_CERT_IN_CHAIN = 19;
    public static final int UNABLE_TO_GET_ISSUER_CERT_LOCALLY = 20;
    public static final int CERT_REVOKED = 23;

    /** One error as the verify callback sees it: {@code depth} 0 is the client's own certificate. */
    public record Error(int depth, int code) {}

    private final List<X509Certificate> trusted;
    private final List<X509CRL> crls;

    /**
     * @param trusted {@code ca-file} and {@code ca-verify-file} certificates
     * @param crls    {@code crl-file}; empty = no revocation checking
     */
    public ChainVerifier(List<X509Certificate> trusted, List<X509CRL> crls) {
        this.trusted = List.copyOf(trusted);
        this.crls = List.copyOf(crls);
    }

    /** Every error of {@code presented} (leaf first, as the client sent it), in the order OpenSSL reports them. */
    public List<Error> verify(X509Certificate[] presented, Date now) {
        List<Error> errors = new ArrayList<>();
        if (presented.length == 0) return errors;
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(presented[0]);
        boolean anchored = false;
        while (true) {
            X509Certificate top = chain.get(chain.size() - 1);
            if (selfSigned(top)) {
                anchored = contains(trusted, top);
                if (!anchored) {
                    errors.add(new Error(
                            chain.size() - 1,
                            chain.size() == 1 ? DEPTH_ZERO_SELF_SIGNED_CERT : SELF_SIGNED_CERT_IN_CHAIN));
                }
                break;
            }
            X509Certificate issuer = issuerOf(top, trusted);
            boolean fromStore = issuer != null;
            if (issuer == null) issuer = issuerOf(top, List.of(presented));
            if (issuer == null || chain.contains(issuer) || chain.size() > 10) {
                int depth = chain.size() - 1;
                boolean topFromStore = contains(trusted, top);
                errors.add(
                        new Error(depth, topFromStore ? UNABLE_TO_GET_ISSUER_CERT : UNABLE_TO_GET_ISSUER_CERT_LOCALLY));
                break;
            }
            chain.add(issuer);
            if (fromStore && selfSigned(issuer)) {
                anchored = true;
                break;
            }
        }
        if (!crls.isEmpty()) {
            for (int i = 0; i < chain.size(); i++) {
                X509Certificate c = chain.get(i);
                X509Certificate issuer = i + 1 < chain.size() ? chain.get(i + 1) : selfSigned(c) ? c : null;
                Integer e = revocation(c, issuer, now);
                if (e != null) errors.add(new Error(i, e));
            }
        }
        // signatures and dates, from the top of the chain down
        for (int i = chain.size() - 1; i >= 0; i--) {
            X509Certificate c = chain.get(i);
            X509Certificate issuer = i + 1 < chain.size() ? chain.get(i + 1) : null;
            if (issuer != null && !signedBy(c, issuer)) errors.add(new Error(i, CERT_SIGNATURE_FAILURE));
            if (now.before(c.getNotBefore())) errors.add(new Error(i, CERT_NOT_YET_VALID));
            else if (now.after(c.getNotAfter())) errors.add(new Error(i, CERT_HAS_EXPIRED));
        }
        return errors;
    }

    /** The revocation error of {@code c}, null when its issuer's CRL is valid and does not list it. */
    private Integer revocation(X509Certificate c, X509Certificate issuer, Date now) {
        X509CRL crl = null;
        for (X509CRL candidate : crls) {
            if (candidate.getIssuerX500Principal().equals(c.getIssuerX500Principal())) {
                crl = candidate;
                break;
            }
        }
        if (crl == null) return UNABLE_TO_GET_CRL;
        if (issuer != null) {
            try {
                crl.verify(issuer.getPublicKey());
            } catch (GeneralSecurityException e) {
                return CRL_SIGNATURE_FAILURE;
            }
        }
        if (now.before(crl.getThisUpdate())) return CRL_NOT_YET_VALID;
        if (crl.getNextUpdate() != null && now.after(crl.getNextUpdate())) return CRL_HAS_EXPIRED;
        return crl.isRevoked(c) ? CERT_REVOKED : null;
    }

    private static X509Certificate issuerOf(X509Certificate c, List<X509Certificate> candidates) {
        for (X509Certificate i : candidates) {
            if (i.getSubjectX500Principal().equals(c.getIssuerX500Principal()) && signedBy(c, i)) return i;
        }
        return null;
    }

    private static boolean selfSigned(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal()) && signedBy(c, c);
    }

    private static boolean signedBy(X509Certificate c, X509Certificate issuer) {
        try {
            c.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean contains(List<X509Certificate> list, X509Certificate c) {
        for (X509Certificate x : list) if (x.equals(c)) return true;
        return false;
    }
}
