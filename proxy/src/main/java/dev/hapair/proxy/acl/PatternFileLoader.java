package dev.hapair.proxy.acl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads the patterns of {@code -f FILE}: one per line, blank lines and {@code #} comments skipped. */
@FunctionalInterface
public interface PatternFileLoader {

    List<String> load(String path) throws IOException;

    PatternFileLoader FILES = path -> {
        List<String> out = new ArrayList<>();
        for (String l : Files.readAllLines(Path.of(path), StandardCharsets.UTF_8)) {
            String t = l.trim();
            if (!t.isEmpty() && !t.startsWith("#")) {
                out.add(t);
            }
        }
        return out;
    };
}
