package dev.hapair.health.probe.tcpcheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hapair.health.CheckStatus;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bytes each protocol check sends (captured from haproxy 2.6.12 on loopback with the same options: identical)
 * and how answers are judged (HAProxy 2.6's tcpcheck.c rules and texts; the cases of its reg-tests/checks).
 */
class ProtocolChecksTest {

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] sent(List<Step> steps, int index) {
        return ((Step.Send) steps.get(index)).bytes().get();
    }

    private static ExpectRule expect(List<Step> steps, int index) {
        return ((Step.Expect) steps.get(index)).rule();
    }

    private static void assertVerdict(Verdict v, Verdict.Kind kind, CheckStatus status, int code, String info) {
        assertEquals(kind, v.kind(), "kind of " + v);
        assertEquals(status, v.status(), "status of " + v);
        assertEquals(code, v.code(), "code of " + v);
        assertEquals(info, v.info(), "info of " + v);
    }

    // ---- golden request bytes (haproxy 2.6.12, captured with a listener on 127.0.0.1)

    @Test
    void requestBytesAreHaproxys() {
        assertArrayEquals(hex("2a310d0a24340d0a50494e470d0a"), sent(RedisCheck.steps(), 0));
        assertArrayEquals(hex("45484c4f206578616d706c652e6f72670d0a"), sent(SmtpCheck.steps("EHLO example.org"), 3));
        assertArrayEquals(ascii("HELO localhost\r\n"), sent(SmtpCheck.steps("HELO localhost"), 3));
        assertArrayEquals(hex("00000017000300007573657200706f7374677265730000"), sent(PgsqlCheck.steps("postgres"), 1));
        assertArrayEquals(
                hex(
                        "290000010082000000800001210000000000000000000000000000000000000000000000686170726f787900000100000001"),
                sent(MysqlCheck.steps("haproxy", false), 1));
        assertArrayEquals(
                hex("0e0000010080000001686170726f787900000100000001"), sent(MysqlCheck.steps("haproxy", true), 1));
        assertArrayEquals(hex("300c020101600702010304008000"), sent(LdapCheck.steps(), 0));
    }

    @Test
    void sslHelloCarriesTheTimeAndIsHaproxys() {
        byte[] hello = sent(SslHelloCheck.steps(() -> 0x54545454L), 0);
        assertArrayEquals(
                hex("160300007901000075030054545454484150524f585953534c43484b0a484150524f585953534c43484b0a00004e0001"
                        + "00020003000400050006000700080009000a000b000c000d000e000f0010001100120013001400150016001700180019"
                        + "001a001b002f0030003100320033003400350036003700380039003a0100"),
                hello);
        // built when the step runs: the next hello has the next time
        long[] now = {1};
        List<Step> steps = SslHelloCheck.steps(() -> now[0]);
        now[0] = 0x01020304L;
        assertArrayEquals(hex("01020304"), java.util.Arrays.copyOfRange(sent(steps, 0), 11, 15));
    }

    @Test
    void mysqlWithoutUserOnlyReadsTheHandshake() {
        List<Step> steps = MysqlCheck.steps(null, false);
        assertEquals(2, steps.size());
        assertEquals(Step.Connect.class, steps.get(0).getClass());
    }

    // ---- redis

    @Test
    void redisPongPasses() {
        assertVerdict(
                expect(RedisCheck.steps(), 1).judge(ascii("+PONG\r\n"), false),
                Verdict.Kind.NEXT,
                CheckStatus.L7OK,
                0,
                "Redis server is ok");
    }

    @Test
    void redisErrorWaitsForTheEndThenFailsWithItsFirstLine() {
        ExpectRule r = expect(RedisCheck.steps(), 1);
        byte[] err = ascii("-Error message\r\nmore");
        assertEquals(Verdict.Kind.WAIT, r.judge(err, false).kind()); // no minimum: HAProxy waits for a match
        assertVerdict(r.judge(err, true), Verdict.Kind.DONE, CheckStatus.L7STS, 0, "-Error message");
        assertEquals(Verdict.Kind.WAIT, r.judge(ascii("+PO"), false).kind());
        assertEquals(CheckStatus.L7STS, r.errorStatus());
    }

    // ---- ssl-hello

    @Test
    void sslHelloAcceptsHandshakeOrAlertRecords() {
        ExpectRule r = expect(SslHelloCheck.steps(() -> 0), 1);
        assertVerdict(r.judge(hex("1603030040"), false), Verdict.Kind.NEXT, CheckStatus.L6OK, 0, "");
        assertVerdict(r.judge(hex("1503030002"), false), Verdict.Kind.NEXT, CheckStatus.L6OK, 0, "");
        assertEquals(Verdict.Kind.WAIT, r.judge(hex("16"), false).kind());
        assertVerdict(
                r.judge(ascii("HTTP/1.1 400 Bad request\r\n"), false), Verdict.Kind.DONE, CheckStatus.L6RSP, 0, "");
        assertEquals(CheckStatus.L6RSP, r.errorStatus());
        assertEquals(CheckStatus.L6TOUT, r.timeoutStatus());
    }

    // ---- smtp (the cases of reg-tests/checks/smtp-check.vtc)

    @Test
    void smtpGreetingAndReply() {
        List<Step> s = SmtpCheck.steps("HELO localhost");
        byte[] banner = ascii("220 smtp-check.vtc SMTP Server\r\n");
        assertEquals(Verdict.Kind.NEXT, expect(s, 1).judge(banner, false).kind());
        assertEquals(Verdict.Kind.NEXT, expect(s, 2).judge(banner, false).kind());
        assertVerdict(
                expect(s, 4).judge(ascii("250 smtp-check.vtc\r\n"), false),
                Verdict.Kind.NEXT,
                CheckStatus.L7OK,
                250,
                "smtp-check.vtc");
        assertVerdict(
                expect(s, 4).judge(ascii("250-smtp-check.vtc\r\n250-KEYWORD\r\n250 LAST KEYWORD\r\n"), false),
                Verdict.Kind.NEXT,
                CheckStatus.L7OK,
                250,
                "smtp-check.vtc");
    }

    @Test
    void smtpFailures() {
        List<Step> s = SmtpCheck.steps("HELO localhost");
        assertVerdict(
                expect(s, 1).judge(ascii("I'm not a SMTP server\r\n"), false),
                Verdict.Kind.DONE,
                CheckStatus.L7RSP,
                0,
                "I'm not a SMTP server");
        byte[] busy = ascii("421 Try again later\r\n");
        assertEquals(Verdict.Kind.NEXT, expect(s, 1).judge(busy, false).kind());
        assertVerdict(expect(s, 2).judge(busy, false), Verdict.Kind.DONE, CheckStatus.L7STS, 421, "Try again later");
        assertVerdict(
                expect(s, 4).judge(ascii("512 DNS error\r\n"), false),
                Verdict.Kind.DONE,
                CheckStatus.L7STS,
                512,
                "DNS error");
        assertEquals(Verdict.Kind.WAIT, expect(s, 1).judge(ascii("220"), false).kind()); // min-recv 4
        // the banner's code must be followed by a space or CR, the reply's may be followed by a dash
        assertEquals(
                Verdict.Kind.DONE,
                expect(s, 1).judge(ascii("220-multi\r\n"), false).kind());
    }

    // ---- pgsql (reg-tests/checks/pgsql-check.vtc)

    @Test
    void pgsqlAnswers() {
        List<Step> s = PgsqlCheck.steps("postgres");
        byte[] authOk = hex("520000000800000000");
        assertEquals(Verdict.Kind.NEXT, expect(s, 2).judge(authOk, false).kind());
        assertVerdict(
                expect(s, 3).judge(authOk, false), Verdict.Kind.NEXT, CheckStatus.L7OK, 0, "PostgreSQL server is ok");
        assertVerdict(
                expect(s, 3).judge(hex("520000000C00000005aabbccdd"), false),
                Verdict.Kind.NEXT,
                CheckStatus.L7OK,
                0,
                "PostgreSQL server is ok"); // md5 password request
        assertVerdict(
                expect(s, 2).judge(hex("450000000B53464154414C00"), false),
                Verdict.Kind.DONE,
                CheckStatus.L7RSP,
                0,
                "FATAL");
        byte[] other = ascii("Not a PostgreSQL response");
        assertEquals(Verdict.Kind.NEXT, expect(s, 2).judge(other, false).kind());
        assertVerdict(
                expect(s, 3).judge(other, false), Verdict.Kind.DONE, CheckStatus.L7STS, 0, "PostgreSQL unknown error");
        assertEquals(
                Verdict.Kind.WAIT, expect(s, 3).judge(hex("5200000008"), false).kind()); // min-recv 9
    }

    // ---- mysql (reg-tests/checks/mysql-check.vtc)

    private static final byte[] MYSQL_HANDSHAKE =
            hex("4A0000000A382E302E3139000A0000006F3C025E6249410D00FFFFFF0200FFC7150000"
                    + "00000000000000007C182159106E2761144322200063616368696E675F736861325F70617373776F726400");
    private static final byte[] MYSQL_DENIED =
            hex("67000002FFE304436C69656E7420646F6573206E6F7420737570706F72742061757468"
                    + "656E7469636174696F6E2070726F746F636F6C20726571756573746564206279207365727665723B20636F6E7369646572"
                    + "20757067726164696E67204D7953514C20636C69656E74");

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void mysqlHandshakeOnly() {
        assertVerdict(
                expect(MysqlCheck.steps(null, false), 1).judge(MYSQL_HANDSHAKE, false),
                Verdict.Kind.NEXT,
                CheckStatus.L7OK,
                0,
                "8.0.19");
        assertEquals(
                Verdict.Kind.WAIT,
                expect(MysqlCheck.steps(null, false), 1)
                        .judge(java.util.Arrays.copyOf(MYSQL_HANDSHAKE, 20), false)
                        .kind());
        assertVerdict(
                expect(MysqlCheck.steps(null, false), 1).judge(java.util.Arrays.copyOf(MYSQL_HANDSHAKE, 20), true),
                Verdict.Kind.DONE,
                CheckStatus.L7RSP,
                0,
                "");
    }

    @Test
    void mysqlWithUser() {
        List<Step> s = MysqlCheck.steps("user", false);
        byte[] ok = concat(MYSQL_HANDSHAKE, hex("0700000200000002000000"));
        assertVerdict(expect(s, 2).judge(ok, false), Verdict.Kind.NEXT, CheckStatus.L7OK, 0, "");
        assertVerdict(expect(s, 3).judge(ok, false), Verdict.Kind.NEXT, CheckStatus.L7OK, 0, "8.0.19");
        assertEquals(
                Verdict.Kind.WAIT, expect(s, 3).judge(MYSQL_HANDSHAKE, false).kind());
        assertVerdict(
                expect(s, 3).judge(concat(MYSQL_HANDSHAKE, MYSQL_DENIED), false),
                Verdict.Kind.DONE,
                CheckStatus.L7STS,
                1251,
                "Client does not support authentication protocol requested by server; consider upgrading MySQL client");
    }

    // ---- ldap (reg-tests/checks/ldap-check.vtc)

    @Test
    void ldapBindResponses() {
        List<Step> s = LdapCheck.steps();
        byte[] ok = hex("300C02010161070A010004000400");
        assertEquals(Verdict.Kind.NEXT, expect(s, 1).judge(ok, false).kind());
        assertVerdict(expect(s, 2).judge(ok, false), Verdict.Kind.NEXT, CheckStatus.L7OK, 0, "Success");
        assertVerdict(
                expect(s, 2).judge(hex("300C02010160070A010004000400"), false),
                Verdict.Kind.DONE,
                CheckStatus.L7RSP,
                0,
                "Not LDAPv3 protocol");
        assertVerdict(
                expect(s, 2).judge(hex("300C02010161070A010104000400"), false),
                Verdict.Kind.DONE,
                CheckStatus.L7STS,
                1,
                "See RFC: http://tools.ietf.org/html/rfc4511#section-4.1.9");
        // lengths in the long form (Active Directory), the message in two parts
        byte[] part = hex("308400000010020101618400000007 0A01");
        assertEquals(Verdict.Kind.WAIT, expect(s, 2).judge(part, false).kind());
        assertVerdict(
                expect(s, 2).judge(concat(part, hex("0004000400")), false),
                Verdict.Kind.NEXT,
                CheckStatus.L7OK,
                0,
                "Success");
        assertVerdict(
                expect(s, 1).judge(ascii("HTTP/1.0 400 Bad\r\n"), false),
                Verdict.Kind.DONE,
                CheckStatus.L7RSP,
                0,
                "Not LDAPv3 protocol");
        assertEquals(Verdict.Kind.WAIT, expect(s, 1).judge(hex("300C"), false).kind()); // min-recv 14
    }
}
