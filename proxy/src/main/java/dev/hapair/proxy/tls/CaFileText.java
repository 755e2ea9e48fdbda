package dev.hapair.proxy.tls;

import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/** The text of {@code show ssl ca-file <f>} and {@code show ssl crl-file <f>} entries, as HAProxy 2.6 prints them. */
final class CaFileText {

    /** OpenSSL's long names (OBJ_nid2ln) of the usual signature algorithms, by OID. */
    private static final Map<String, String> SIGNATURES = Map.ofEntries(
            Map.entry("1.2.840.113549.1.1.4", "md5WithRSAEncryption"),
            Map.entry("1.2.840.113549.1.1.5", "sha1WithRSAEncryption"),
            Map.entry("1.2.840.113549.1.1.10", "rsassaPss"),
            Map.entry("1.2.840.113549.1.1.11", "sha256WithRSAEncryption"),
            Map.entry("1.2.840.113549.1.1.12", "sha384WithRSAEncryption"),
            Map.entry("1.2.840.113549.1.1.13", "sha512WithRSAEncryption"),
            Map.entry("1.2.840.113549.1.1.14", "sha224WithRSAEncryption"),
            Map.entry("1.2.840.10045.4.1", "ecdsa-with-SHA1"),
            Map.entry("1.2.840.10045.4.3.2", "ecdsa-with-SHA256"),
            Map.entry("1.2.840.10045.4.3.3", "ecdsa-with-SHA384"),
            Map.entry("1.2.840.10045.4.3.4", "ecdsa-with-SHA512"),
            Map.entry("1.3.101.112", "ED25519"),
            Map.entry("1.3.101.113", "ED448"));

    private CaFileText() {}

    /** One certificate of a CA file: Serial to Issuer (HAProxy's show_cert_detail without a chain). */
    static String certificate(X509Certificate c) {
        StringBuilder sb = new StringBuilder();
        CertificateText.fields(sb, c);
        return sb.toString();
    }

    /** One CRL: version, signature, issuer, updates and the revoked serials with their dates. */
    static String crl(X509CRL crl) {
        StringBuilder sb = new StringBuilder();
        sb.append("Version ").append(crl.getVersion()).append('\n');
        sb.append("Signature Algorithm: ")
                .append(SIGNATURES.getOrDefault(crl.getSigAlgOID(), crl.getSigAlgOID()))
                .append('\n');
        sb.append("Issuer: ")
                .append(CertificateText.oneline(crl.getIssuerX500Principal()))
                .append('\n');
        sb.append("Last Update: ")
                .append(CertificateText.time(crl.getThisUpdate()))
                .append('\n');
        // OpenSSL cannot print an absent nextUpdate and HAProxy's text stops there
        if (crl.getNextUpdate() == null) return sb.append("Next Update: ").toString();
        sb.append("Next Update: ")
                .append(CertificateText.time(crl.getNextUpdate()))
                .append('\n');
        Set<? extends X509CRLEntry> revoked = crl.getRevokedCertificates();
        if (revoked == null || revoked.isEmpty()) {
            return sb.append("No Revoked Certificates.\n").toString();
        }
        sb.append("Revoked Certificates:\n");
        // Java gives a set: in serial order, the order OpenSSL sorts the revoked list in when it searches it
        for (X509CRLEntry e : revoked.stream()
                .sorted(java.util.Comparator.comparing(X509CRLEntry::getSerialNumber))
                .toList()) {
            sb.append("    Serial Number: ").append(serial(e.getSerialNumber())).append('\n');
            sb.append("        Revocation Date: ")
                    .append(CertificateText.time(e.getRevocationDate()))
                    .append('\n');
        }
        return sb.toString();
    }

    /** OpenSSL's i2a_ASN1_INTEGER: the magnitude's bytes in upper-case hex ("03", "1008"), '-' if negative. */
    static String serial(BigInteger n) {
        byte[] b = n.abs().toByteArray();
        int from = b.length > 1 && b[0] == 0 ? 1 : 0;
        String hex = HexFormat.of().withUpperCase().formatHex(b, from, b.length);
        return n.signum() < 0 ? "-" + hex : hex;
    }
}
