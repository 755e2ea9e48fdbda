package dev.hapair.proxy.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;

/** {@code show ssl cert <file>} as HAProxy 2.6 prints it. */
final class CertificateText {

    /** OpenSSL's ASN1_TIME_print: {@code Dec  6 07:27:23 2026 GMT}. */
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'", Locale.ENGLISH);

    private CertificateText() {}

    static String details(String name, String status, CertifiedKey k) {
        X509Certificate leaf = k.leaf();
        StringBuilder sb = new StringBuilder();
        sb.append("Filename: ").append(name).append('\n');
        sb.append("Status: ").append(status).append('\n');
        fields(sb, leaf);
        for (X509Certificate c : k.chain().subList(1, k.chain().size())) {
            sb.append("Chain Subject: ")
                    .append(oneline(c.getSubjectX500Principal()))
                    .append('\n');
            sb.append("Chain Issuer: ")
                    .append(oneline(c.getIssuerX500Principal()))
                    .append('\n');
        }
        sb.append("OCSP Response Key: \n");
        return sb.toString();
    }

    /** The fields HAProxy's show_cert_detail prints of one certificate, Serial to Issuer. */
    static void fields(StringBuilder sb, X509Certificate leaf) {
        sb.append("Serial: ")
                .append(HexFormat.of()
                        .withUpperCase()
                        .formatHex(leaf.getSerialNumber().toByteArray()))
                .append('\n');
        sb.append("notBefore: ").append(time(leaf.getNotBefore())).append('\n');
        sb.append("notAfter: ").append(time(leaf.getNotAfter())).append('\n');
        sb.append("Subject Alternative Name: ")
                .append(String.join(", ", sans(leaf)))
                .append('\n');
        sb.append("Algorithm: ").append(algorithm(leaf)).append('\n');
        sb.append("SHA1 FingerPrint: ").append(sha1(leaf)).append('\n');
        sb.append("Subject: ").append(oneline(leaf.getSubjectX500Principal())).append('\n');
        sb.append("Issuer: ").append(oneline(leaf.getIssuerX500Principal())).append('\n');
    }

    static String time(java.util.Date d) {
        return TIME.format(d.toInstant().atZone(ZoneOffset.UTC));
    }

    private static List<String> sans(X509Certificate c) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> all = c.getSubjectAlternativeNames();
            if (all != null) {
                for (List<?> san : all) {
                    if (Integer.valueOf(2).equals(san.get(0))) {
                        out.add("DNS:" + san.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // none printed, as OpenSSL prints none of an unreadable extension
        }
        return out;
    }

    private static String algorithm(X509Certificate c) {
        if (c.getPublicKey() instanceof RSAKey r) {
            return "RSA" + r.getModulus().bitLength();
        }
        if (c.getPublicKey() instanceof ECKey e) {
            return "EC" + e.getParams().getOrder().bitLength();
        }
        return c.getPublicKey().getAlgorithm();
    }

    private static String sha1(X509Certificate c) {
        try {
            return HexFormat.of()
                    .withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(c.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * HAProxy's one-line name (nothing for an empty name). The fetch's form is a byte string; the runtime
     * API writes UTF-8, so the bytes are read back as UTF-8 to leave it as they were encoded.
     */
    static String oneline(X500Principal p) {
        String s = dev.hapair.proxy.sample.CertificateFields.oneline(p);
        return s == null
                ? ""
                : new String(
                        s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                        java.nio.charset.StandardCharsets.UTF_8);
    }
}
