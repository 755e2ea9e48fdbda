package dev.hapair.proxy.config;

import java.util.Objects;

/** Where a configuration element was written: file as named to the loader, 1-based line. */
public record SourceLocation(String file, int line) {
    public SourceLocation {
        Objects.requireNonNull(file, "file");
    }

    /** For elements that were not read from a file (built in code or by the runtime API). */
    public static final SourceLocation UNKNOWN = new SourceLocation("<none>", 0);

    @Override
    public String toString() {
        return file + ":" + line;
    }
}
