package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Entry point: reads haproxy.cfg files (lex, parse, resolve) into a validated {@link HaproxyConfig}.
 * Files are read in the order given; a directory contributes its {@code *.cfg} files in lexical order
 * (hidden files skipped), as {@code haproxy -f DIR} does.
 */
public final class HaproxyConfigLoader {

    private final Map<String, String> environment;

    /** Expands {@code "${VAR}"} from the process environment. */
    public HaproxyConfigLoader() {
        this(System.getenv());
    }

    public HaproxyConfigLoader(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** Loads and validates files and directories. Unreadable files are reported as errors too. */
    public HaproxyConfig load(List<Path> paths) throws ConfigException {
        List<ConfigDiagnostic> ioErrors = new ArrayList<>();
        HaproxyParser parser = new HaproxyParser(environment);
        if (paths.isEmpty()) {
            throw new ConfigException(
                    ConfigDiagnostic.alert(SourceLocation.NONE, "", "No configuration file specified (use -f FILE)"));
        }
        for (Path p : paths) {
            List<Path> files;
            try {
                files = expand(p);
            } catch (IOException e) {
                ioErrors.add(ConfigDiagnostic.alert(
                        SourceLocation.NONE, "", "Could not open configuration file " + p + " : " + reason(e)));
                continue;
            }
            for (Path f : files) {
                try {
                    parser.parse(f.toString(), stripBom(Files.readString(f, StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    ioErrors.add(ConfigDiagnostic.alert(
                            SourceLocation.NONE, "", "Could not open configuration file " + f + " : " + reason(e)));
                }
            }
        }
        if (!ioErrors.isEmpty()) {
            List<ConfigDiagnostic> all = new ArrayList<>(ioErrors);
            all.addAll(parser.diagnostics().all());
            throw new ConfigException(all);
        }
        return ConfigResolver.resolve(parser);
    }

    public HaproxyConfig load(Path... paths) throws ConfigException {
        return load(List.of(paths));
    }

    /** Parses in-memory content (tests, runtime API); {@code fileName} names it in diagnostics. */
    public HaproxyConfig parse(String fileName, String content) throws ConfigException {
        HaproxyParser parser = new HaproxyParser(environment);
        parser.parse(fileName, content);
        return ConfigResolver.resolve(parser);
    }

    /** A file as is; a directory as its {@code *.cfg} regular files sorted lexically. */
    public static List<Path> expand(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            if (!Files.isReadable(path)) {
                throw new java.nio.file.NoSuchFileException(path.toString());
            }
            return List.of(path);
        }
        try (Stream<Path> s = Files.list(path)) {
            return s.filter(f -> {
                        String n = f.getFileName().toString();
                        return n.endsWith(".cfg") && !n.startsWith(".") && Files.isRegularFile(f);
                    })
                    .sorted((a, b) ->
                            a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .toList();
        }
    }

    /** Editors on some systems save a UTF-8 byte order mark, which would glue onto the first keyword. */
    private static String stripBom(String content) {
        return content.startsWith("\uFEFF") ? content.substring(1) : content;
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "Permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
