package dev.hapair.common.config;

import java.util.Objects;

/**
 * Where a configuration element was written: the file as the operator named it (or as an include resolved
 * it) and a 1-based line. Printed as {@code file:line}, the prefix of every diagnostic of both daemons.
 */
public record SourceLocation(String file, int line) {
    /** For elements not read from a file (defaults, built in code or by the runtime API). */
    public static final SourceLocation NONE = new SourceLocation("<none>", 0);

    public SourceLocation {
        Objects.requireNonNull(file, "file");
    }

    @Override
    public String toString() {
        return file + ":" + line;
    }
}
