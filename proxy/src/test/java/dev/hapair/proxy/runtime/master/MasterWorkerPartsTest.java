package dev.hapair.proxy.runtime.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The master's pure parts: command parsing and dispatch, show proc, signal routing, the worker's command line. */
class MasterWorkerPartsTest {

    /** A master that records what the commands asked of it. */
    static class FakeMaster implements MasterCommands.Master {
        final List<String> sent = new ArrayList<>();
        int reloads;
        long pid = 4321;

        @Override
        public String showProc() {
            return "TABLE\n";
        }

        @Override
        public void reload() {
            reloads++;
        }

        @Override
        public long workerPid() {
            return pid;
        }

        @Override
        public String toWorker(String command) {
            sent.add(command);
            return "answer to " + command + "\n\n";
        }
    }

    @Test
    void parsesTargetsAndSemicolons() {
        assertEquals(
                List.of(
                        new MasterCommands.Command("1", "show info"),
                        new MasterCommands.Command(null, "show proc"),
                        new MasterCommands.Command("!42", "show stat")),
                MasterCommands.parse("@1 show info; show proc ;@!42   show stat;;"));
        assertEquals(List.of(new MasterCommands.Command("", "")), MasterCommands.parse("@"));
    }

    @Test
    void interactiveSessionSwitchesTargetsAsHaproxysMasterCli() {
        FakeMaster m = new FakeMaster();
        MasterCommands.Session s = new MasterCommands.Session();
        assertEquals("", MasterCommands.execute("prompt", m, s));
        assertTrue(s.prompt());
        assertEquals("master> ", s.promptText(4321, false));
        assertEquals("master[ReloadFailed]> ", s.promptText(4321, true));
        assertEquals("", MasterCommands.execute("@1", m, s));
        assertEquals("4321> ", s.promptText(4321, false));
        assertEquals("answer to show info\n\n", MasterCommands.execute("show info", m, s));
        assertEquals("TABLE\n\n", MasterCommands.execute("@master show proc", m, s));
        assertEquals("", MasterCommands.execute("@", m, s));
        assertEquals("TABLE\n\n", MasterCommands.execute("show proc", m, s));
        // '@1; show info; @; show proc' on one line: the switch holds for the rest of the line
        MasterCommands.Session once = new MasterCommands.Session();
        assertEquals(
                "answer to show stat\n\nTABLE\n\n", MasterCommands.execute("@1; show stat; @; show proc", m, once));
        assertTrue(MasterCommands.execute("@!999", m, s).startsWith("Can't find the target PID matching the prefix"));
        assertTrue(s.quit(), "an unknown target ends the session, as HAProxy's");
        MasterCommands.Session q = new MasterCommands.Session();
        MasterCommands.execute("prompt", m, q);
        MasterCommands.execute("quit", m, q);
        assertTrue(q.quit());
    }

    @Test
    void dispatchesToMasterOrWorker() {
        FakeMaster m = new FakeMaster();
        assertEquals("TABLE\n\n", MasterCommands.execute("show  proc", m));
        assertEquals("answer to show info\n\n", MasterCommands.execute("@1 show info", m));
        assertEquals("answer to show stat\n\n", MasterCommands.execute("@!4321 show stat", m));
        assertEquals(List.of("show info", "show stat"), m.sent);
        assertTrue(MasterCommands.execute("@!999 show info", m).startsWith("Can't find the target PID"));
        assertTrue(MasterCommands.execute("@2 show info", m).startsWith("Can't find the target PID"));
        assertEquals(2, m.sent.size());
        assertEquals("", MasterCommands.execute("reload", m));
        assertEquals(1, m.reloads);
        assertTrue(MasterCommands.execute("help", m).contains("show proc"));
        assertEquals(
                "Unknown command, but maybe one of the following ones is a better match:\n"
                        + "  show cli level                          : display the level of the current CLI session\n"
                        + "  show cli sockets                        : dump list of cli sockets\n"
                        + "  show proc                               : show processes status\n"
                        + "  show version                            : show version of the current process\n"
                        + "  help                                    : list of available commands\n"
                        + "  prompt                                  : toggle interactive mode with prompt\n"
                        + "  quit                                    : disconnect\n\n",
                MasterCommands.execute("show sess", m));
        assertEquals("", MasterCommands.execute("@1", m), "@1 alone switches the default target");
        // HAProxy 2.6 has no show startup-logs (2.7 has) nor @@ (2.7): unknown there, unknown here
        assertTrue(MasterCommands.execute("show startup-logs", m).startsWith("Unknown command, but maybe"));
        assertTrue(MasterCommands.execute("@@1 show info", m)
                .startsWith("Can't find the target PID matching the prefix '@@1'"));
        assertTrue(MasterCommands.execute("mcli-debug-mode on", m).contains("not supported"));
        m.pid = -1; // no worker: nothing to forward to
        assertTrue(MasterCommands.execute("@1 show info", m).startsWith("Can't find the target PID"));
    }

    @Test
    void showProcHasHaproxysLayout() {
        String t = ShowProc.format(
                new ShowProc.Proc(1162, 5, Duration.ofSeconds(127)),
                1,
                new ShowProc.Proc(1271, 4, Duration.ofSeconds(3 * 86400 + 3600 + 61)),
                "0.1.0");
        assertEquals(
                String.join(
                        "\n",
                        "#<PID>          <type>          <reloads>       <uptime>        <version>",
                        "1162            master          5 [failed: 1]   0d00h02m07s     0.1.0",
                        "# workers",
                        "1271            worker          4               3d01h01m01s     0.1.0",
                        "# old workers",
                        "# programs",
                        ""),
                t);
        assertFalse(ShowProc.format(new ShowProc.Proc(1, 0, Duration.ZERO), 0, null, "v")
                .contains("worker  "));
    }

    @Test
    void signalsAreRoutedAsHaproxysMaster() {
        assertEquals(
                MasterSignals.Action.RELOAD, MasterSignals.forSignal("USR2").orElseThrow());
        assertEquals(MasterSignals.Action.RELOAD, MasterSignals.forSignal("HUP").orElseThrow());
        assertEquals(
                MasterSignals.Action.SOFT_STOP, MasterSignals.forSignal("USR1").orElseThrow());
        assertEquals(
                MasterSignals.Action.HARD_STOP, MasterSignals.forSignal("TERM").orElseThrow());
        assertEquals(
                MasterSignals.Action.HARD_STOP, MasterSignals.forSignal("INT").orElseThrow());
        assertTrue(MasterSignals.forSignal("QUIT").isEmpty());
        assertEquals(12, MasterSignals.Action.RELOAD.workerSignal());
        assertEquals(10, MasterSignals.Action.SOFT_STOP.workerSignal());
        assertEquals(15, MasterSignals.Action.HARD_STOP.workerSignal());
        assertFalse(MasterSignals.Action.RELOAD.stops());
        // asked to stop: the worker's status; died on its own: never 0
        assertEquals(0, MasterSignals.masterExitStatus(true, 0));
        assertEquals(1, MasterSignals.masterExitStatus(false, 0));
        assertEquals(137, MasterSignals.masterExitStatus(false, 137));
    }

    @Test
    void workerArgumentsDropTheMasterOnlyFlags() {
        Path cfg = Path.of("/run/x/master-worker.cfg");
        Path pid = Path.of("/run/x/worker.pid");
        assertEquals(
                List.of("-db", "-p", "/run/x/worker.pid", "-f", "/run/x/master-worker.cfg", "-f", "a.cfg", "-q"),
                WorkerCommand.arguments(
                        List.of("-Ws", "-S", "/run/m.sock,mode,600", "-f", "a.cfg", "-p", "/run/p", "-q"), cfg, pid));
        assertEquals(
                List.of("-db", "-p", "/run/x/worker.pid", "-f", "/run/x/master-worker.cfg", "--", "-W", "b.cfg"),
                WorkerCommand.arguments(List.of("-W", "--", "-W", "b.cfg"), cfg, pid));
        assertTrue(WorkerCommand.internalConfig(Path.of("/run/x/w.sock"))
                .contains("\nglobal\n    stats socket /run/x/w.sock mode 600 level admin\n"));
    }

    @Test
    void masterCliAddresses() {
        MasterCliAddress u = MasterCliAddress.parse("/run/hapair/master.sock,mode,660");
        assertEquals(Optional.of(Path.of("/run/hapair/master.sock")), u.unixPath());
        assertEquals(Optional.of(0660), u.mode());
        assertEquals(
                Optional.of(Path.of("/tmp/m")),
                MasterCliAddress.parse("unix@/tmp/m").unixPath());
        MasterCliAddress t = MasterCliAddress.parse("ipv4@127.0.0.1:9999");
        assertEquals(new InetSocketAddress("127.0.0.1", 9999), t.address());
        assertEquals(
                new InetSocketAddress("127.0.0.1", 1234),
                MasterCliAddress.parse("127.0.0.1:1234").address());
        // fail closed: an option we do not apply could have been meant to restrict access
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MasterCliAddress.parse("/tmp/m,level,user"))
                .getMessage()
                .contains("'level'"));
        assertThrows(IllegalArgumentException.class, () -> MasterCliAddress.parse("/tmp/m,mode"));
        assertThrows(IllegalArgumentException.class, () -> MasterCliAddress.parse("/tmp/m,mode,999"));
        assertThrows(IllegalArgumentException.class, () -> MasterCliAddress.parse("ipv6@::1:80"));
        assertThrows(IllegalArgumentException.class, () -> MasterCliAddress.parse("ipv4@127.0.0.1:0"));
        assertThrows(IllegalArgumentException.class, () -> MasterCliAddress.parse("ipv4@127.0.0.1:1,mode,600"));
        assertEquals(
                "rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(MasterProcess.permissions(0640)));
    }

    /** operator/user lower the session's level (never raise it), which the worker's commands then run at. */
    @Test
    void levelsAndModesAsHaproxysMasterCli() {
        FakeMaster m = new FakeMaster() {
            @Override
            public String toWorker(String command) {
                sent.add(command);
                // the worker answers each prefix command with an empty line, then the command
                int prefixes = command.split(";").length - 1;
                return "\n".repeat(prefixes) + "answer\n\n";
            }
        };
        MasterCommands.Session s = new MasterCommands.Session();
        assertEquals("admin\n\n", MasterCommands.execute("show cli level", m, s));
        assertEquals("answer\n\n", MasterCommands.execute("@1 show info", m, s));
        assertEquals("", MasterCommands.execute("expert-mode on; experimental-mode on", m, s));
        assertEquals("master(xe)> ", s.promptText(4321, false));
        assertEquals("operator\n\n", MasterCommands.execute("operator; show cli level", m, s));
        assertEquals("answer\n\n", MasterCommands.execute("@1 show info", m, s));
        assertEquals("experimental-mode on; expert-mode on; operator; show info", m.sent.get(1));
        assertEquals("Permission denied!\n", MasterCommands.execute("expert-mode off", m, s));
        assertEquals("", MasterCommands.execute("user", m, s));
        assertEquals("Permission denied!\n", MasterCommands.execute("operator", m, s));
        assertEquals("Permission denied\n\n", MasterCommands.execute("reload", m, s));
        assertEquals(0, m.reloads);
        assertEquals("user\n\n", MasterCommands.execute("show cli level", m, s));
        assertEquals("0.1.0\n\n", MasterCommands.execute("show version", m, s));
    }
}
