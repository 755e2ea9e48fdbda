package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code server ... ssl} options as parsed, with {@code default-server} inheritance. */
class ServerSslConfigTest {

    private static ServerConfig server(String lines) {
        return Cfg.parse(Cfg.TIMEOUTS + "backend b\n" + lines)
                .backends()
                .get(0)
                .servers()
                .get(0);
    }

    @Test
    void everyImplementedServerOptionIsRead() {
        ServerSslConfig s = server("  server s 10.0.0.1:443 ssl verify required ca-file ca.pem crt c.pem "
                        + "sni req.hdr(host) verifyhost h.test check-sni c.test alpn http/1.1 ciphers "
                        + "ECDHE-RSA-AES128-GCM-SHA256 ciphersuites TLS_AES_128_GCM_SHA256 ssl-min-ver TLSv1.3 "
                        + "no-tls-tickets no-ssl-reuse check-ssl\n")
                .ssl();
        assertTrue(s.enabled());
        assertEquals(Optional.of(VerifyMode.REQUIRED), s.verify());
        assertEquals(Optional.of("ca.pem"), s.caFile());
        assertEquals(Optional.of("c.pem"), s.crt());
        assertEquals(Optional.of("req.hdr(host)"), s.sni());
        assertEquals(Optional.of("h.test"), s.verifyhost());
        assertEquals(Optional.of("c.test"), s.checkSni());
        assertEquals(List.of("http/1.1"), s.alpn());
        assertEquals(Optional.of(TlsVersion.TLSV13), s.options().minVer());
        assertTrue(s.options().noTlsTickets());
        assertTrue(s.noSslReuse());
        assertEquals(Optional.of(true), s.checkSsl());
    }

    @Test
    void defaultServerIsInheritedAndOverridden() {
        ServerConfig s = server("  default-server ssl verify none ca-file ca.pem no-tlsv12\n"
                + "  server s 10.0.0.1:443 no-ssl verify required no-verifyhost\n"
                + "  server t 10.0.0.2:443 check\n");
        assertFalse(s.ssl().enabled());
        assertEquals(Optional.of(VerifyMode.REQUIRED), s.ssl().verify());
        assertEquals(Optional.of("ca.pem"), s.ssl().caFile());
        ServerConfig t = Cfg.parse(Cfg.TIMEOUTS + "backend b\n  default-server ssl verify none no-tlsv12\n"
                        + "  server t 10.0.0.2:443 check\n")
                .backends()
                .get(0)
                .servers()
                .get(0);
        assertTrue(t.ssl().enabled());
        assertTrue(t.ssl().options().disabled().contains(TlsVersion.TLSV12));
        assertTrue(t.ssl().checksUseTls(false), "ssl: checks over TLS too");
        assertFalse(t.ssl().checksUseTls(true), "unless the checks go to another port or address");
        assertFalse(ServerSslConfig.NONE.checksUseTls(false));
    }

    @Test
    void whatCannotBeHonouredIsAnError() {
        assertTrue(Cfg.errors(Cfg.TIMEOUTS + "backend b\n  server s 10.0.0.1:443 ssl alpn h3\n")
                .get(0)
                .contains("cannot be offered to servers"));
        assertTrue(Cfg.errors(Cfg.TIMEOUTS + "backend b\n  server s 10.0.0.1:443 ssl verify optional\n")
                .get(0)
                .contains("only 'none' and 'required' are supported"));
        assertTrue(Cfg.errors(Cfg.TIMEOUTS + "backend b\n  server s 10.0.0.1:443 ssl prefer-client-ciphers\n")
                .get(0)
                .contains("unknown keyword 'prefer-client-ciphers'"));
        assertEquals(
                java.util.Optional.of("c.pem"),
                Cfg.parse(Cfg.TIMEOUTS + "backend b\n  server s 10.0.0.1:443 ssl ca-file a.pem crl-file c.pem\n")
                        .backend("b")
                        .get()
                        .servers()
                        .get(0)
                        .ssl()
                        .crlFile());
        assertEquals(
                VerifyMode.NONE,
                Cfg.parse("global\n  ssl-server-verify none\n").global().ssl().serverVerify());
    }
}
