package dev.hapair.proxy.tls;

import io.netty.buffer.ByteBuf;

/**
 * What a ClientHello says about the certificates the client can verify, read as HAProxy does to choose between an
 * ECDSA and an RSA certificate of the same name:
 *
 * <ul>
 *   <li>{@code rsa}: the signature_algorithms extension lists an RSA PKCS#1 scheme (signature byte 1), or the
 *       client sent no such extension (TLS 1.1 and older clients);
 *   <li>{@code ecdsa}: it lists an ECDSA scheme (signature byte 3) <em>and</em> offers a suite an ECDSA
 *       certificate can serve that the bind also offers: an ECDHE-ECDSA suite of the bind's {@code ciphers}, or a
 *       TLS 1.3 suite when the bind offers TLS 1.3 (any certificate serves those; the signaling values SCSV are
 *       no suites).
 * </ul>
 *
 * 2.6.0 counted ECDHE-ECDSA suites only, so a TLS 1.3-only client got RSA; HAProxy fixed that (its issue
 * #2300, marked for backport to every stable branch) and later made both kinds count only when the bind
 * offers them, which is what is done here: a client offering TLS 1.3 and kRSA suites to a TLSv1.2-only bind
 * gets the RSA certificate it can use.
 *
 * <p>A ClientHello too short or inconsistent to read is taken as saying nothing ({@link #NONE}): the TLS library
 * refuses it during the handshake anyway.
 */
public record ClientOffer(boolean rsa, boolean ecdsa) {

    /** No ClientHello, or one that could not be read: an RSA-only client, as without the extension. */
    public static final ClientOffer NONE = new ClientOffer(true, false);

    /**
     * What the bind offers, for the ECDSA test.
     *
     * @param tls13   whether TLS 1.3 is among its versions
     * @param ciphers whether an OpenSSL suite name (TLS 1.2 and older) is among its ciphers
     */
    public record Bind(boolean tls13, java.util.function.Predicate<String> ciphers) {}

    private static final int EXT_SIGNATURE_ALGORITHMS = 13;
    private static final int SIG_RSA = 1;
    private static final int SIG_ECDSA = 3;

    /**
     * @param hello the ClientHello body (from {@code client_version}, without the handshake header), as
     *              Netty's {@code SslClientHelloHandler} hands it over; null when there was none. Not consumed.
     * @param bind  what the bind offers
     */
    public static ClientOffer parse(ByteBuf hello, Bind bind) {
        if (hello == null) {
            return NONE;
        }
        try {
            return read(hello, bind);
        } catch (IndexOutOfBoundsException e) {
            return NONE; // a length pointing past the end
        }
    }

    private static ClientOffer read(ByteBuf in, Bind bind) {
        int end = in.writerIndex();
        int p = in.readerIndex() + 2 + 32; // client_version, random
        p += 1 + in.getUnsignedByte(p); // session_id
        int suitesLength = in.getUnsignedShort(p);
        int suites = p + 2;
        p = suites + suitesLength;
        p += 1 + in.getUnsignedByte(p); // compression_methods
        if (suitesLength % 2 != 0 || p > end) {
            return NONE;
        }
        boolean rsa = true; // no extensions at all: no signature_algorithms either
        boolean ecdsa = false;
        if (p + 2 <= end) {
            int extEnd = p + 2 + in.getUnsignedShort(p);
            if (extEnd > end) {
                return NONE;
            }
            p += 2;
            while (p + 4 <= extEnd) {
                int type = in.getUnsignedShort(p);
                int length = in.getUnsignedShort(p + 2);
                int body = p + 4;
                if (body + length > extEnd) {
                    return NONE;
                }
                if (type == EXT_SIGNATURE_ALGORITHMS) {
                    if (length < 2) {
                        return NONE;
                    }
                    int listLength = in.getUnsignedShort(body);
                    if (listLength + 2 != length || listLength % 2 != 0) {
                        return NONE;
                    }
                    rsa = false;
                    for (int i = body + 2; i < body + 2 + listLength; i += 2) {
                        int sign = in.getUnsignedByte(i + 1); // the second byte of each scheme
                        rsa |= sign == SIG_RSA;
                        ecdsa |= sign == SIG_ECDSA;
                    }
                }
                p = body + length;
            }
        }
        if (ecdsa) {
            ecdsa = false;
            for (int i = suites; i < suites + suitesLength && !ecdsa; i += 2) {
                int suite = in.getUnsignedShort(i);
                String name = ECDSA_SUITES.get(suite);
                ecdsa = isTls13(suite)
                        ? bind.tls13()
                        : name != null && bind.ciphers().test(name);
            }
        }
        return new ClientOffer(rsa, ecdsa);
    }

    /**
     * The TLS 1.2 suites an ECDSA certificate serves among those OpenSSL 3.0 knows (its aECDSA alias), by IANA
     * value.
     */
    static final java.util.Map<Integer, String> ECDSA_SUITES = java.util.Map.ofEntries(
            java.util.Map.entry(0xC02C, "ECDHE-ECDSA-AES256-GCM-SHA384"),
            java.util.Map.entry(0xCCA9, "ECDHE-ECDSA-CHACHA20-POLY1305"),
            java.util.Map.entry(0xC0AF, "ECDHE-ECDSA-AES256-CCM8"),
            java.util.Map.entry(0xC0AD, "ECDHE-ECDSA-AES256-CCM"),
            java.util.Map.entry(0xC05D, "ECDHE-ECDSA-ARIA256-GCM-SHA384"),
            java.util.Map.entry(0xC02B, "ECDHE-ECDSA-AES128-GCM-SHA256"),
            java.util.Map.entry(0xC0AE, "ECDHE-ECDSA-AES128-CCM8"),
            java.util.Map.entry(0xC0AC, "ECDHE-ECDSA-AES128-CCM"),
            java.util.Map.entry(0xC05C, "ECDHE-ECDSA-ARIA128-GCM-SHA256"),
            java.util.Map.entry(0xC024, "ECDHE-ECDSA-AES256-SHA384"),
            java.util.Map.entry(0xC073, "ECDHE-ECDSA-CAMELLIA256-SHA384"),
            java.util.Map.entry(0xC023, "ECDHE-ECDSA-AES128-SHA256"),
            java.util.Map.entry(0xC072, "ECDHE-ECDSA-CAMELLIA128-SHA256"),
            java.util.Map.entry(0xC00A, "ECDHE-ECDSA-AES256-SHA"),
            java.util.Map.entry(0xC009, "ECDHE-ECDSA-AES128-SHA"),
            java.util.Map.entry(0xC006, "ECDHE-ECDSA-NULL-SHA"));

    private static final int EXT_SERVER_NAME = 0;

    /**
     * The host name of the ClientHello's server_name extension as the client sent it (letter case and a trailing
     * dot kept, one char per byte), what OpenSSL's SSL_get_servername gives HAProxy for {@code ssl_fc_sni} and
     * its certificate lookup; null without one or when the hello cannot be read. (Netty's SniHandler lowercases
     * the name it hands over.)
     *
     * @param hello as for {@link #parse}; not consumed
     */
    public static String serverName(ByteBuf hello) {
        if (hello == null) {
            return null;
        }
        try {
            int end = hello.writerIndex();
            int p = hello.readerIndex() + 2 + 32; // client_version, random
            p += 1 + hello.getUnsignedByte(p); // session_id
            p += 2 + hello.getUnsignedShort(p); // cipher_suites
            p += 1 + hello.getUnsignedByte(p); // compression_methods
            if (p + 2 > end) {
                return null;
            }
            int extEnd = Math.min(end, p + 2 + hello.getUnsignedShort(p));
            p += 2;
            while (p + 4 <= extEnd) {
                int type = hello.getUnsignedShort(p);
                int length = hello.getUnsignedShort(p + 2);
                int body = p + 4;
                if (type == EXT_SERVER_NAME && body + 2 <= extEnd) {
                    int listEnd = Math.min(extEnd, body + 2 + hello.getUnsignedShort(body));
                    for (int q = body + 2; q + 3 <= listEnd; ) {
                        int nameType = hello.getUnsignedByte(q);
                        int nameLength = hello.getUnsignedShort(q + 1);
                        if (q + 3 + nameLength > listEnd) {
                            return null;
                        }
                        if (nameType == 0) { // host_name
                            return hello.toString(q + 3, nameLength, java.nio.charset.StandardCharsets.ISO_8859_1);
                        }
                        q += 3 + nameLength;
                    }
                    return null;
                }
                p = body + length;
            }
            return null;
        } catch (IndexOutOfBoundsException e) {
            return null;
        }
    }

    /** The TLS 1.3 suites (RFC 8446 B.4): any certificate serves them. */
    static boolean isTls13(int suite) {
        return suite >= 0x1301 && suite <= 0x1305;
    }
}
