package dev.hapair.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command to completion with a timeout. Output goes through temp files rather than pipes so a chatty
 * command can never block on a full pipe while we wait for it.
 */
final class Commands {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private Commands() {}

    static ExecResult run(List<String> argv, Duration timeout) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("hapair-testkit-", ".out");
            err = Files.createTempFile("hapair-testkit-", ".err");
            Process p = new ProcessBuilder(argv)
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            int code;
            if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                code = p.exitValue();
            } else {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                code = ExecResult.TIMED_OUT;
            }
            return new ExecResult(
                    argv,
                    code,
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + argv, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + argv, e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    static ExecResult run(String... argv) {
        return run(List.of(argv), DEFAULT_TIMEOUT);
    }

    static ExecResult check(String... argv) {
        return run(argv).orThrow();
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // temp file; the OS cleans /tmp eventually
            }
        }
    }
}
