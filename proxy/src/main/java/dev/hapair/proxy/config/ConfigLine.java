package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One logical line after lexing: its words (unquoted, unescaped, env-expanded inside double quotes), where it
 * was read, and the environment it was read with (for {@link #address}).
 */
public record ConfigLine(SourceLocation location, List<String> words, Function<String, String> env) {
    public ConfigLine {
        words = List.copyOf(words);
        Objects.requireNonNull(env, "env");
    }

    /** A line read without environment (unset variables expand to nothing). */
    public ConfigLine(SourceLocation location, List<String> words) {
        this(location, words, name -> null);
    }

    /**
     * Word {@code i} as an address ({@code bind}, {@code server}, {@code stats socket}, {@code log}): HAProxy
     * expands {@code $NAME} and {@code ${NAME}} in addresses even outside double quotes (an unset variable
     * expands to nothing), so {@code server s1 ${S1_ADDR}:${S1_PORT}} works unquoted.
     */
    public String address(int i) {
        return EndpointParser.expandEnv(arg(i), env);
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
