package dev.hapair.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunNamesTest {
    @Test
    void runIdsAreFourLowercaseAlphanumericsAndVary() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String id = RunNames.randomRunId();
            assertTrue(id.matches("[0-9a-z]{4}"), id);
            seen.add(id);
        }
        assertTrue(seen.size() > 190, "ids should be random, got " + seen.size() + " distinct of 200");
    }

    @Test
    void namespaceNamesCarryPrefixAndParseBack() {
        assertEquals("hptk3x9-lb1", RunNames.namespace("k3x9", "lb1"));
        assertEquals("hptk3x9-sw", RunNames.switchNamespace("k3x9"));
        assertEquals(Optional.of("k3x9"), RunNames.runIdOf("hptk3x9-lb1"));
        assertEquals(Optional.of("k3x9"), RunNames.runIdOf("hptk3x9-sw"));
        assertEquals(Optional.empty(), RunNames.runIdOf("hptk3x-lb1"));
        assertEquals(Optional.empty(), RunNames.runIdOf("hptK3X9-lb1"));
        assertEquals(Optional.empty(), RunNames.runIdOf("hptprobe-1234"));
        assertEquals(Optional.empty(), RunNames.runIdOf("xhptk3x9-lb1"));
        assertEquals(Optional.empty(), RunNames.runIdOf("hptk3x9-"));
    }

    @Test
    void longestNamesFitTheKernelInterfaceLimit() {
        String port = RunNames.bridgePort("zzzz", "abcdefgh", 99);
        assertEquals("zzzzabcdefgh-99", port);
        assertTrue(port.length() <= RunNames.MAX_IFNAME);
        assertTrue(RunNames.bridge("abcdefghijkl").length() <= RunNames.MAX_IFNAME);
        assertEquals("eth1", RunNames.hostInterface(1));
    }

    @Test
    void badNamesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> RunNames.requireHostName("abcdefghi"));
        assertThrows(IllegalArgumentException.class, () -> RunNames.requireHostName("lb-1"));
        assertThrows(IllegalArgumentException.class, () -> RunNames.requireHostName("1lb"));
        assertThrows(IllegalArgumentException.class, () -> RunNames.requireHostName("sw"));
        assertThrows(IllegalArgumentException.class, () -> RunNames.requireSegmentName("Lan"));
        assertThrows(IllegalArgumentException.class, () -> RunNames.requireRunId("abc"));
        assertThrows(IllegalArgumentException.class, () -> RunNames.bridgePort("k3x9", "lb1", 100));
        assertEquals("lb1", RunNames.requireHostName("lb1"));
        assertEquals("abcdefgh", RunNames.requireHostName("abcdefgh"));
    }
}
