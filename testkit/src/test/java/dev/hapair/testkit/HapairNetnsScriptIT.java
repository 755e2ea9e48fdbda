package dev.hapair.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** bin/hapair-netns builds the same kind of network for humans and tears it down completely. */
class HapairNetnsScriptIT {
    private static final Path SCRIPT =
            Path.of("..", "bin", "hapair-netns").toAbsolutePath().normalize();

    @BeforeAll
    static void needNamespaces() {
        Prerequisites.assumeNamespaces();
        Prerequisites.assumeCommands("socat");
        assertTrue(Files.isExecutable(SCRIPT), SCRIPT + " is executable");
    }

    @Test
    void upExecCutRestoreDown() {
        RunRegistry registry = RunRegistry.standard();
        String id = null;
        for (int i = 0; i < 50 && id == null; i++) {
            String candidate = RunNames.randomRunId();
            if (!registry.isClaimed(candidate) && Topology.leftovers(candidate).isEmpty()) {
                id = candidate;
            }
        }
        try {
            ExecResult up = script("up", id, "c1", "s1=10.213.0.20/24");
            assertTrue(up.ok(), up.toString());
            assertEquals(RunRegistry.Owner.MANUAL, registry.owner(id));
            assertFalse(script("up", id, "c2").ok(), "an existing run id is refused");

            Process server = new ProcessBuilder(
                            SCRIPT.toString(),
                            "exec",
                            id,
                            "s1",
                            "socat",
                            "TCP-LISTEN:7100,reuseaddr,fork",
                            "SYSTEM:echo from-s1")
                    .start();
            String[] fetch = {
                "exec", id, "c1", "timeout", "2", "bash", "-c", "exec 3<>/dev/tcp/10.213.0.20/7100; cat <&3"
            };
            ExecResult got = Wait.until("s1 answers", Duration.ofSeconds(10), () -> script(fetch), ExecResult::ok);
            assertEquals("from-s1", got.stdout().strip());
            assertEquals("10.213.0.1", firstIpv4(id, "c1"), "default addressing 10.213.0.N/24");

            assertTrue(script("cut", id, "s1").ok());
            assertFalse(script(fetch).ok(), "cut link refuses traffic");
            assertTrue(script("restore", id, "s1").ok());
            Wait.until("s1 answers after restore", Duration.ofSeconds(10), () -> script(fetch), ExecResult::ok);

            assertTrue(script("down", id).ok());
            Wait.until("server process ends", Duration.ofSeconds(5), () -> !server.isAlive());
            assertEquals(List.of(), Topology.leftovers(id));
            assertFalse(registry.isClaimed(id));
            assertFalse(script("up", id, "Bad").ok(), "bad host name refused");
            assertEquals(List.of(), Topology.leftovers(id));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            script("down", id);
        }
    }

    private static String firstIpv4(String id, String host) {
        String json = Commands.check("ip", "-n", RunNames.namespace(id, host), "-j", "addr", "show", "dev", "eth0")
                .stdout();
        return IpJson.addresses(json).stream()
                .filter(InterfaceAddress::isIpv4)
                .findFirst()
                .orElseThrow()
                .address();
    }

    private static ExecResult script(String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of(SCRIPT.toString()));
        argv.addAll(List.of(args));
        return Commands.run(argv, Duration.ofSeconds(30));
    }
}
