package dev.hapair.vrrp.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads keepalived.conf in three passes — lex (file and line kept, includes expanded), parse (one keyword table
 * per section builds drafts), resolve (defaults, references, conflicts) — and returns the model with every
 * diagnostic. The same path serves {@code hapair-vrrp -t}, start-up and SIGHUP reload. Never throws on bad input.
 */
public final class KeepalivedConfigParser {
    private KeepalivedConfigParser() {}

    /**
     * Parses a file; includes are relative to the directory of the file that includes them. Conditional lines
     * ({@code @ID}) use {@link #defaultConfigId()}, as keepalived without {@code -i}.
     */
    public static ConfigResult parse(Path file) {
        return parse(file, defaultConfigId());
    }

    /** As {@link #parse(Path)} with keepalived's {@code -i CONFIG_ID} for {@code @ID} / {@code @^ID} lines. */
    public static ConfigResult parse(Path file, String configId) {
        return parse(file, configId, System::getenv);
    }

    /** As {@link #parse(Path, String)}, with {@code ${_ENV NAME}} answered by {@code environment}. */
    static ConfigResult parse(Path file, String configId, Function<String, String> environment) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        KeepalivedLexer lexer = new KeepalivedLexer(diagnostics, configId, environment);
        List<Token> tokens = lexer.lexFile(file);
        return finish(tokens, lexer.files(), diagnostics);
    }

    /**
     * Parses text that is not in a file (tests, inline configs). {@code name} is printed in diagnostics;
     * includes resolve against {@code baseDir}.
     */
    public static ConfigResult parse(String text, String name, Path baseDir) {
        return parse(text, name, baseDir, defaultConfigId());
    }

    /** As {@link #parse(String, String, Path)} with an explicit config id. */
    public static ConfigResult parse(String text, String name, Path baseDir, String configId) {
        return parse(text, name, baseDir, configId, System::getenv);
    }

    /** As {@link #parse(String, String, Path, String)}, with {@code ${_ENV NAME}} answered by {@code environment}. */
    static ConfigResult parse(
            String text, String name, Path baseDir, String configId, Function<String, String> environment) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        KeepalivedLexer lexer = new KeepalivedLexer(diagnostics, configId, environment);
        List<Token> tokens =
                lexer.lexString(text, name, baseDir.toAbsolutePath().normalize());
        return finish(tokens, lexer.files(), diagnostics);
    }

    /** As {@link #parse(String, String, Path)} with includes relative to the working directory. */
    public static ConfigResult parse(String text, String name) {
        return parse(text, name, Path.of(""));
    }

    /** The model, or a {@link ConfigException} listing every diagnostic when the file has errors. */
    public static KeepalivedConfig load(Path file) throws ConfigException {
        return parse(file).orThrow();
    }

    /**
     * keepalived's default config id: the host name up to the first dot. Read from the kernel, never from DNS.
     */
    public static String defaultConfigId() {
        String host;
        try {
            host = java.nio.file.Files.readString(Path.of("/proc/sys/kernel/hostname"))
                    .trim();
        } catch (java.io.IOException | RuntimeException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
        int dot = host.indexOf('.');
        return dot < 0 ? host : host.substring(0, dot);
    }

    private static ConfigResult finish(List<Token> tokens, List<String> files, List<Diagnostic> diagnostics) {
        boolean unreadable =
                diagnostics.stream().anyMatch(d -> d.isError() && d.location().line() == 0);
        if (unreadable) {
            return new ConfigResult(Optional.empty(), diagnostics);
        }
        List<ConfigNode> nodes = new ConfigTreeBuilder(diagnostics).build(tokens);
        ConfigDraft draft = new ConfigDraft();
        ParseContext ctx = new ParseContext(diagnostics);
        TopLevelKeywords.TABLE.apply(nodes, draft, ctx, "top level");
        KeepalivedConfig config = new ConfigResolver(diagnostics).resolve(draft, files);
        List<Diagnostic> ordered = new ArrayList<>(diagnostics);
        // File order, then line: what an operator reading the file top to bottom expects (the sort is stable).
        ordered.sort(Comparator.comparingInt(
                        (Diagnostic d) -> fileIndex(files, d.location().file()))
                .thenComparingInt(d -> d.location().line()));
        boolean errors = ordered.stream().anyMatch(Diagnostic::isError);
        return new ConfigResult(errors ? Optional.empty() : Optional.of(config), ordered);
    }

    private static int fileIndex(List<String> files, String file) {
        int i = files.indexOf(file);
        return i < 0 ? Integer.MAX_VALUE : i;
    }
}
