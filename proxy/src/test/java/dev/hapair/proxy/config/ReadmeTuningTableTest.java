package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** README.md lists the tuning table exactly as the code has it, reasons included. */
class ReadmeTuningTableTest {

    @Test
    void readmeListsEveryTuningKnobWithItsReason() throws Exception {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme);
        String table = TuningKeywords.markdownTable();
        assertTrue(text.contains(table), () -> "README.md must contain the tuning table:\n" + table);
    }
}
