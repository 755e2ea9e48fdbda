package dev.hapair.proxy.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampledLogSinkTest {

    @Test
    void onlyTheMessagesInTheRangesOfEachWindowAreSent() {
        List<String> got = new ArrayList<>();
        int[] size = new int[1];
        int[][] ranges = SampledLogSink.parseRanges("1,3:5", size);
        SampledLogSink s = new SampledLogSink(ranges, size[0], (sev, line) -> got.add(line));
        for (int i = 6; i <= 15; i++) {
            s.log(6, "c" + i);
        }
        assertEquals(List.of("c6", "c8", "c11", "c13"), got);
    }

    @Test
    void rangesAreChecked() {
        int[] size = new int[1];
        assertEquals(2, SampledLogSink.parseRanges("2-4,5:5", size).length);
        assertEquals(5, size[0]);
        assertEquals(
                "range '4-2' must be increasing and within 1..5 in '4-2:5'",
                assertThrows(IllegalArgumentException.class, () -> SampledLogSink.parseRanges("4-2:5", size))
                        .getMessage());
        assertEquals(
                "'0' is not a positive number in '0:5'",
                assertThrows(IllegalArgumentException.class, () -> SampledLogSink.parseRanges("0:5", size))
                        .getMessage());
        assertEquals(
                "expects <ranges>:<sample_size>, got '1'",
                assertThrows(IllegalArgumentException.class, () -> SampledLogSink.parseRanges("1", size))
                        .getMessage());
    }
}
