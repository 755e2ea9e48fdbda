package dev.hapair.proxy.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.hapair.proxy.config.BindSslConfig;
import dev.hapair.proxy.config.CertSource;
import dev.hapair.proxy.config.SslDefaults;
import dev.hapair.proxy.config.SslOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * strict-sni refusing a ClientHello answers with a fatal unrecognized_name alert before the close, as HAProxy
 * 2.6.12 does (openssl s_client: "tlsv1 unrecognized name", alert 112); hapair closed without a word.
 */
class StrictSniAlertTest {
    @TempDir
    static Path dir;

    @Test
    void anUnknownServerNameGetsTheUnrecognizedNameAlert() throws Exception {
        TestCerts certs = new TestCerts(dir);
        Path a = certs.bundle("a", "a.test");
        Path b = certs.bundle("b", "b.test");
        BindSslConfig bind = PlainBinds.of(List.of(CertSource.crt(a.toString()), CertSource.crt(b.toString())), true);
        SslDefaults defaults = new SslDefaults(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), SslOptions.NONE);
        ServerTls tls = new ServerTlsFactory(TlsProvider.detect()).build(bind, defaults);
        EmbeddedChannel ch = new EmbeddedChannel(tls.newHandler(5_000));
        try {
            ch.writeInbound(Unpooled.wrappedBuffer(clientHello("nope.test")));
        } catch (RuntimeException refusal) {
            // the refusal itself (DecoderException: strict-sni), as before
        }
        ByteBuf out = ch.readOutbound();
        assertNotNull(out, "nothing was sent before the close");
        try {
            assertArrayEquals(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x70}, ByteBufUtil.getBytes(out));
        } finally {
            out.release();
            try {
                ch.finishAndReleaseAll();
            } catch (RuntimeException refusal) {
                // the recorded refusal (DecoderException: strict-sni)
            }
        }
    }

    /** A TLS 1.2 ClientHello (record 3.1) naming {@code sni}: one ECDHE-RSA suite, x25519/P-256. */
    private static byte[] clientHello(String sni) {
        byte[] name = sni.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        u16(ext, 0);
        u16(ext, name.length + 5);
        u16(ext, name.length + 3);
        ext.write(0);
        u16(ext, name.length);
        ext.writeBytes(name);
        ext.writeBytes(new byte[] {0x00, 0x0a, 0x00, 0x06, 0x00, 0x04, 0x00, 0x1d, 0x00, 0x17});
        ext.writeBytes(new byte[] {0x00, 0x0b, 0x00, 0x02, 0x01, 0x00});
        ext.writeBytes(new byte[] {0x00, 0x0d, 0x00, 0x04, 0x00, 0x02, 0x04, 0x01});
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x03, 0x03});
        body.writeBytes(new byte[32]);
        body.write(0);
        u16(body, 2);
        u16(body, 0xc02f);
        body.writeBytes(new byte[] {0x01, 0x00});
        u16(body, ext.size());
        body.writeBytes(ext.toByteArray());
        ByteArrayOutputStream hs = new ByteArrayOutputStream();
        hs.write(1);
        hs.write(0);
        u16(hs, body.size());
        hs.writeBytes(body.toByteArray());
        ByteArrayOutputStream rec = new ByteArrayOutputStream();
        rec.writeBytes(new byte[] {0x16, 0x03, 0x01});
        u16(rec, hs.size());
        rec.writeBytes(hs.toByteArray());
        return rec.toByteArray();
    }

    private static void u16(ByteArrayOutputStream o, int v) {
        o.write(v >> 8);
        o.write(v);
    }
}
