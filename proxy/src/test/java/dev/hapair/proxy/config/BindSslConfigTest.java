package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code bind ... ssl} options and the global TLS defaults as parsed (files are read later, at load). */
class BindSslConfigTest {

    private static final String FE = Cfg.TIMEOUTS + "frontend f\n  mode http\n";

    private static BindSslConfig ssl(String bindOptions) {
        return Cfg.parse(FE + "  bind :443 " + bindOptions + "\n")
                .frontends()
                .get(0)
                .binds()
                .get(0)
                .ssl()
                .orElseThrow();
    }

    private static void assertError(String config, String expected) {
        List<String> e = Cfg.errors(config);
        assertTrue(
                e.stream().anyMatch(s -> s.startsWith(expected)),
                () -> "expected an error starting with\n  " + expected + "\ngot\n  " + String.join("\n  ", e));
    }

    @Test
    void clientVerificationOptions() {
        BindSslConfig b = ssl("ssl crt a.pem ca-file i.pem ca-verify-file r.pem crl-file c.pem verify required"
                + " crt-ignore-err 10,23 ca-ignore-err all");
        assertEquals(java.util.Optional.of("r.pem"), b.clientVerify().caVerifyFile());
        assertEquals(java.util.Optional.of("c.pem"), b.clientVerify().crlFile());
        assertTrue(b.clientVerify().crtIgnored().ignores(10));
        assertTrue(b.clientVerify().crtIgnored().ignores(23));
        assertFalse(b.clientVerify().crtIgnored().ignores(9));
        assertTrue(b.clientVerify().caIgnored().ignores(2));
        assertFalse(b.clientVerify().caIgnored().ignores(64));
        // ca-verify-file alone is enough for verify
        assertEquals(
                VerifyMode.OPTIONAL,
                ssl("ssl crt a.pem ca-verify-file r.pem verify optional").verify());
        assertEquals(BindSslConfig.ClientVerify.DEFAULT, ssl("ssl crt a.pem").clientVerify());
    }

    @Test
    void everyImplementedBindOptionIsRead() {
        BindSslConfig s = ssl("ssl crt a.pem crt dir strict-sni alpn http/1.1 ssl-min-ver TLSv1.3 ssl-max-ver TLSv1.3 "
                + "ciphers ECDHE-RSA-AES128-GCM-SHA256 ciphersuites TLS_AES_128_GCM_SHA256 no-tls-tickets "
                + "prefer-client-ciphers ca-file ca.pem verify optional no-tlsv12");
        assertEquals(List.of(CertSource.crt("a.pem"), CertSource.crt("dir")), s.certs());
        assertTrue(s.strictSni());
        assertEquals(List.of("http/1.1"), s.alpn());
        assertEquals(
                new SslOptions(
                        Optional.of(TlsVersion.TLSV13),
                        Optional.of(TlsVersion.TLSV13),
                        Set.of(TlsVersion.TLSV12),
                        true,
                        true),
                s.options());
        assertEquals(Optional.of("ECDHE-RSA-AES128-GCM-SHA256"), s.ciphers());
        assertEquals(Optional.of("TLS_AES_128_GCM_SHA256"), s.ciphersuites());
        assertEquals(Optional.of("ca.pem"), s.caFile());
        assertEquals(VerifyMode.OPTIONAL, s.verify());
        assertEquals(7, s.location().line());
    }

    @Test
    void plainBindsHaveNoTls() {
        assertTrue(Cfg.parse(FE + "  bind :80\n")
                .frontends()
                .get(0)
                .binds()
                .get(0)
                .ssl()
                .isEmpty());
        BindSslConfig s = ssl("ssl crt a.pem");
        assertEquals(VerifyMode.NONE, s.verify());
        assertEquals(SslOptions.NONE, s.options());
        assertEquals(List.of(), s.alpn());
        assertFalse(s.noAlpn());
    }

    @Test
    void alpnMayOfferHttp2AndNoAlpnOffersNothing() {
        assertEquals(
                List.of("h2", "http/1.1"), ssl("ssl crt a.pem alpn h2,http/1.1").alpn());
        assertEquals(List.of("h2"), ssl("ssl crt a.pem alpn h2").alpn());
        BindSslConfig none = ssl("ssl crt a.pem no-alpn");
        assertTrue(none.noAlpn());
        assertEquals(List.of(), none.alpn());
        assertEquals(List.of("h2"), none.withAlpn(List.of("h2")).alpn());
        assertFalse(none.withAlpn(List.of("h2")).noAlpn());
    }

    @Test
    void protoIsReadOnClearAndTlsBinds() {
        BindConfig clear = Cfg.parse(FE + "  bind :80 proto h2\n")
                .frontends()
                .get(0)
                .binds()
                .get(0);
        assertEquals(Optional.of("h2"), clear.proto());
        BindConfig h1 = Cfg.parse(FE + "  bind :443 ssl crt a.pem proto h1\n")
                .frontends()
                .get(0)
                .binds()
                .get(0);
        assertEquals(Optional.of("h1"), h1.proto());
        assertEquals(
                Optional.empty(),
                Cfg.parse(FE + "  bind :80\n").frontends().get(0).binds().get(0).proto());
    }

    @Test
    void globalDefaultsAreRead() {
        HaproxyConfig c = Cfg.parse("global\n  ca-base /etc/ssl/certs\n  crt-base /etc/ssl/private\n"
                + "  ssl-default-bind-ciphers ECDHE-RSA-AES128-GCM-SHA256\n"
                + "  ssl-default-bind-ciphersuites TLS_AES_128_GCM_SHA256\n"
                + "  ssl-default-bind-options ssl-min-ver TLSv1.2 no-tls-tickets no-sslv3 no-tlsv10 no-tlsv11\n");
        SslDefaults d = c.global().ssl();
        assertEquals(Optional.of("/etc/ssl/certs"), d.caBase());
        assertEquals(Optional.of("/etc/ssl/private"), d.crtBase());
        assertEquals(Optional.of("ECDHE-RSA-AES128-GCM-SHA256"), d.bindCiphers());
        assertEquals(Optional.of("TLS_AES_128_GCM_SHA256"), d.bindCiphersuites());
        assertEquals(
                new SslOptions(
                        Optional.of(TlsVersion.TLSV12),
                        Optional.empty(),
                        Set.of(TlsVersion.SSLV3, TlsVersion.TLSV10, TlsVersion.TLSV11),
                        true,
                        false),
                d.bindOptions());
    }

    @Test
    void bindOptionsOverGlobalDefaults() {
        SslOptions defaults = new SslOptions(
                Optional.of(TlsVersion.TLSV12), Optional.empty(), Set.of(TlsVersion.TLSV11), true, false);
        SslOptions bind = new SslOptions(Optional.of(TlsVersion.TLSV13), Optional.empty(), Set.of(), false, true);
        assertEquals(
                new SslOptions(Optional.of(TlsVersion.TLSV13), Optional.empty(), Set.of(TlsVersion.TLSV11), true, true),
                bind.over(defaults));
        assertEquals(defaults, SslOptions.NONE.over(defaults));
    }

    @Test
    void whatCannotBeHonouredIsAnErrorWithFileAndLine() {
        assertError(FE + "  bind :443 ssl\n", "t.cfg:7: 'ssl' needs a certificate: add 'crt <file|dir>'");
        assertError(
                FE + "  bind :443 ssl crt a.pem alpn h2,h3\n",
                "t.cfg:7: 'alpn' in 'bind :443' of frontend 'f': protocol 'h3' cannot be offered: "
                        + "hapair-proxy speaks h2, http/1.1 and http/1.0 only");
        assertError(
                FE + "  bind :443 ssl crt a.pem alpn h2,h2\n",
                "t.cfg:7: 'alpn' in 'bind :443' of frontend 'f': protocol 'h2' listed twice");
        assertError(
                FE + "  bind :443 ssl crt a.pem alpn h2 no-alpn\n",
                "t.cfg:7: 'no-alpn' and 'alpn' contradict each other");
        assertError(FE + "  bind :443 ssl crt a.pem no-alpn x\n", "t.cfg:7: unknown keyword 'x'");
        assertError(
                FE + "  bind :80 proto h3\n",
                "t.cfg:7: 'proto' in 'bind :80' of frontend 'f': 'proto h3': hapair-proxy's client side speaks 'h2' or 'h1'");
        assertError(
                FE + "  bind :443 ssl crt a.pem ssl-max-ver TLSv1.1\n",
                "t.cfg:7: 'ssl-max-ver' in 'bind :443' of frontend 'f': 'TLSv1.1': hapair-proxy offers nothing below TLSv1.2");
        assertError(
                FE + "  bind :443 ssl crt a.pem ssl-max-ver TLSv9\n",
                "t.cfg:7: 'ssl-max-ver' in 'bind :443' of frontend 'f': unknown TLS version 'TLSv9'");
        assertError(
                FE + "  bind :443 ssl crt a.pem force-tlsv11\n",
                "t.cfg:7: 'force-tlsv11' in 'bind :443' of frontend 'f': hapair-proxy offers nothing below TLSv1.2");
        assertError(FE + "  bind :443 ssl crt a.pem verify required\n", "t.cfg:7: 'verify required' needs 'ca-file'");
        assertError(
                FE + "  bind :443 ssl crt a.pem ca-file c.pem verify optional crt-ignore-err 10,x\n",
                "t.cfg:7: 'crt-ignore-err' in 'bind :443' of frontend 'f': 'x' is not an error ID");
        assertError(
                FE + "  bind :443 ssl crt a.pem ca-file c.pem verify optional ca-ignore-err 64\n",
                "t.cfg:7: 'ca-ignore-err' in 'bind :443' of frontend 'f': error ID 64 cannot be ignored (0 to 63)");
        assertError(
                FE + "  bind :443 ssl crt a.pem verify sometimes\n",
                "t.cfg:7: 'verify' in 'bind :443' of frontend 'f': expects 'none', 'optional' or 'required'");
        assertError(FE + "  bind :443 ca-file ca.pem\n", "t.cfg:7: TLS options");
        assertError(
                FE + "  bind :443 ssl crt a.pem no-ca-names\n",
                "t.cfg:7: 'no-ca-names' is not supported by hapair-proxy");
        assertError(
                "global\n  ssl-default-bind-options ssl-max-ver TLSv1.0\n",
                "t.cfg:2: 'ssl-max-ver' in 'ssl-default-bind-options': 'TLSv1.0': hapair-proxy offers nothing below TLSv1.2");
        assertError(
                "global\n  ssl-default-bind-options no-ca-names\n",
                "t.cfg:2: 'no-ca-names' is not supported by hapair-proxy");
        assertError(
                "global\n  ssl-default-bind-options\n",
                "t.cfg:2: 'ssl-default-bind-options' expects at least one option");
    }
}
