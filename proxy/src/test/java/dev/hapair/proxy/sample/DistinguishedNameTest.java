package dev.hapair.proxy.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

/**
 * ssl_c_s_dn / ssl_c_i_dn of names the JDK's X500Principal reads differently from OpenSSL. The names were made
 * with python3-cryptography; each expected rfc2253 string is what {@code openssl x509 -noout -subject -nameopt
 * RFC2253} (OpenSSL 3.0.19, the same X509_NAME_print_ex call HAProxy makes) printed for that certificate, and
 * each one-line string follows HAProxy 2.6's ssl_sock_get_dn_oneline (short name, '=', the value's encoded
 * bytes, per attribute).
 */
class DistinguishedNameTest {

    /** /C=US, OU=Zed+OU=Alpha (one RDN), CN=bob+UID=007, O as BMPString, L as T61String holding UTF-8 bytes,
     * ST as UniversalString, an OID OpenSSL does not know, jurisdictionC, organizationIdentifier. */
    static final String ODD1 =
            "3081bb310b3009060355040613025553311a300a060355040b0c035a6564300c060355040b0c05416c706861311f"
                    + "300a06035504030c03626f623011060a0992268993f22c6401010c033030373111300f060355040a1e08004200fc0072006f"
                    + "310e300c060355040714054bc3b66c6e3111300f06035504081c08000065e50000672c3110300e06042a0304050c06637573"
                    + "746f6d31133011060b2b0601040182373c020103130246523112301006035504610c0956415446522d313233";

    /** CN with RFC 2253 specials, leading and trailing spaces; O with control bytes; emailAddress, DC, serialNumber. */
    static final String ODD2 =
            "307b3129302706035504030c2020236c6561642c20227122202b706c75733b203c613e3d625c20747261696c20"
                    + "31123010060355040a0c0963746c017f2064656c3114301206092a864886f70d01090116057840792e7a31173015060a0992"
                    + "268993f22c64011916076578616d706c65310b3009060355040513023432";

    /** CN bytes 0x01-0x3F, OU bytes 0x40-0x7F, as UTF8String. */
    static final String ODD3 =
            "3081953148304606035504030c3f0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
                    + "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f31493047060355040b0c40404142434445464748"
                    + "494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b"
                    + "7c7d7e7f";

    /** CN "#", O " ", OU "#x#", L "é😀" as UniversalString, ST "é€" as BMPString. */
    static final String ODD5 = "3048310a300806035504030c0123310a3008060355040a0c0120310c300a060355040b0c0323782331"
            + "11300f06035504071c08000000e90001f600310d300b06035504081e0400e920ac";

    static X500Principal name(String hex) {
        return new X500Principal(HexFormat.of().parseHex(hex));
    }

    @Test
    void multiValuedRdnsAndStringTypesAsOpensslPrintsThem() {
        X500Principal n = name(ODD1);
        assertEquals(
                "/C=US/OU=Zed/OU=Alpha/CN=bob/UID=007/O=\u0000B\u0000\u00fc\u0000r\u0000o/L=K\u00c3\u00b6ln"
                        + "/ST=\u0000\u0000e\u00e5\u0000\u0000g,/1.2.3.4.5=custom/jurisdictionC=FR"
                        + "/organizationIdentifier=VATFR-123",
                CertificateFields.oneline(n));
        assertEquals(
                "organizationIdentifier=VATFR-123,jurisdictionC=FR,1.2.3.4.5=#0C06637573746F6D,"
                        + "ST=\\E6\\97\\A5\\E6\\9C\\AC,L=K\\C3\\83\\C2\\B6ln,O=B\\C3\\BCro,UID=007+CN=bob,"
                        + "OU=Alpha+OU=Zed,C=US",
                CertificateFields.rfc2253(n));
    }

    @Test
    void entriesCountEveryAttributeOfAMultiValuedRdn() {
        X500Principal n = name(ODD1);
        assertEquals("Zed", CertificateFields.entry(n, "OU", 1));
        assertEquals("Alpha", CertificateFields.entry(n, "OU", 2));
        assertEquals("Alpha", CertificateFields.entry(n, "ou", -1));
        assertEquals("007", CertificateFields.entry(n, "UID", 1));
        assertEquals("bob", CertificateFields.entry(n, "CN", 1));
        assertEquals("custom", CertificateFields.entry(n, "1.2.3.4.5", 1));
        assertEquals("FR", CertificateFields.entry(n, "jurisdictionC", 1));
        assertEquals("\u0000B\u0000\u00fc\u0000r\u0000o", CertificateFields.entry(n, "O", 1), "the BMPString's bytes");
        assertNull(CertificateFields.entry(n, "OU", 3));
        assertNull(CertificateFields.entry(n, "OU", 0));
    }

    @Test
    void rfc2253EscapesAsOpenssl() {
        assertEquals(
                "serialNumber=42,DC=example,emailAddress=x@y.z,O=ctl\\01\\7F del,"
                        + "CN=\\ #lead\\, \\\"q\\\" \\+plus\\; \\<a\\>=b\\\\ trail\\ ",
                CertificateFields.rfc2253(name(ODD2)));
        assertEquals(
                "/CN= #lead, \"q\" +plus; <a>=b\\ trail /O=ctl\u0001\u007f del/emailAddress=x@y.z/DC=example/serialNumber=42",
                CertificateFields.oneline(name(ODD2)));
        assertEquals(
                "OU=@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\\7F,CN=\\01\\02\\03\\04\\05\\06"
                        + "\\07\\08\\09\\0A\\0B\\0C\\0D\\0E\\0F\\10\\11\\12\\13\\14\\15\\16\\17\\18\\19\\1A\\1B\\1C\\1D"
                        + "\\1E\\1F !\\\"#$%&'()*\\+\\,-./0123456789:\\;\\<=\\>?",
                CertificateFields.rfc2253(name(ODD3)));
        // a one-character value is only "last": '#' stays, ' ' is escaped; wide strings print as UTF-8 bytes
        assertEquals(
                "ST=\\C3\\A9\\E2\\82\\AC,L=\\C3\\A9\\F0\\9F\\98\\80,OU=\\#x#,O=\\ ,CN=#",
                CertificateFields.rfc2253(name(ODD5)));
    }

    @Test
    void anEmptyNameIsNoSample() {
        X500Principal empty = new X500Principal(new byte[] {0x30, 0x00});
        assertNull(CertificateFields.oneline(empty));
        assertNull(CertificateFields.rfc2253(empty));
        assertNull(CertificateFields.entry(empty, "CN", 1));
    }

    @Test
    void oddLengthWideStringsPrintNothing() {
        // O as a BMPString of 3 bytes: OpenSSL's X509_NAME_print_ex fails, HAProxy returns no sample
        byte[] der = HexFormat.of().parseHex("300e310c300a060355040a1e03004142");
        assertNull(DistinguishedName.parse(der).rfc2253());
        assertEquals("/O=\u0000AB", DistinguishedName.parse(der).oneline());
    }

    @Test
    void truncatedOrTrailingBytesAreRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> DistinguishedName.parse(HexFormat.of().parseHex("300e310c")));
        assertThrows(
                IllegalArgumentException.class,
                () -> DistinguishedName.parse(HexFormat.of().parseHex("300000")));
        assertThrows(
                IllegalArgumentException.class,
                () -> DistinguishedName.parse(HexFormat.of().parseHex("3009310730050603550403")));
    }
}
