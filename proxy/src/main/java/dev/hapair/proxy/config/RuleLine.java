package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.util.List;
import java.util.Optional;

/**
 * One rule line of the rule language, kept as words: {@code http-request set-header X-A %[src] if ok} is
 * family {@code http-request}, action {@code set-header}, args {@code [X-A, %[src]]}. The action is compiled
 * (and fully checked) by the rules engine; the parser only checks that the family and action exist.
 *
 * @param family {@code http-request}, {@code http-response}, {@code http-after-response},
 *               {@code tcp-request connection}, {@code tcp-request session}, {@code tcp-request content},
 *               {@code tcp-response content}
 */
public record RuleLine(
        String family, String action, List<String> args, Optional<Condition> condition, SourceLocation location) {
    public RuleLine {
        args = List.copyOf(args);
    }
}
