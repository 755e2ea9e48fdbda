package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.util.ArrayList;
import java.util.List;

/** Collects errors and warnings while a configuration is read. */
final class Diagnostics {
    private final List<ConfigDiagnostic> all = new ArrayList<>();

    void alert(SourceLocation at, String keyword, String message) {
        all.add(ConfigDiagnostic.alert(at, keyword, message));
    }

    void warn(SourceLocation at, String keyword, String message) {
        all.add(ConfigDiagnostic.warning(at, keyword, message));
    }

    void alert(ConfigLine line, String message) {
        alert(line.location(), line.keyword(), message);
    }

    void warn(ConfigLine line, String message) {
        warn(line.location(), line.keyword(), message);
    }

    boolean hasErrors() {
        return all.stream().anyMatch(ConfigDiagnostic::isError);
    }

    List<ConfigDiagnostic> all() {
        return List.copyOf(all);
    }

    List<ConfigDiagnostic> warnings() {
        return all.stream().filter(d -> !d.isError()).toList();
    }
}
