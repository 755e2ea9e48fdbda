package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.runtime.master.MasterWorkerFixture;
import dev.hapair.proxy.testing.ProxyProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -Ws} under a fake systemd ({@code NotifyAccess=main}): only the master talks to {@code $NOTIFY_SOCKET}
 * (the worker's environment has no NOTIFY_SOCKET), READY once the worker serves, RELOADING/READY around a
 * reload, STOPPING on SIGTERM.
 */
class MasterWorkerSystemdIT {
    @TempDir
    Path dir;

    private String cli(String line) throws Exception {
        return MasterWorkerFixture.cli(dir.resolve("master.sock"), line);
    }

    @Test
    void onlyTheMasterNotifiesSystemd() throws Exception {
        Path cfg = MasterWorkerFixture.config(dir).file();
        // the configuration's pidfile is the master's, as -p is
        Path pidfile = dir.resolve("from-config.pid");
        Files.writeString(cfg, "global\n    pidfile " + pidfile + "\n" + Files.readString(cfg));
        Path notifyPath = dir.resolve("notify");
        try (FakeNotifySocket notify = FakeNotifySocket.bind(notifyPath)) {
            ProcessBuilder pb = new ProcessBuilder(
                            ProxyProcess.launcher().toString(),
                            "-Ws",
                            "-S",
                            dir.resolve("master.sock").toString(),
                            "-f",
                            cfg.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("proxy.log").toFile());
            pb.environment().put("NOTIFY_SOCKET", notifyPath.toString());
            Process master = pb.start();
            try {
                assertEquals("READY=1\nSTATUS=Ready.", notify.await("READY=1", 0, 60));
                Matcher m = Pattern.compile("(?m)^(\\d+)\\s+worker\\s").matcher(cli("show proc"));
                assertTrue(m.find());
                long worker = Long.parseLong(m.group(1));
                String env = Files.readString(Path.of("/proc/" + worker + "/environ"), StandardCharsets.ISO_8859_1);
                List<String> vars = List.of(env.split("\0"));
                assertFalse(
                        vars.stream().anyMatch(v -> v.startsWith("NOTIFY_SOCKET=")),
                        "the worker must not reach systemd");
                assertTrue(vars.contains("HAPAIR_MASTER_PID=" + master.pid()), env);
                assertEquals(
                        Long.toString(master.pid()), Files.readString(pidfile).strip());

                assertEquals("", cli("reload"));
                notify.await("RELOADING=1", 0, 30);
                notify.await("READY=1", 1, 30);
                assertTrue(SignalSender.send((int) master.pid(), SignalSender.SIGTERM));
                notify.await("STOPPING=1", 0, 30);
                assertTrue(master.waitFor(30, TimeUnit.SECONDS));
                assertEquals(0, master.exitValue(), Files.readString(dir.resolve("proxy.log")));
                assertEquals(4, notify.received().size(), notify.received().toString());
                assertFalse(Files.exists(pidfile), "the master removes its pid file");
            } finally {
                master.descendants().forEach(ProcessHandle::destroyForcibly);
                master.destroyForcibly();
            }
        }
    }
}
