package dev.hapair.proxy.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Pattern and map files: one entry per line, leading/trailing blanks dropped, blank and {@code #} lines skipped. */
public final class PatternFiles {

    private PatternFiles() {}

    public static List<String> read(String path) throws IOException {
        List<String> out = new ArrayList<>();
        for (String l : Files.readAllLines(Path.of(path), StandardCharsets.ISO_8859_1)) {
            String t = l.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                out.add(t);
            }
        }
        return out;
    }
}
