package dev.hapair.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hapair.vrrp.fsm.VrrpState;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/** The syslog side of hapair-vrrp's logging: keepalived's options, syslog(3)'s datagram, keepalived's words. */
class SyslogTeeTest {
    @Test
    void consoleLinesBecomeSyslogEntries() {
        assertEquals(
                new SyslogTee.Entry(SyslogTee.INFO, "(VI_1) Entering MASTER STATE"),
                SyslogTee.parse("2026-12-06 07:44:10.199 [INFO] (VI_1) Entering MASTER STATE", SyslogTee.DEBUG));
        assertEquals(
                SyslogTee.WARNING,
                SyslogTee.parse("2026-12-06 07:44:10.199 [WARN] x", SyslogTee.INFO)
                        .severity());
        assertEquals(
                SyslogTee.ERR,
                SyslogTee.parse("2026-12-06 07:44:10.199 [ERROR] x", SyslogTee.INFO)
                        .severity());
        assertEquals(
                new SyslogTee.Entry(SyslogTee.ERR, "\tat dev.hapair.X.y(X.java:1)"),
                SyslogTee.parse("\tat dev.hapair.X.y(X.java:1)", SyslogTee.ERR),
                "a stack trace line keeps the severity of its log line");
        assertNull(SyslogTee.parse("  ", SyslogTee.INFO));
    }

    @Test
    void datagramIsWhatSyslog3Writes() {
        LocalDateTime t = LocalDateTime.of(2026, 12, 6, 7, 4, 5);
        assertEquals(
                "<30>Dec  6 07:04:05 hapair-vrrp[42]: (VI_1) Entering MASTER STATE",
                SyslogTee.datagram(
                        SyslogOptions.DAEMON,
                        new SyslogTee.Entry(SyslogTee.INFO, "(VI_1) Entering MASTER STATE"),
                        t,
                        "hapair-vrrp",
                        42));
        assertEquals(
                "<156>Dec 16 07:04:05 Keepalived_vrrp[7]: m",
                SyslogTee.datagram(
                        19, new SyslogTee.Entry(SyslogTee.WARNING, "m"), t.withDayOfMonth(16), "Keepalived_vrrp", 7));
    }

    @Test
    void facilitiesAsKeepalivedTakesThem() throws Exception {
        assertEquals(16, SyslogOptions.facility("0"));
        assertEquals(23, SyslogOptions.facility("local7"));
        assertEquals(1, SyslogOptions.facility("user"));
        assertEquals(3, SyslogOptions.facility("daemon"));
        assertNull(SyslogOptions.facility("8"));
        assertNull(SyslogOptions.facility("kern"));
        VrrpCommandLine c = VrrpCommandLine.parse("-S", "3", "-f", "/k.conf");
        assertEquals(new SyslogOptions(true, 19, SyslogOptions.DEV_LOG), c.syslog());
        assertEquals(
                SyslogOptions.DEFAULT, VrrpCommandLine.parse("-f", "/k.conf").syslog());
        assertEquals(false, VrrpCommandLine.parse("-G").syslog().enabled());
        assertEquals(
                "/tmp/l.sock",
                VrrpCommandLine.parse("--syslog-socket=/tmp/l.sock")
                        .syslog()
                        .socket()
                        .toString());
        assertThrows(VrrpCommandLine.UsageException.class, () -> VrrpCommandLine.parse("-S", "kern"));
    }

    @Test
    void transitionsInKeepalivedsWords() {
        assertEquals(
                "(VI_1) Entering BACKUP STATE (init)",
                KeepalivedWords.entering("VI_1", VrrpState.INIT, VrrpState.BACKUP));
        assertEquals(
                "(VI_1) Entering MASTER STATE", KeepalivedWords.entering("VI_1", VrrpState.BACKUP, VrrpState.MASTER));
        assertEquals(
                "(VI_1) Entering FAULT STATE", KeepalivedWords.entering("VI_1", VrrpState.MASTER, VrrpState.FAULT));
        assertNull(KeepalivedWords.entering("VI_1", VrrpState.MASTER, VrrpState.INIT));
    }
}
