package dev.hapair.vrrp.config;

import java.util.List;
import java.util.Optional;

/**
 * Outcome of parsing and resolving a keepalived.conf: the model when there is no error, and every
 * diagnostic (errors and warnings) in file order.
 */
public record ConfigResult(Optional<KeepalivedConfig> config, List<Diagnostic> diagnostics) {
    public ConfigResult {
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> !d.isError()).toList();
    }

    /** The model, or a {@link ConfigException} carrying the diagnostics when the file has errors. */
    public KeepalivedConfig orThrow() throws ConfigException {
        if (hasErrors() || config.isEmpty()) {
            throw new ConfigException(diagnostics);
        }
        return config.get();
    }
}
