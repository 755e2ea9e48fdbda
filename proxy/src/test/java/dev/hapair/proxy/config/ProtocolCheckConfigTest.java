package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code option redis-check}, {@code ssl-hello-chk}, {@code smtpchk}, {@code pgsql-check}, {@code mysql-check},
 * {@code ldap-check}: their arguments as HAProxy 2.6's proxy_parse_*_opt read them, the last check option wins,
 * inheritance from defaults, and the refusals (at their line).
 */
class ProtocolCheckConfigTest {

    private static Optional<ProtocolCheck> check(HaproxyConfig c, String backend) {
        return c.backend(backend).orElseThrow().options().protocolCheck();
    }

    private static HaproxyConfig one(String option) {
        return Cfg.parse(Cfg.TIMEOUTS + "backend b\n  " + option + "\n  server s 127.0.0.1:1 check\n");
    }

    @Test
    void argumentsAsTheChecksUseThem() {
        assertEquals(
                ProtocolCheck.Kind.REDIS,
                check(one("option redis-check"), "b").orElseThrow().kind());
        assertEquals(
                ProtocolCheck.Kind.SSL_HELLO,
                check(one("option ssl-hello-chk"), "b").orElseThrow().kind());
        assertEquals(
                ProtocolCheck.Kind.LDAP,
                check(one("option ldap-check"), "b").orElseThrow().kind());
        assertEquals(
                "HELO localhost",
                check(one("option smtpchk"), "b").orElseThrow().smtpCommand());
        assertEquals(
                "EHLO mail.example.org",
                check(one("option smtpchk EHLO mail.example.org"), "b")
                        .orElseThrow()
                        .smtpCommand());
        ProtocolCheck pg = check(one("option pgsql-check user postgres"), "b").orElseThrow();
        assertEquals(List.of(ProtocolCheck.Kind.PGSQL, "postgres"), List.of(pg.kind(), pg.user()));
        ProtocolCheck my = check(one("option mysql-check"), "b").orElseThrow();
        assertEquals(null, my.user());
        my = check(one("option mysql-check user haproxy"), "b").orElseThrow();
        assertEquals("haproxy", my.user());
        assertFalse(my.pre41());
        assertFalse(check(one("option mysql-check user haproxy post-41"), "b")
                .orElseThrow()
                .pre41());
        assertTrue(check(one("option mysql-check user haproxy pre-41"), "b")
                .orElseThrow()
                .pre41());
    }

    @Test
    void theLastCheckOptionWinsAndDefaultsAreInherited() {
        HaproxyConfig c = Cfg.parse(Cfg.TIMEOUTS
                + "  option redis-check\n"
                + "backend inherits\n  server s 127.0.0.1:1 check\n"
                + "backend http\n  option httpchk\n  server s 127.0.0.1:1 check\n"
                + "backend tcp\n  option tcp-check\n  server s 127.0.0.1:1 check\n"
                + "backend other\n  option ldap-check\n  server s 127.0.0.1:1 check\n"
                + "backend back\n  option httpchk\n  option smtpchk\n  server s 127.0.0.1:1 check\n");
        assertEquals(
                ProtocolCheck.Kind.REDIS, check(c, "inherits").orElseThrow().kind());
        assertEquals(Optional.empty(), check(c, "http"));
        assertTrue(c.backend("http").orElseThrow().options().httpchk().isPresent());
        assertEquals(Optional.empty(), check(c, "tcp"));
        assertEquals(ProtocolCheck.Kind.LDAP, check(c, "other").orElseThrow().kind());
        assertEquals(ProtocolCheck.Kind.SMTP, check(c, "back").orElseThrow().kind());
        assertTrue(c.backend("back").orElseThrow().options().httpchk().isEmpty());
    }

    private static List<String> errors(String option) {
        return Cfg.errors(Cfg.TIMEOUTS + "backend b\n  " + option + "\n  server s 127.0.0.1:1 check\n");
    }

    private static void refusedAtItsLine(String option, String words) {
        List<String> e = errors(option);
        assertEquals(1, e.size(), e.toString());
        assertTrue(e.get(0).startsWith("t.cfg:6:"), e.toString());
        assertTrue(e.get(0).contains(words), e.toString());
    }

    @Test
    void whatHaproxyRefusesOrWouldIgnoreIsAnError() {
        refusedAtItsLine("option redis-check now", "unexpected argument 'now'");
        refusedAtItsLine("option ssl-hello-chk x", "unexpected argument 'x'");
        refusedAtItsLine("option ldap-check x", "unexpected argument 'x'");
        // HAProxy silently sends "HELO localhost" for these: the operator meant something else
        refusedAtItsLine("option smtpchk EHLO", "expects 'EHLO <domain>' or 'HELO <domain>'");
        refusedAtItsLine("option smtpchk ehlo example.org", "expects 'EHLO <domain>' or 'HELO <domain>'");
        refusedAtItsLine("option smtpchk HELO a b", "unexpected argument 'b'");
        refusedAtItsLine("option pgsql-check", "expects 'user <username>'");
        refusedAtItsLine("option pgsql-check login x", "only supports optional values: 'user'");
        refusedAtItsLine("option mysql-check user", "expects <username>");
        refusedAtItsLine("option mysql-check login x", "only supports optional values: 'user'");
        refusedAtItsLine("option mysql-check user x post-42", "only supports 'post-41' and 'pre-41'");
        refusedAtItsLine("option mysql-check user x pre-41 y", "unexpected argument 'y'");
        refusedAtItsLine("no option redis-check", "redis-check");
        refusedAtItsLine("option spop-check", "spop-check");
    }
}
