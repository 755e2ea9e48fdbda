package dev.hapair.vrrp.config;

import java.util.Objects;

/**
 * Where a keyword was written: the file as the operator named it (or as an include resolved it) and a
 * 1-based line. Printed as {@code file:line}, the prefix of every diagnostic.
 */
public record SourceLocation(String file, int line) {
    /** For values that come from defaults rather than from a file. */
    public static final SourceLocation NONE = new SourceLocation("<default>", 0);

    public SourceLocation {
        Objects.requireNonNull(file, "file");
    }

    @Override
    public String toString() {
        return file + ":" + line;
    }
}
