package dev.hapair.vrrp.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class WatchOptionsTest {
    @Test
    void interfaceCountAndSeconds() throws Exception {
        WatchOptions o = WatchOptions.parse(List.of("-i", "eth0", "-c", "20", "-t", "2.5"));
        assertEquals("eth0", o.interfaceName());
        assertEquals(OptionalLong.of(20), o.count());
        assertEquals(Optional.of(Duration.ofMillis(2500)), o.duration());
        WatchOptions plain = WatchOptions.parse(List.of("-i", "br0"));
        assertEquals(OptionalLong.empty(), plain.count());
        assertEquals(Optional.empty(), plain.duration());
    }

    @Test
    void errorsNameTheFlag() {
        assertEquals(
                "'watch' needs -i IFACE",
                assertThrows(WatchOptions.UsageException.class, () -> WatchOptions.parse(List.of("-c", "3")))
                        .getMessage());
        assertEquals(
                "option '-c' expects a positive packet count, not 'x'",
                assertThrows(WatchOptions.UsageException.class, () -> WatchOptions.parse(List.of("-i", "e", "-c", "x")))
                        .getMessage());
        assertEquals(
                "option '-t' expects a number of seconds, not '0'",
                assertThrows(WatchOptions.UsageException.class, () -> WatchOptions.parse(List.of("-i", "e", "-t", "0")))
                        .getMessage());
        assertEquals(
                "option '-i' expects an argument",
                assertThrows(WatchOptions.UsageException.class, () -> WatchOptions.parse(List.of("-i")))
                        .getMessage());
        assertEquals(
                "unknown watch option '-f'",
                assertThrows(WatchOptions.UsageException.class, () -> WatchOptions.parse(List.of("-i", "e", "-f", "x")))
                        .getMessage());
    }

    @Test
    void mainDispatchesWatchUsageErrors() {
        var err = new java.io.ByteArrayOutputStream();
        int rc = WatchCommand.run(List.of("-t", "nope"), System.out, new java.io.PrintStream(err));
        assertEquals(2, rc);
        assertEquals(true, err.toString().contains("Usage: hapair-vrrp watch -i IFACE"), err.toString());
    }
}
