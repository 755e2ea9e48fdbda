package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.util.Map;

/** An {@code http-errors NAME} section: {@code errorfile CODE FILE} lines by status. */
public record HttpErrorsConfig(String name, Map<Integer, RulesConfig.ErrorFile> files, SourceLocation location) {
    public HttpErrorsConfig {
        files = Map.copyOf(files);
    }
}
