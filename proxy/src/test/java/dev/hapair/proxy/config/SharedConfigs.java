package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.fail;

import dev.hapair.testkit.SharedDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Locates {@code <repo>/../shared/configs/haproxy} (CI layout), further up for nested worktrees, or
 * {@code $HAPAIR_SHARED_DIR/configs/haproxy}. Missing: a failure under CI=true, a skip otherwise.
 */
public final class SharedConfigs {
    private SharedConfigs() {}

    public static Path dir() {
        return SharedDir.require("configs/haproxy");
    }

    public static Path file(String name) {
        Path p = dir().resolve(name);
        if (!Files.isRegularFile(p)) {
            fail("missing shared config " + p);
        }
        return p;
    }

    public static List<Path> all() throws IOException {
        try (Stream<Path> s = Files.list(dir())) {
            List<Path> files = s.filter(p -> p.getFileName().toString().endsWith(".cfg"))
                    .sorted()
                    .toList();
            if (files.isEmpty()) {
                fail("no .cfg files in " + dir());
            }
            return files;
        }
    }
}
