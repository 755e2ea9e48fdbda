package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.testing.ProxyProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The memory settings the ITs run with are the shipped launcher's, and Netty's defaults yield to the user's. */
class LauncherFlagsTest {
    @Test
    void itsRunWithTheLaunchersMemoryFlags() throws IOException {
        String launcher = Files.readString(Path.of("..", "bin", "hapair-jvm"));
        for (String flag : ProxyProcess.LAUNCHER_JVM_FLAGS) {
            String f = flag.equals("-Xmx256m") ? "-Xmx${HAPAIR_HEAP:-256m}" : flag;
            assertTrue(launcher.contains(f), "bin/hapair-jvm lacks " + f);
        }
        assertTrue(launcher.contains("MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}"));
    }

    @Test
    void onlyC1sThresholdsAreRaised() throws IOException {
        // start-up code stays interpreted longer (idle RSS), but C2's thresholds, which decide when per-request code
        // gets its fast version, stay the JDK's: scaling them cost 8-15 % CPU per request (bench/README.md, session 7)
        String launcher = Files.readString(Path.of("..", "bin", "hapair-jvm"));
        assertTrue(launcher.contains("-XX:Tier3InvocationThreshold="), "C1's thresholds are the JDK's");
        for (String c2 : new String[] {"Tier4", "CompileThresholdScaling", "Tier2", "TieredStopAtLevel"}) {
            assertTrue(!launcher.matches("(?s).*-XX:[+-]?" + c2 + ".*"), "bin/hapair-jvm sets " + c2);
        }
    }

    @Test
    void nettyDefaultsDoNotOverrideWhatIsGiven() {
        Properties p = new Properties();
        p.setProperty("io.netty.allocator.maxOrder", "9");
        p.setProperty("io.netty.leakDetectionLevel", "paranoid");
        NettyDefaults.apply(p);
        assertEquals("9", p.getProperty("io.netty.allocator.maxOrder"));
        assertEquals(null, p.getProperty("io.netty.leakDetection.level"));
        assertEquals("2000", p.getProperty("io.netty.allocator.cacheTrimIntervalMillis"));
        Properties q = new Properties();
        NettyDefaults.apply(q);
        assertEquals("7", q.getProperty("io.netty.allocator.maxOrder"));
        assertEquals("disabled", q.getProperty("io.netty.leakDetection.level"));
        assertEquals("true", q.getProperty("io.netty.tryReflectionSetAccessible"));
    }
}
