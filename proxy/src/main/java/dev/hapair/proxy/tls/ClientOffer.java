package dev.hapair.proxy.tls;

import io.netty.buffer.ByteBuf;

/**
 * What a ClientHello says about the certificates the client can verify, read as HAProxy 2.6 reads it to choose
 * between an ECDSA and an RSA certificate of the same name:
 *
 * <ul>
 *   <li>{@code rsa}: the signature_algorithms extension lists an RSA PKCS#1 scheme (signature byte 1), or the
 *       client sent no such extension (TLS 1.1 and older clients);
 *   <li>{@code ecdsa}: it lists an ECDSA scheme (signature byte 3) <em>and</em> offers a cipher suite an ECDSA
 *       certificate can serve: a TLS 1.2 ECDHE-ECDSA suite or a TLS 1.3 suite (any certificate serves those; the
 *       signaling values SCSV are not suites). Counting TLS 1.3 suites is HAProxy's fix for its issue #2300,
 *       marked for backport to every stable branch; 2.6.0 itself served RSA to TLS 1.3-only clients.
 * </ul>
 *
 * A ClientHello too short or inconsistent to read is taken as saying nothing ({@link #NONE}): the TLS library
 * refuses it during the handshake anyway.
 */
public record ClientOffer(boolean rsa, boolean ecdsa) {

    /** No ClientHello, or one that could not be read: an RSA-only client, as without the extension. */
    public static final ClientOffer NONE = new ClientOffer(true, false);

    private static final int EXT_SIGNATURE_ALGORITHMS = 13;
    private static final int SIG_RSA = 1;
    private static final int SIG_ECDSA = 3;

    /**
     * @param hello the ClientHello body (from {@code client_version}, without the handshake header), as
     *              Netty's {@code SslClientHelloHandler} hands it over; null when there was none. Not consumed.
     */
    public static ClientOffer parse(ByteBuf hello) {
        if (hello == null) {
            return NONE;
        }
        try {
            return read(hello);
        } catch (IndexOutOfBoundsException e) {
            return NONE; // a length pointing past the end
        }
    }

    private static ClientOffer read(ByteBuf in) {
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
                ecdsa = servableByEcdsa(in.getUnsignedShort(i));
            }
        }
        return new ClientOffer(rsa, ecdsa);
    }

    /**
     * The suites an ECDSA certificate can serve among those OpenSSL 3.0 knows: its ECDHE-ECDSA suites (RFC 4492,
     * 5289, 6209, 6367, 7251, 7905) and the TLS 1.3 suites (RFC 8446). A suite OpenSSL does not know is not
     * counted, as HAProxy looks each one up in OpenSSL's table.
     */
    static boolean servableByEcdsa(int suite) {
        return switch (suite) {
            case 0xC006,
                    0xC007,
                    0xC008,
                    0xC009,
                    0xC00A, // NULL, RC4, 3DES, AES-CBC (SHA-1)
                    0xC023,
                    0xC024,
                    0xC02B,
                    0xC02C, // AES-CBC SHA-2, AES-GCM
                    0xC072,
                    0xC073,
                    0xC05C,
                    0xC05D, // Camellia-CBC, ARIA-GCM
                    0xC0AC,
                    0xC0AD,
                    0xC0AE,
                    0xC0AF, // AES-CCM, AES-CCM8
                    0xCCA9, // ChaCha20-Poly1305
                    0x1301,
                    0x1302,
                    0x1303,
                    0x1304,
                    0x1305 -> true; // TLS 1.3
            default -> false;
        };
    }
}
