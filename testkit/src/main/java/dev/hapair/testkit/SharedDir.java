package dev.hapair.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the project's shared inputs (configs from the guides, captured VRRP packets) in the {@code shared/}
 * directory that CI places beside the repository. {@code $HAPAIR_SHARED_DIR} wins; otherwise {@code shared/}
 * is searched upwards from the working directory, which covers a module directory of the main checkout and
 * of a worktree one level deeper.
 */
public final class SharedDir {

    /** Environment variable naming the shared directory explicitly. */
    public static final String ENV = "HAPAIR_SHARED_DIR";

    private SharedDir() {}

    /** {@code shared/RELATIVE} if it exists, without skipping or failing. */
    public static Optional<Path> find(String relative) {
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env).resolve(relative);
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("shared").resolve(relative);
            if (Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** {@code shared/RELATIVE}; when missing the calling test skips, or fails under {@code CI=true}. */
    public static Path require(String relative) {
        return find(relative).orElseGet(() -> {
            Prerequisites.unavailable("shared inputs not found: expected <repo>/../shared/" + relative
                    + " (searched upwards from " + Path.of("").toAbsolutePath() + ") or $" + ENV);
            throw new AssertionError("unreachable: unavailable() always throws");
        });
    }
}
