package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The TLS words of the runtime API's {@code add server}, read with the {@code server} line's table. */
class DynamicServerSslTest {

    @Test
    void arityComesFromTheServerTableForTlsWordsOnly() {
        assertEquals(0, DynamicServerSsl.arity("ssl"));
        assertEquals(1, DynamicServerSsl.arity("crt"));
        assertEquals(1, DynamicServerSsl.arity("verify"));
        assertEquals(1, DynamicServerSsl.arity("crl-file"));
        assertEquals(1, DynamicServerSsl.arity("npn"), "known to 2.6, refused when parsed");
        assertEquals(-1, DynamicServerSsl.arity("weight"), "handled by the runtime API itself");
        assertEquals(-1, DynamicServerSsl.arity("nonsense"));
    }

    @Test
    void wordsAreReadAsOnAServerLineWithoutDefaultServer() {
        ServerSslConfig s = DynamicServerSsl.parse(
                List.of("ssl", "verify", "none", "crt", "client.pem", "sni", "str(a.test)", "ssl-min-ver", "TLSv1.3"));
        assertTrue(s.enabled());
        assertEquals(Optional.of(VerifyMode.NONE), s.verify());
        assertEquals(Optional.of("client.pem"), s.crt());
        assertEquals(Optional.of("str(a.test)"), s.sni());
        assertEquals(Optional.of(TlsVersion.TLSV13), s.options().minVer());
        assertFalse(DynamicServerSsl.parse(List.of("crt", "c.pem")).enabled());
    }

    @Test
    void unsupportedAndInvalidWordsAreErrors() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> DynamicServerSsl.parse(List.of("ssl", "npn", "h2")));
        assertTrue(e.getMessage().contains("'npn' is not supported"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> DynamicServerSsl.parse(List.of("ssl", "verify", "maybe")));
        assertTrue(e.getMessage().contains("unknown verify method 'maybe'"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> DynamicServerSsl.parse(List.of("ssl", "ssl-max-ver", "SSLv3")));
        assertTrue(e.getMessage().contains("nothing below TLSv1.2"), e.getMessage());
    }

    @Test
    void sslLoadExtraDelExtIsAGlobalFlagWithoutArgument() {
        assertFalse(Cfg.parse(Cfg.TIMEOUTS).global().ssl().keyDelExt());
        assertTrue(Cfg.parse("global\n  ssl-load-extra-del-ext\n" + Cfg.TIMEOUTS)
                .global()
                .ssl()
                .keyDelExt());
        List<String> errors = Cfg.errors("global\n  ssl-load-extra-del-ext on\n" + Cfg.TIMEOUTS);
        assertTrue(errors.toString().contains("'ssl-load-extra-del-ext' takes no argument"), errors.toString());
    }
}
