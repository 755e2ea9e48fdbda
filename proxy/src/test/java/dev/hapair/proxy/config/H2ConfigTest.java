package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.h1.H1Limits;
import dev.hapair.proxy.h2.ClientProtocol;
import dev.hapair.proxy.h2.H2Binds;
import dev.hapair.proxy.h2.H2Limits;
import dev.hapair.proxy.tls.TlsBinds;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code tune.h2.*}, {@code proto h2} and the ALPN default: what each bind speaks and with which limits. */
class H2ConfigTest {

    private static ProxyConfig frontend(String global, String mode, String bind) {
        return Cfg.parse(global + Cfg.TIMEOUTS + "frontend f\n  mode " + mode + "\n  bind " + bind + "\n")
                .frontends()
                .get(0);
    }

    private static ClientProtocol protocol(String mode, String bind) throws ConfigException {
        ProxyConfig p = frontend("", mode, bind);
        return H2Binds.protocol(p, p.binds().get(0));
    }

    @Test
    void whatEachBindSpeaks() throws ConfigException {
        // a clear bind without proto: HTTP/1, or HTTP/2 when the connection starts with the preface
        assertEquals(ClientProtocol.H1_OR_H2, protocol("http", ":80"));
        assertEquals(ClientProtocol.H2, protocol("http", ":80 proto h2"));
        assertEquals(ClientProtocol.H1, protocol("http", ":80 proto h1"));
        // ssl binds of a mode http frontend offer h2 by default (HAProxy 2.8+), unless told otherwise
        assertEquals(ClientProtocol.ALPN, protocol("http", ":443 ssl crt a.pem"));
        assertEquals(ClientProtocol.ALPN, protocol("http", ":443 ssl crt a.pem alpn http/1.1,h2"));
        // whatever the bind line offers, a crt-list line may offer h2: the choice is made per handshake
        assertEquals(ClientProtocol.ALPN, protocol("http", ":443 ssl crt a.pem alpn http/1.1"));
        assertEquals(ClientProtocol.ALPN, protocol("http", ":443 ssl crt a.pem no-alpn"));
        assertEquals(ClientProtocol.H2, protocol("http", ":443 ssl crt a.pem proto h2"));
        assertEquals(ClientProtocol.H1, protocol("http", ":443 ssl crt a.pem proto h1"));
        assertEquals(ClientProtocol.H1, protocol("tcp", ":443 ssl crt a.pem"));
        assertEquals(ClientProtocol.H1, protocol("tcp", ":80"));
    }

    @Test
    void optionDisableH2UpgradeKeepsHttp1() throws ConfigException {
        HaproxyConfig c = Cfg.parse(Cfg.TIMEOUTS
                + "defaults\n  option disable-h2-upgrade\nfrontend f\n  mode http\n  bind :80\n"
                + "  bind :443 ssl crt a.pem\nfrontend g\n  mode http\n  no option disable-h2-upgrade\n  bind :81\n");
        ProxyConfig f = c.frontends().get(0);
        assertEquals(ClientProtocol.H1, H2Binds.protocol(f, f.binds().get(0)));
        assertEquals(
                ClientProtocol.ALPN_NO_UPGRADE, H2Binds.protocol(f, f.binds().get(1)));
        ProxyConfig g = c.frontends().get(1);
        assertEquals(ClientProtocol.H1_OR_H2, H2Binds.protocol(g, g.binds().get(0)));
        assertTrue(ClientProtocol.ALPN.upgradesOnPreface());
        assertTrue(!ClientProtocol.ALPN_NO_UPGRADE.upgradesOnPreface() && !ClientProtocol.H1.upgradesOnPreface());
    }

    private static List<ConfigDiagnostic> servers(String backend) {
        return dev.hapair.proxy.h2.H2Servers.validate(Cfg.parse(Cfg.TIMEOUTS + "backend b\n" + backend));
    }

    @Test
    void wsAndAlpnChoicesAreAccepted() {
        for (String line : List.of(
                "  mode http\n  server s 127.0.0.1:1 proto h2 ws h1\n",
                "  mode http\n  server s 127.0.0.1:1 proto h2 ws h2\n",
                "  mode http\n  server s 127.0.0.1:1 ws h2\n",
                "  mode http\n  server s 127.0.0.1:1 ssl verify none alpn h2,http/1.1\n",
                "  mode http\n  server s 127.0.0.1:1 ssl verify none alpn h2,http/1.1 ws h2\n",
                "  mode http\n  server s 127.0.0.1:1 ssl verify none alpn h2 ws auto\n",
                "  mode http\n  option httpchk\n  server s 127.0.0.1:1 check ssl verify none alpn http/1.1\n")) {
            assertEquals(List.of(), servers(line), line);
        }
    }

    @Test
    void whatTheCheckerOrTheProtocolCannotDoIsRefusedNamingTheLine() {
        for (String line : List.of(
                "  mode http\n  option httpchk\n  server s 127.0.0.1:1 check proto h2\n",
                "  mode http\n  option httpchk\n  server s 127.0.0.1:1 check ws h2\n",
                "  mode http\n  option httpchk\n  server s 127.0.0.1:1 check ssl verify none alpn h2,http/1.1\n",
                "  mode http\n  server s 127.0.0.1:1 proto h1 ssl verify none alpn h2,http/1.1\n",
                "  mode tcp\n  server s 127.0.0.1:1 proto h2\n",
                "  mode http\n  http-reuse never\n  server s 127.0.0.1:1 proto h2\n",
                "  mode http\n  http-reuse never\n  server s 127.0.0.1:1 ssl verify none alpn h2,http/1.1\n")) {
            List<ConfigDiagnostic> d = servers(line);
            assertEquals(1, d.size(), line);
            int at = (int) line.lines().count() + 5; // the server line, after Cfg.TIMEOUTS and "backend b"
            String text = d.get(0).format();
            assertTrue(text.startsWith("t.cfg:" + at + ":"), line + " -> " + text);
            assertTrue(text.contains("server 's'"), line + " -> " + text);
        }
    }

    @Test
    void wsTakesAutoH1OrH2Only() {
        List<String> errors = Cfg.errors(Cfg.TIMEOUTS + "backend b\n  mode http\n  server s 127.0.0.1:1 ws h3\n");
        assertTrue(
                errors.size() == 1
                        && errors.get(0).startsWith("t.cfg:7:")
                        && errors.get(0).contains("'ws h3'"),
                errors.toString());
    }

    @Test
    void theAlpnDefaultDependsOnTheMode() {
        ProxyConfig http = frontend("", "http", ":443 ssl crt a.pem");
        assertEquals(
                List.of("h2", "http/1.1"),
                TlsBinds.alpn(http, http.binds().get(0).ssl().get()));
        ProxyConfig tcp = frontend("", "tcp", ":443 ssl crt a.pem");
        assertEquals(List.of(), TlsBinds.alpn(tcp, tcp.binds().get(0).ssl().get()));
        ProxyConfig none = frontend("", "http", ":443 ssl crt a.pem no-alpn");
        assertEquals(List.of(), TlsBinds.alpn(none, none.binds().get(0).ssl().get()));
    }

    @Test
    void protoOnATcpFrontendIsAnErrorNamingTheLine() {
        ProxyConfig p = frontend("", "tcp", ":80 proto h2");
        ConfigException e = assertThrows(
                ConfigException.class, () -> H2Binds.protocol(p, p.binds().get(0)));
        assertTrue(e.getMessage().contains("t.cfg:7"), e.getMessage());
        assertTrue(e.getMessage().contains("'proto h2' needs 'mode http'"), e.getMessage());
        HaproxyConfig c = Cfg.parse(Cfg.TIMEOUTS + "frontend f\n  mode tcp\n  bind :80 proto h2\n");
        assertEquals(1, H2Binds.validate(c).size());
    }

    @Test
    void tuneH2SettingsBecomeTheLimits() {
        HaproxyConfig c = Cfg.parse("global\n  tune.h2.max-concurrent-streams 20\n  tune.h2.header-table-size 8192\n"
                + "  tune.h2.initial-window-size 1048576\n  tune.h2.max-frame-size 16384\n" + Cfg.TIMEOUTS);
        H2Limits l = H2Binds.limits(c.global(), H1Limits.DEFAULTS);
        assertEquals(new H2Limits(20, 8192, 1048576, 16384, H1Limits.DEFAULTS.maxHeadBytes()), l);
        H2Limits d = H2Binds.limits(Cfg.parse(Cfg.TIMEOUTS).global(), H1Limits.DEFAULTS);
        assertEquals(new H2Limits(100, 4096, 65535, 16384, 15360), d);
        // frames never larger than a buffer
        HaproxyConfig big = Cfg.parse("global\n  tune.h2.max-frame-size 1000000\n" + Cfg.TIMEOUTS);
        assertEquals(16384, H2Binds.limits(big.global(), H1Limits.DEFAULTS).maxFrameSize());
    }

    @Test
    void outOfRangeTuneH2SettingsAreErrors() {
        assertTrue(Cfg.errors("global\n  tune.h2.max-concurrent-streams 0\n")
                .get(0)
                .startsWith("t.cfg:2: 'tune.h2.max-concurrent-streams' must be at least 1"));
        assertTrue(Cfg.errors("global\n  tune.h2.header-table-size 65537\n")
                .get(0)
                .startsWith("t.cfg:2: 'tune.h2.header-table-size' must be between 4096 and 65536, got 65537"));
        // HAProxy 2.6 refuses a table below HPACK's default too ("expects a numeric value between 4096 and 65536")
        assertTrue(Cfg.errors("global\n  tune.h2.header-table-size 1024\n")
                .get(0)
                .startsWith("t.cfg:2: 'tune.h2.header-table-size' must be between 4096 and 65536, got 1024"));
        assertTrue(Cfg.errors("global\n  tune.h2.max-frame-size 100\n")
                .get(0)
                .startsWith("t.cfg:2: 'tune.h2.max-frame-size' must be between 16384 and 16777215"));
        assertTrue(Cfg.errors("global\n  tune.h2.initial-window-size x\n")
                .get(0)
                .startsWith("t.cfg:2: 'tune.h2.initial-window-size'"));
    }
}
