package dev.hapair.vrrp.config;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/**
 * Finds the shared inputs: {@code <repo>/../shared}, searched upwards from the module directory so it works in
 * the main checkout ({@code /work/main/../shared}) and in worktrees one level deeper. Missing shared files fail
 * under {@code CI=true} and skip otherwise.
 */
final class SharedFiles {
    private SharedFiles() {}

    static Path keepalivedConfigs() {
        String relative = "shared/configs/keepalived";
        String override = System.getenv("HAPAIR_SHARED");
        if (override != null && Files.isDirectory(Path.of(override, "configs/keepalived"))) {
            return Path.of(override, "configs/keepalived");
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve(relative))) {
                return p.resolve(relative);
            }
        }
        String message = "shared keepalived configs not found above " + start + " (expected <repo>/../" + relative + ")";
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }
}
