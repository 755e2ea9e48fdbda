package dev.hapair.proxy.sample;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Map;
import javax.security.auth.x500.X500Principal;

/**
 * What the {@code ssl_c_*} fetches return of a certificate, in OpenSSL's words as HAProxy prints them:
 * distinguished names as {@code /C=FR/O=org/CN=name} (entries in certificate order, OpenSSL's short names),
 * dates as ASN.1 times ({@code YYMMDDhhmmssZ}), algorithms by OpenSSL's short names.
 */
public final class CertificateFields {

    private static final Map<String, String> SIGNATURE = Map.ofEntries(
            Map.entry("1.2.840.113549.1.1.5", "RSA-SHA1"),
            Map.entry("1.2.840.113549.1.1.14", "RSA-SHA224"),
            Map.entry("1.2.840.113549.1.1.11", "RSA-SHA256"),
            Map.entry("1.2.840.113549.1.1.12", "RSA-SHA384"),
            Map.entry("1.2.840.113549.1.1.13", "RSA-SHA512"),
            Map.entry("1.2.840.113549.1.1.10", "RSASSA-PSS"),
            Map.entry("1.2.840.10045.4.1", "ecdsa-with-SHA1"),
            Map.entry("1.2.840.10045.4.3.1", "ecdsa-with-SHA224"),
            Map.entry("1.2.840.10045.4.3.2", "ecdsa-with-SHA256"),
            Map.entry("1.2.840.10045.4.3.3", "ecdsa-with-SHA384"),
            Map.entry("1.2.840.10045.4.3.4", "ecdsa-with-SHA512"),
            Map.entry("1.3.101.112", "ED25519"),
            Map.entry("1.3.101.113", "ED448"));

    private static final Map<String, String> KEY = Map.of(
            "RSA", "rsaEncryption",
            "RSASSA-PSS", "RSASSA-PSS",
            "EC", "id-ecPublicKey",
            "Ed25519", "ED25519",
            "Ed448", "ED448",
            "EdDSA", "ED25519",
            "DSA", "dsaEncryption");

    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
    private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'");

    private CertificateFields() {}

    /**
     * The name as OpenSSL reads it from its DER (see {@link DistinguishedName}); an encoding the JDK let through
     * that this reader refuses (a multi-byte tag) reads as an empty name, so the fetch gives no sample.
     */
    private static DistinguishedName parsed(X500Principal name) {
        try {
            return DistinguishedName.parse(name.getEncoded());
        } catch (IllegalArgumentException e) {
            return DistinguishedName.parse(new byte[] {0x30, 0x00});
        }
    }

    /**
     * {@code /C=FR/O=org/CN=name}: every attribute in encoding order (multi-valued RDNs flattened), values as
     * encoded (a byte string, one char per byte); null for an empty name, as HAProxy returns no sample.
     */
    public static String oneline(X500Principal name) {
        return parsed(name).oneline();
    }

    /** The {@code occ}th entry of type {@code type} (negative: from the end); null when there is none. */
    static String entry(X500Principal name, String type, int occ) {
        return parsed(name).entry(type, occ);
    }

    /** RFC 2253 as OpenSSL prints it (the most specific entry first); null for an empty name. */
    static String rfc2253(X500Principal name) {
        return parsed(name).rfc2253();
    }

    /** ASN.1 time as certificates carry it (RFC 5280: UTCTime until 2049, GeneralizedTime after). */
    static String asn1Time(Date d) {
        ZonedDateTime t = d.toInstant().atZone(ZoneOffset.UTC);
        return (t.getYear() >= 1950 && t.getYear() < 2050 ? UTC_TIME : GENERALIZED_TIME).format(t);
    }

    /**
     * The validity time as HAProxy 2.6 returns it, always in UTCTime's {@code YYMMDDhhmmssZ} form: a UTCTime's
     * characters as encoded, a GeneralizedTime of the 2000s without its century ({@code 20500421185942Z} gives
     * {@code 500421185942Z}); null (no sample) for another GeneralizedTime, as HAProxy.
     */
    static String asn1Time(X509Certificate c, boolean notAfter) {
        try {
            byte[] tbs = c.getTBSCertificate();
            int[] at = {0};
            enter(tbs, at, 0x30); // TBSCertificate
            if ((tbs[at[0]] & 0xFF) == 0xA0) skip(tbs, at); // [0] version
            skip(tbs, at); // serialNumber
            skip(tbs, at); // signature
            skip(tbs, at); // issuer
            enter(tbs, at, 0x30); // validity
            if (notAfter) skip(tbs, at);
            int tag = tbs[at[0]] & 0xFF;
            if (tag != 0x17 && tag != 0x18) throw new IllegalArgumentException("not a time");
            int len = enter(tbs, at, tag);
            String t = new String(tbs, at[0], len, java.nio.charset.StandardCharsets.US_ASCII);
            if (tag == 0x17) return t;
            return t.length() >= 12 && t.startsWith("20") ? t.substring(2) : null;
        } catch (java.security.cert.CertificateEncodingException | RuntimeException e) {
            return asn1Time(notAfter ? c.getNotAfter() : c.getNotBefore());
        }
    }

    /** Reads the tag and length at {@code at}, leaves {@code at} on the contents; returns their length. */
    private static int enter(byte[] der, int[] at, int tag) {
        if ((der[at[0]] & 0xFF) != tag) throw new IllegalArgumentException("unexpected tag");
        int i = at[0] + 1;
        int len = der[i++] & 0xFF;
        if (len > 0x80) {
            int n = len & 0x7F;
            len = 0;
            for (int k = 0; k < n; k++) len = (len << 8) | (der[i++] & 0xFF);
        }
        at[0] = i;
        return len;
    }

    private static void skip(byte[] der, int[] at) {
        int len = enter(der, at, der[at[0]] & 0xFF);
        at[0] += len;
    }

    static String signatureAlgorithm(X509Certificate c) {
        return SIGNATURE.getOrDefault(c.getSigAlgOID(), c.getSigAlgOID());
    }

    static String keyAlgorithm(X509Certificate c) {
        String a = c.getPublicKey().getAlgorithm();
        return KEY.getOrDefault(a, a);
    }

    /** The DER encodings of {@code chain} one after the other, as {@code ssl_c_chain_der} returns them. */
    static byte[] der(java.util.List<X509Certificate> chain) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (X509Certificate c : chain) out.writeBytes(der(c));
        return out.toByteArray();
    }

    static byte[] der(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a certificate that was parsed cannot be encoded", e);
        }
    }

    static byte[] sha1(X509Certificate c) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(der(c));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-1 in this JDK", e);
        }
    }
}
