package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** What a ClientHello body says about the certificates the client can verify (HAProxy 2.6's reading). */
class ClientOfferTest {

    private static final int ECDHE_RSA_AES128_GCM = 0xC02F;
    private static final int ECDHE_ECDSA_AES256_GCM = 0xC02C;
    private static final int RSA_AES256_GCM = 0x009D;
    private static final int TLS_AES_128_GCM = 0x1301;
    private static final int EMPTY_RENEGOTIATION_SCSV = 0x00FF;
    private static final int FALLBACK_SCSV = 0x5600;

    private static final int ECDSA_P256_SHA256 = 0x0403;
    private static final int RSA_PKCS1_SHA256 = 0x0401;
    private static final int RSA_PSS_RSAE_SHA256 = 0x0804;
    private static final int ED25519 = 0x0807;

    /** A ClientHello body: TLS 1.2 version, zero random, a session id, the suites, null compression, extensions. */
    private static ByteBuf hello(int[] suites, int[] sigalgs) {
        return hello(suites, sigalgs, "a.test");
    }

    /** @param name the server_name's host name, none when null */
    private static ByteBuf hello(int[] suites, int[] sigalgs, String name) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(3);
        b.write(3);
        b.writeBytes(new byte[32]);
        b.write(4); // session id of 4 bytes
        b.writeBytes(new byte[] {1, 2, 3, 4});
        u16(b, suites.length * 2);
        for (int s : suites) u16(b, s);
        b.write(1);
        b.write(0);
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        if (name != null) {
            byte[] n = name.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            u16(ext, 0); // server_name
            u16(ext, n.length + 5);
            u16(ext, n.length + 3);
            ext.write(0);
            u16(ext, n.length);
            ext.writeBytes(n);
        }
        if (sigalgs != null) {
            u16(ext, 13);
            u16(ext, 2 + sigalgs.length * 2);
            u16(ext, sigalgs.length * 2);
            for (int s : sigalgs) u16(ext, s);
        }
        u16(b, ext.size());
        b.writeBytes(ext.toByteArray());
        return Unpooled.wrappedBuffer(b.toByteArray());
    }

    private static void u16(ByteArrayOutputStream b, int v) {
        b.write(v >> 8);
        b.write(v);
    }

    /** A bind offering TLS 1.3 and every TLS 1.2 suite. */
    private static final ClientOffer.Bind ALL = new ClientOffer.Bind(true, name -> true);

    private static ClientOffer offer(int[] suites, int[] sigalgs) {
        return offer(suites, sigalgs, ALL);
    }

    private static ClientOffer offer(int[] suites, int[] sigalgs, ClientOffer.Bind bind) {
        ByteBuf h = hello(suites, sigalgs);
        try {
            return ClientOffer.parse(h, bind);
        } finally {
            h.release();
        }
    }

    @Test
    void anEcdsaSchemeCountsOnlyWithASuiteAnEcdsaCertificateServes() {
        int[] both = {ECDSA_P256_SHA256, RSA_PSS_RSAE_SHA256, RSA_PKCS1_SHA256};
        assertEquals(
                new ClientOffer(true, false),
                offer(new int[] {ECDHE_RSA_AES128_GCM, EMPTY_RENEGOTIATION_SCSV}, both),
                "openssl s_client -cipher ECDHE-RSA-...: RSA only");
        assertEquals(
                new ClientOffer(true, true),
                offer(new int[] {ECDHE_ECDSA_AES256_GCM, EMPTY_RENEGOTIATION_SCSV}, both),
                "-cipher ECDHE-ECDSA-...");
        assertEquals(
                new ClientOffer(true, true),
                offer(new int[] {TLS_AES_128_GCM}, both),
                "TLS 1.3 suites serve any certificate (HAProxy issue #2300)");
        assertEquals(
                new ClientOffer(true, false),
                offer(new int[] {RSA_AES256_GCM, FALLBACK_SCSV, EMPTY_RENEGOTIATION_SCSV}, both),
                "kRSA; signaling values are no suites");
    }

    @Test
    void onlySuitesTheBindOffersCount() {
        int[] both = {ECDSA_P256_SHA256, RSA_PKCS1_SHA256};
        int[] tls13AndKrsa = {TLS_AES_128_GCM, RSA_AES256_GCM};
        ClientOffer.Bind tls12Only = new ClientOffer.Bind(false, name -> true);
        assertEquals(
                new ClientOffer(true, false),
                offer(tls13AndKrsa, both, tls12Only),
                "openssl s_client -cipher kRSA to a TLSv1.2 bind: the TLS 1.3 suites will not be used");
        assertEquals(new ClientOffer(true, true), offer(tls13AndKrsa, both, ALL));
        ClientOffer.Bind rsaCiphers = new ClientOffer.Bind(false, "ECDHE-RSA-AES128-GCM-SHA256"::equals);
        assertEquals(new ClientOffer(true, false), offer(new int[] {ECDHE_ECDSA_AES256_GCM}, both, rsaCiphers));
        ClientOffer.Bind ecdsaCipher = new ClientOffer.Bind(false, "ECDHE-ECDSA-AES256-GCM-SHA384"::equals);
        assertEquals(new ClientOffer(true, true), offer(new int[] {ECDHE_ECDSA_AES256_GCM}, both, ecdsaCipher));
    }

    @Test
    void theSignatureSchemesSayWhichKeysTheClientVerifies() {
        int[] suites = {ECDHE_ECDSA_AES256_GCM, ECDHE_RSA_AES128_GCM};
        assertEquals(
                new ClientOffer(false, true), offer(suites, new int[] {ECDSA_P256_SHA256}), "-sigalgs ECDSA+SHA256");
        assertEquals(
                new ClientOffer(false, false),
                offer(suites, new int[] {RSA_PSS_RSAE_SHA256, ED25519}),
                "RSA-PSS schemes are not the RSA signature byte HAProxy looks for");
        assertEquals(new ClientOffer(true, false), offer(suites, new int[] {RSA_PKCS1_SHA256}));
        assertEquals(
                new ClientOffer(true, false), offer(suites, null), "no signature_algorithms (TLS 1.1): RSA, no ECDSA");
    }

    @Test
    void theEcdsaSuitesAreThoseOfTheAlias() {
        // ECDSA_SUITES repeats, by IANA value, the aECDSA rows of openssl-ciphers.txt: the two must not drift
        assertEquals(
                CipherString.OPENSSL_ORDER.stream()
                        .filter(CipherString.ALIASES.get("aECDSA"))
                        .map(CipherString.Suite::name)
                        .collect(java.util.stream.Collectors.toSet()),
                java.util.Set.copyOf(ClientOffer.ECDSA_SUITES.values()));
    }

    @Test
    void anUnreadableHelloSaysNothing() {
        assertEquals(ClientOffer.NONE, ClientOffer.parse(null, ALL));
        ByteBuf full = hello(new int[] {ECDHE_ECDSA_AES256_GCM}, new int[] {ECDSA_P256_SHA256});
        try {
            for (int cut = 0; cut < full.readableBytes(); cut++) {
                ByteBuf part = full.slice(0, cut);
                ClientOffer o = ClientOffer.parse(part, ALL);
                // the same bytes in a buffer whose capacity holds the rest: nothing past the written end is read
                ClientOffer within = ClientOffer.parse(full.duplicate().writerIndex(cut), ALL);
                if (cut < full.readableBytes() - 6) { // truncated before the signature schemes end
                    assertEquals(ClientOffer.NONE, o, "cut at " + cut);
                    assertEquals(ClientOffer.NONE, within, "cut at " + cut + " in a larger buffer");
                }
            }
            assertEquals(new ClientOffer(false, true), ClientOffer.parse(full, ALL));
            assertEquals(0, full.readerIndex(), "not consumed");
        } finally {
            full.release();
        }
    }

    @Test
    void theServerNameIsKeptAsSent() {
        // OpenSSL's SSL_get_servername (HAProxy's ssl_fc_sni) keeps letter case and a trailing dot
        assertEquals("A.Example.", ClientOffer.serverName(hello(new int[] {TLS_AES_128_GCM}, null, "A.Example.")));
        assertEquals("a.test", ClientOffer.serverName(hello(new int[] {TLS_AES_128_GCM}, new int[] {ED25519})));
        assertEquals(null, ClientOffer.serverName(hello(new int[] {TLS_AES_128_GCM}, new int[] {ED25519}, null)));
        assertEquals(null, ClientOffer.serverName(null));
        ByteBuf cut = hello(new int[] {TLS_AES_128_GCM}, null, "long.example");
        assertEquals(null, ClientOffer.serverName(cut.slice(0, cut.readableBytes() - 3)), "a name cut short");
        cut.release();
    }
}
