package dev.hapair.proxy.config;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration has at least one error; carries every diagnostic found (errors and warnings). */
public final class ConfigException extends Exception {
    private final transient List<ConfigDiagnostic> diagnostics;

    public ConfigException(List<ConfigDiagnostic> diagnostics) {
        super(diagnostics.stream()
                .filter(ConfigDiagnostic::isError)
                .map(ConfigDiagnostic::format)
                .collect(Collectors.joining("\n")));
        this.diagnostics = List.copyOf(diagnostics);
    }

    public ConfigException(ConfigDiagnostic error) {
        this(List.of(error));
    }

    /** Errors and warnings, in the order they were found. */
    public List<ConfigDiagnostic> diagnostics() {
        return diagnostics;
    }

    public List<ConfigDiagnostic> errors() {
        return diagnostics.stream().filter(ConfigDiagnostic::isError).toList();
    }

    public List<ConfigDiagnostic> warnings() {
        return diagnostics.stream().filter(d -> !d.isError()).toList();
    }
}
