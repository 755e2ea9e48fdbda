package dev.hapair.proxy.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * Connection errors as HAProxy 2.6 numbers and words them, from what the TLS stack reports; the {@code fc_err*}
 * and {@code ssl_fc_err*} fetches; the log-line rules HAProxy's formats rely on ({@code %ft}'s {@code ~}, one
 * space where a variable prints nothing, the 8-byte int-to-binary cast behind {@code %[ssl_fc_err,hex]}).
 */
class ConnectionErrorTest {

    private static final String BORING = "error:10000410:SSL routines:OPENSSL_internal:SSLV3_ALERT_HANDSHAKE_FAILURE";

    private static ConnectionError of(Throwable t) {
        return ConnectionError.ofHandshake(
                t,
                x -> x instanceof CertificateException c && c.getMessage().equals("ca")
                        ? Boolean.TRUE
                        : x instanceof CertificateException ? Boolean.FALSE : null);
    }

    @Test
    void codesFollowWhatTheTlsStackReported() {
        ConnectionError alert = of(new SSLHandshakeException(BORING));
        assertEquals(34, alert.code());
        assertEquals(0x10000410L, alert.sslCode());
        assertEquals(BORING, alert.sslText());
        assertEquals(24, of(new ClosedChannelException()).code());
        assertNull(of(new ClosedChannelException()).sslText());
        assertEquals(25, of(new IOException("Connection reset by peer")).code());
        assertEquals(34, of(new SSLHandshakeException("no library code")).code());
        assertEquals(0, of(new SSLHandshakeException("no library code")).sslCode());
        // the library's error in a cause
        assertEquals(
                0x10000410L,
                of(new SSLHandshakeException("wrapped").initCause(new javax.net.ssl.SSLException(BORING)))
                        .sslCode());
        Throwable leaf = new SSLHandshakeException("x").initCause(new CertificateException("leaf"));
        Throwable ca = new SSLHandshakeException("x").initCause(new CertificateException("ca"));
        assertEquals(31, of(leaf).code());
        assertEquals(30, of(ca).code());
        assertEquals(
                26,
                of(new io.netty.handler.ssl.SslHandshakeTimeoutException("handshake timed out"))
                        .code());
    }

    @Test
    void messagesAreHaproxys() {
        assertEquals("Success", ConnectionError.message(0));
        assertEquals("Connection closed during SSL handshake", ConnectionError.message(24));
        assertEquals("SSL client CA chain cannot be verified", ConnectionError.message(30));
        assertEquals("SSL client certificate not trusted", ConnectionError.message(31));
        assertEquals("SSL handshake failure", ConnectionError.message(34));
        assertEquals("SSL fatal error", ConnectionError.message(43));
        assertNull(ConnectionError.message(44));
    }

    /** A TLS connection that failed with {@code error}, or succeeded when null. */
    private static SampleContext tls(ConnectionError error) {
        return new SampleContext() {
            @Override
            public boolean secure() {
                return true;
            }

            @Override
            public ConnectionError connectionError() {
                return error;
            }

            @Override
            public String frontendName() {
                return "fe";
            }
        };
    }

    private static String render(String format, SampleContext c) throws SampleException {
        return FormatString.compile(format, SampleEngineTest.ENV, Phase.ALL, "test")
                .render(c, FormatString.Absent.DASH);
    }

    @Test
    void fetchesOfAFailedAndOfASuccessfulConnection() throws Exception {
        String f = "%[fc_err]:%[fc_err_str] %[ssl_fc_err]:%[ssl_fc_err_str] %[ssl_fc_err,hex] %ft";
        assertEquals("0:Success 0:- 0000000000000000 fe~", render(f, tls(null)));
        assertEquals(
                "34:SSL handshake failure 268436496:" + BORING + " 0000000010000410 fe~",
                render(f, tls(new ConnectionError(34, 0x10000410L, BORING))));
        SampleContext clear = new SampleContext() {
            @Override
            public String frontendName() {
                return "fe";
            }
        };
        assertEquals("0:Success -:- - fe", render(f, clear), "no ssl_fc_err sample on a clear connection");
    }

    @Test
    void logLinesCollapseSeparatorsAsHaproxy() throws Exception {
        // each run of spaces is one separator, written only after something that is not one
        assertEquals("fe~ a b c", render("  %ft   a %hr b  %hs   c", tls(null)));
        assertEquals("x - y", render("x %[var(txn.none)] y", tls(null)), "an absent sample prints '-'");
        // outside log lines (header values) spaces are kept as written
        assertEquals(
                "a  b",
                FormatString.compile("a  b%[var(txn.none)]", SampleEngineTest.ENV, Phase.ALL, "test")
                        .render(tls(null)));
    }

    @Test
    void intAndBoolCastToEightBigEndianBytes() throws Exception {
        assertEquals("00000000000000FF", render("%[int(255),hex]", tls(null)));
        assertEquals("0000000000000001", render("%[bool(1),hex]", tls(null)));
        assertEquals(8, Sample.sint(-1).cast(SampleType.BIN).toBytes().length);
    }
}
