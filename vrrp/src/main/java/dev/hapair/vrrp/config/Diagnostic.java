package dev.hapair.vrrp.config;

import dev.hapair.common.config.SourceLocation;
import java.util.Objects;

/**
 * One finding of the config check. Errors make the file invalid (the daemon refuses it, {@code -t} exits
 * non-zero); warnings are printed and the file is used.
 */
public record Diagnostic(Severity severity, SourceLocation location, String message) {
    public enum Severity {
        ERROR,
        WARNING
    }

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
    }

    public static Diagnostic error(SourceLocation at, String message) {
        return new Diagnostic(Severity.ERROR, at, message);
    }

    public static Diagnostic warning(SourceLocation at, String message) {
        return new Diagnostic(Severity.WARNING, at, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line: message} for errors, {@code file:line: warning: message} for warnings. */
    @Override
    public String toString() {
        return severity == Severity.ERROR ? location + ": " + message : location + ": warning: " + message;
    }
}
