package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProxyCommandLineTest {

    @Test
    void checkWithSeveralFiles() throws Exception {
        ProxyCommandLine c =
                ProxyCommandLine.parse("-c", "-f", "/etc/haproxy/haproxy.cfg", "-f", "/etc/haproxy/conf.d", "-q");
        assertTrue(c.checkOnly());
        assertTrue(c.quiet());
        assertEquals(List.of(Path.of("/etc/haproxy/haproxy.cfg"), Path.of("/etc/haproxy/conf.d")), c.configPaths());
        assertFalse(c.foreground(), "no flag: the configuration's 'daemon' decides");
        assertFalse(c.daemon());
    }

    @Test
    void systemdStyleReloadFlags() throws Exception {
        ProxyCommandLine c = ProxyCommandLine.parse(
                "-f", "h.cfg", "-p", "/run/h.pid", "-db", "-x", "/run/h.sock", "-sf", "101", "202", "-st", "303");
        assertEquals(Optional.of(Path.of("/run/h.pid")), c.pidfile());
        assertEquals(Optional.of(Path.of("/run/h.sock")), c.socketTransfer());
        assertEquals(List.of(101, 202), c.softStopPids());
        assertEquals(List.of(303), c.terminatePids());
        assertFalse(c.daemon());
        assertTrue(c.foreground(), "-db overrides 'daemon' in the configuration");
        assertTrue(ProxyCommandLine.parse("-Ws", "-f", "h.cfg").foreground());
    }

    @Test
    void masterWorkerIsOptIn() throws Exception {
        assertEquals(
                ProxyCommandLine.MasterWorker.NONE,
                ProxyCommandLine.parse("-db", "-f", "h.cfg").masterWorker());
        ProxyCommandLine w = ProxyCommandLine.parse("-W", "-S", "/run/m.sock,mode,600", "-f", "h.cfg");
        assertEquals(ProxyCommandLine.MasterWorker.MASTER_WORKER, w.masterWorker());
        assertEquals(
                Optional.of(Path.of("/run/m.sock")), w.masterCli().orElseThrow().unixPath());
        assertEquals(
                ProxyCommandLine.MasterWorker.MASTER_WORKER_SYSTEMD,
                ProxyCommandLine.parse("-Ws", "-f", "h.cfg", "-W").masterWorker());
        assertTrue(assertThrows(
                        ProxyCommandLine.UsageException.class,
                        () -> ProxyCommandLine.parse("-S", "/run/m.sock", "-f", "a"))
                .getMessage()
                .contains("-W or -Ws"));
        assertTrue(assertThrows(
                        ProxyCommandLine.UsageException.class,
                        () -> ProxyCommandLine.parse("-W", "-S", "/m,uid,0", "-f", "a"))
                .getMessage()
                .contains("'uid'"));
    }

    @Test
    void daemonVersionVerboseAndDoubleDash() throws Exception {
        assertTrue(ProxyCommandLine.parse("-D", "-f", "a.cfg").daemon());
        assertTrue(ProxyCommandLine.parse("-v").versionOnly());
        assertTrue(ProxyCommandLine.parse("-vv").versionOnly());
        ProxyCommandLine v = ProxyCommandLine.parse("-q", "-V", "-f", "a.cfg");
        assertFalse(v.quiet(), "-V overrides -q");
        assertTrue(v.verbose());
        assertEquals(
                List.of(Path.of("a.cfg"), Path.of("b.cfg"), Path.of("c.cfg")),
                ProxyCommandLine.parse("-f", "a.cfg", "--", "b.cfg", "c.cfg").configPaths());
        assertEquals(List.of(), ProxyCommandLine.parse("-f", "a", "-sf").softStopPids());
    }

    @Test
    void vtestStyleDebugFlags() throws Exception {
        // VTest starts every instance as: exec "$HAPROXY_PROGRAM" -d -dM [-L NAME] -f cfg
        ProxyCommandLine c = ProxyCommandLine.parse("-d", "-dM", "-L", "A", "-f", "cfg");
        assertTrue(c.foreground());
        assertFalse(c.daemon());
        assertEquals(Optional.of("A"), c.localPeer());
        assertEquals(List.of(Path.of("cfg")), c.configPaths());
        assertEquals(
                List.of(Path.of("cfg")),
                ProxyCommandLine.parse("-dM0x55", "-f", "cfg").configPaths(),
                "-dM takes an optional byte");
        assertEquals(
                "option '-L' expects an argument",
                assertThrows(ProxyCommandLine.UsageException.class, () -> ProxyCommandLine.parse("-f", "a", "-L"))
                        .getMessage());
        assertTrue(assertThrows(
                        ProxyCommandLine.UsageException.class,
                        () -> ProxyCommandLine.parse("-W", "-S", "fd@5", "-f", "a"))
                .getMessage()
                .contains("master CLI"));
        assertEquals(
                "unknown option '-de'",
                assertThrows(ProxyCommandLine.UsageException.class, () -> ProxyCommandLine.parse("-de", "-f", "a"))
                        .getMessage(),
                "other -d flags are not silently taken");
        assertThrows(ProxyCommandLine.UsageException.class, () -> ProxyCommandLine.parse("-f", "a", "-d", "-D"));
    }

    @Test
    void badCommandLines() {
        assertEquals(
                "no configuration file given (use -f FILE)",
                assertThrows(ProxyCommandLine.UsageException.class, () -> ProxyCommandLine.parse("-c"))
                        .getMessage());
        assertEquals(
                "option '-f' expects an argument",
                assertThrows(ProxyCommandLine.UsageException.class, () -> ProxyCommandLine.parse("-f"))
                        .getMessage());
        assertEquals(
                "unknown option '-Z'",
                assertThrows(ProxyCommandLine.UsageException.class, () -> ProxyCommandLine.parse("-f", "a", "-Z"))
                        .getMessage());
        assertTrue(assertThrows(ProxyCommandLine.UsageException.class, () -> ProxyCommandLine.parse("a.cfg"))
                .getMessage()
                .startsWith("unexpected argument 'a.cfg'"));
        assertThrows(ProxyCommandLine.UsageException.class, () -> ProxyCommandLine.parse("-f", "a", "-D", "-db"));
    }
}
