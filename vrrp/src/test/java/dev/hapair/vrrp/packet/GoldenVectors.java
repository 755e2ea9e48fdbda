package dev.hapair.vrrp.packet;

import static org.junit.jupiter.api.Assertions.fail;

import dev.hapair.testkit.SharedDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Locates the shared golden captures. CI clones the repo with {@code shared/} beside it, so the first place is
 * {@code <repo>/../shared/vectors/vrrp} (the module dir's parent is the repo root). A git worktree nested
 * deeper (e.g. /work/wt/NAME) finds it further up; {@code HAPAIR_SHARED_DIR} overrides both.
 * Missing: a failure under CI=true, a skip otherwise.
 */
public final class GoldenVectors {
    private GoldenVectors() {}

    public static Path dir() {
        return SharedDir.require("vectors/vrrp");
    }

    /** The directory if present, without failing or skipping (for tests that only use it as extra input). */
    public static java.util.Optional<Path> ifPresent() {
        return SharedDir.find("vectors/vrrp");
    }

    public static List<Path> captures() throws IOException {
        try (Stream<Path> s = Files.list(dir())) {
            List<Path> pcaps = s.filter(p -> p.getFileName().toString().endsWith(".pcap"))
                    .sorted()
                    .toList();
            if (pcaps.isEmpty()) {
                fail("no .pcap files in " + dir());
            }
            return pcaps;
        }
    }

    static Path textFor(Path pcap) {
        String name = pcap.getFileName().toString();
        return pcap.resolveSibling(name.substring(0, name.length() - ".pcap".length()) + ".txt");
    }
}
