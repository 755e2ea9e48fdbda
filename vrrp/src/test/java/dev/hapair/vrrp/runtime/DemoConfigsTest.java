package dev.hapair.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.vrrp.config.ConfigResult;
import dev.hapair.vrrp.config.InitialState;
import dev.hapair.vrrp.config.KeepalivedConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DemoConfigsTest {
    @Test
    void bothDemoConfigsParseCleanlyWithTheAgreedSettings() throws Exception {
        for (String n : DemoConfigs.NAMES) {
            ConfigResult r = DemoConfigs.source(n).orElseThrow().load();
            assertEquals(java.util.List.of(), r.diagnostics(), n);
            KeepalivedConfig c = r.orThrow();
            var i = c.instances().get(0);
            assertEquals("eth0", i.interfaceName());
            assertEquals(51, i.virtualRouterId());
            assertEquals(n.equals("lb1") ? 101 : 100, i.priority());
            assertEquals(n.equals("lb1") ? InitialState.MASTER : InitialState.BACKUP, i.state());
            assertEquals("10.213.0.100/24", i.virtualAddresses().get(0).cidr());
            var proc = c.trackProcess("proxy").orElseThrow();
            assertEquals(Optional.of(Path.of("/run/hapair-demo/" + n + "/hapair-proxy.pid")), proc.pidfile());
            assertEquals(0, i.trackProcesses().get(0).weight(), "dead proxy = FAULT (priority-0 advert)");
        }
        assertTrue(DemoConfigs.text("lb3").isEmpty());
    }

    @Test
    void printDemoConfigPrintsTheEmbeddedFile() {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, VrrpMain.run(new String[] {"--print-demo-config", "lb2"}));
        } finally {
            System.setOut(old);
        }
        assertEquals(DemoConfigs.text("lb2").orElseThrow(), buf.toString(StandardCharsets.UTF_8));
        assertEquals(VrrpMain.EXIT_USAGE, VrrpMain.run(new String[] {"--demo-config", "nope"}));
    }

    @Test
    void commandLineCarriesTheDemoName() throws Exception {
        VrrpCommandLine c = VrrpCommandLine.parse("--demo-config", "lb1", "-p", "/run/x.pid");
        assertEquals(VrrpCommandLine.Mode.RUN, c.mode());
        assertEquals(Optional.of("lb1"), c.demoConfig());
        assertEquals(
                VrrpCommandLine.Mode.PRINT_DEMO,
                VrrpCommandLine.parse("--print-demo-config", "lb1").mode());
        assertEquals(Path.of("/run/x.json"), DaemonProcess.dumpFileFor(c.pidfile()));
        assertEquals(DaemonProcess.DEFAULT_DUMP, DaemonProcess.dumpFileFor(Optional.empty()));
    }
}
