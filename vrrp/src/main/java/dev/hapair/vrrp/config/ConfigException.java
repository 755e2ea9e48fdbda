package dev.hapair.vrrp.config;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown by {@link KeepalivedConfigParser#load} when the file has errors; carries every diagnostic. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<Diagnostic> diagnostics;

    public ConfigException(List<Diagnostic> diagnostics) {
        super(diagnostics.stream()
                .filter(Diagnostic::isError)
                .map(Diagnostic::toString)
                .collect(Collectors.joining("\n")));
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
