package dev.hapair.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.vrrp.runtime.VrrpCommandLine.Mode;
import dev.hapair.vrrp.runtime.VrrpCommandLine.UsageException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** keepalived's flags, and hapair's own --release and watch. */
class VrrpCommandLineTest {
    @Test
    void keepalivedStyleRun() throws UsageException {
        VrrpCommandLine c =
                VrrpCommandLine.parse("-f", "/etc/k.conf", "-n", "-l", "-D", "-p", "/run/v.pid", "-i", "lb1");
        assertEquals(
                new VrrpCommandLine(
                        Mode.RUN,
                        Optional.of(Path.of("/etc/k.conf")),
                        true,
                        true,
                        true,
                        Optional.of(Path.of("/run/v.pid")),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of("lb1"),
                        SyslogOptions.DEFAULT),
                c);
    }

    @Test
    void longFormsWithEquals() throws UsageException {
        VrrpCommandLine c = VrrpCommandLine.parse(
                "--use-file=/a.conf",
                "--config-test",
                "--pid",
                "/p",
                "--vrrp",
                "--dont-fork",
                "--log-console",
                "--log-detail");
        assertEquals(Mode.CHECK, c.mode());
        assertEquals(Optional.of(Path.of("/a.conf")), c.configFile());
        assertEquals(Optional.of(Path.of("/p")), c.pidfile());
        assertTrue(c.foreground() && c.logConsole() && c.logDetail());
    }

    @Test
    void checkReleaseWatchHelpVersion() throws UsageException {
        assertEquals(Mode.CHECK, VrrpCommandLine.parse("-t", "-f", "x").mode());
        assertEquals(Mode.RELEASE, VrrpCommandLine.parse("--release", "-f", "x").mode());
        VrrpCommandLine w = VrrpCommandLine.parse("watch", "-i", "veth0");
        assertEquals(Mode.WATCH, w.mode());
        assertEquals(Optional.of("veth0"), w.watchInterface());
        assertEquals(Optional.empty(), w.configId());
        assertEquals(
                Optional.of("x"), VrrpCommandLine.parse("--config-id=x", "-t").configId());
        assertEquals(Mode.HELP, VrrpCommandLine.parse("-h").mode());
        assertEquals(Mode.VERSION, VrrpCommandLine.parse("-v").mode());
        assertEquals(Mode.RUN, VrrpCommandLine.parse().mode());
    }

    @Test
    void defaultConfigPrefersHapairThenKeepalived() throws UsageException {
        VrrpCommandLine c = VrrpCommandLine.parse("-t");
        assertEquals(Path.of("/etc/hapair/keepalived.conf"), c.configFileOrDefault(p -> true));
        assertEquals(
                Path.of("/etc/keepalived/keepalived.conf"),
                c.configFileOrDefault(p -> p.startsWith("/etc/keepalived")));
        assertEquals(
                Path.of("/etc/hapair/keepalived.conf"),
                c.configFileOrDefault(p -> false),
                "neither exists: name the first in the error");
        assertEquals(
                Path.of("mine.conf"), VrrpCommandLine.parse("-f", "mine.conf").configFileOrDefault(p -> false));
    }

    @Test
    void usageErrorsNameTheFlag() {
        assertEquals(
                "option '-f' expects an argument",
                assertThrows(UsageException.class, () -> VrrpCommandLine.parse("-f"))
                        .getMessage());
        assertEquals(
                "unknown option '-x'",
                assertThrows(UsageException.class, () -> VrrpCommandLine.parse("-x"))
                        .getMessage());
        assertEquals(
                "unexpected argument 'k.conf' (the configuration file needs -f)",
                assertThrows(UsageException.class, () -> VrrpCommandLine.parse("k.conf"))
                        .getMessage());
        assertEquals(
                "'watch' needs -i IFACE",
                assertThrows(UsageException.class, () -> VrrpCommandLine.parse("watch"))
                        .getMessage());
        assertEquals(
                "option '--interface' only goes with 'watch'",
                assertThrows(UsageException.class, () -> VrrpCommandLine.parse("--interface", "eth0"))
                        .getMessage());
        assertEquals(
                "option '--release' cannot be combined with check",
                assertThrows(UsageException.class, () -> VrrpCommandLine.parse("-t", "--release"))
                        .getMessage());
        assertFalse(VrrpCommandLine.USAGE.isBlank());
    }
}
