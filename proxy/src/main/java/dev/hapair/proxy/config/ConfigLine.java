package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.util.List;

/** One logical line after lexing: its words (unquoted, unescaped, env-expanded) and where it was read. */
public record ConfigLine(SourceLocation location, List<String> words) {
    public ConfigLine {
        words = List.copyOf(words);
    }

    public String keyword() {
        return words.isEmpty() ? "" : words.get(0);
    }

    public int size() {
        return words.size();
    }

    /** Word {@code i}, or "" past the end (HAProxy's args[] are empty strings past the end too). */
    public String arg(int i) {
        return i < words.size() ? words.get(i) : "";
    }

    public List<String> from(int i) {
        return i >= words.size() ? List.of() : words.subList(i, words.size());
    }
}
