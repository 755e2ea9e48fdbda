package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.util.Objects;

/**
 * One error or warning about the configuration. {@link #format()} reads
 * {@code haproxy.cfg:12: unknown keyword 'balanse' in backend 'web' (did you mean 'balance'?)}.
 *
 * @param keyword the keyword the line starts with (or the offending word), "" when not applicable
 */
public record ConfigDiagnostic(Severity severity, SourceLocation location, String keyword, String message) {
    public ConfigDiagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(location, "location");
        keyword = keyword == null ? "" : keyword;
        Objects.requireNonNull(message, "message");
    }

    public static ConfigDiagnostic alert(SourceLocation at, String keyword, String message) {
        return new ConfigDiagnostic(Severity.ALERT, at, keyword, message);
    }

    public static ConfigDiagnostic warning(SourceLocation at, String keyword, String message) {
        return new ConfigDiagnostic(Severity.WARNING, at, keyword, message);
    }

    public boolean isError() {
        return severity == Severity.ALERT;
    }

    /** {@code file:line: message}, or just the message for diagnostics without a location. */
    public String format() {
        return location.equals(SourceLocation.NONE) ? message : location + ": " + message;
    }

    @Override
    public String toString() {
        return "[" + severity + "] " + format();
    }
}
