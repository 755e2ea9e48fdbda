package dev.hapair.vrrp.config;

import dev.hapair.common.config.SourceLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * First pass: text to tokens, each carrying file and line. Handles {@code !} and {@code #} comments anywhere
 * on a line, double-quoted strings (with shell-like escapes, adjacent parts joined as keepalived does), braces
 * glued to words, and {@code include} lines, expanded in place with glob patterns relative to the directory of
 * the including file. keepalived's {@code ${_ENV NAME}} is expanded first ({@link PredefinedDefinitions}).
 */
final class KeepalivedLexer {
    private static final Set<String> INCLUDE_KEYWORDS =
            Set.of("include", "includer", "includem", "includew", "includeb", "includea");
    private static final int MAX_INCLUDE_DEPTH = 32;

    private final List<Diagnostic> diagnostics;
    private final List<String> files = new ArrayList<>();
    private final Deque<Path> includeStack = new ArrayDeque<>();

    private final String configId;
    private final PredefinedDefinitions definitions;

    /**
     * {@code configId} selects keepalived's conditional lines: {@code @ID ...} kept, {@code @^ID ...} dropped;
     * {@code environment} answers {@code ${_ENV NAME}} (null when NAME is not set).
     */
    KeepalivedLexer(List<Diagnostic> diagnostics, String configId, Function<String, String> environment) {
        this.diagnostics = diagnostics;
        this.configId = configId;
        this.definitions = new PredefinedDefinitions(environment);
    }

    /** Every file read, in reading order (the main file first). */
    List<String> files() {
        return files;
    }

    List<Token> lexFile(Path file) {
        List<Token> out = new ArrayList<>();
        String text;
        try {
            text = read(file);
        } catch (IOException | RuntimeException e) {
            diagnostics.add(Diagnostic.error(
                    new SourceLocation(file.toString(), 0), "cannot read configuration file: " + describe(e)));
            return out;
        }
        Path real = file.toAbsolutePath().normalize();
        includeStack.push(real);
        try {
            lexText(text, file.toString(), real.getParent(), out);
        } finally {
            includeStack.pop();
        }
        return out;
    }

    /** Lexes text that did not come from a file; includes resolve against {@code baseDir}. */
    List<Token> lexString(String text, String name, Path baseDir) {
        List<Token> out = new ArrayList<>();
        lexText(text, name, baseDir, out);
        return out;
    }

    private void lexText(String text, String name, Path dir, List<Token> out) {
        files.add(name);
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            SourceLocation at = new SourceLocation(name, i + 1);
            String line = definitions.expand(lines[i], at, diagnostics);
            // Include patterns may hold csh brace expressions, so braces are plain characters on those lines.
            List<Token> tokens = conditional(lexLine(line, at, isIncludeLine(line)));
            if (!tokens.isEmpty()
                    && !tokens.get(0).quoted()
                    && INCLUDE_KEYWORDS.contains(tokens.get(0).text())) {
                include(tokens, dir, at, out);
            } else {
                out.addAll(tokens);
            }
        }
    }

    /**
     * keepalived's conditional configuration: a line starting {@code @ID} is read only when the config id is ID,
     * one starting {@code @^ID} only when it is not; the marker itself is dropped.
     */
    private List<Token> conditional(List<Token> tokens) {
        if (tokens.isEmpty() || tokens.get(0).quoted() || !tokens.get(0).text().startsWith("@")) {
            return tokens;
        }
        String marker = tokens.get(0).text().substring(1);
        boolean negated = marker.startsWith("^");
        String id = negated ? marker.substring(1) : marker;
        boolean keep = negated != id.equals(configId);
        return keep ? tokens.subList(1, tokens.size()) : List.of();
    }

    private static boolean isIncludeLine(String line) {
        String trimmed = line.stripLeading();
        if (trimmed.startsWith("@")) {
            int space = trimmed.indexOf(' ') < 0 ? trimmed.indexOf('\t') : trimmed.indexOf(' ');
            trimmed = space < 0 ? "" : trimmed.substring(space).stripLeading();
        }
        for (String keyword : INCLUDE_KEYWORDS) {
            if (trimmed.startsWith(keyword)
                    && trimmed.length() > keyword.length()
                    && Character.isWhitespace(trimmed.charAt(keyword.length()))) {
                return true;
            }
        }
        return false;
    }

    private List<Token> lexLine(String line, SourceLocation at, boolean bracesAreWords) {
        List<Token> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        boolean quotedWord = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                int end = readQuoted(line, i + 1, word, at);
                inWord = true;
                quotedWord = true;
                i = end;
                continue;
            }
            boolean brace = !bracesAreWords && (c == '{' || c == '}');
            if (c == '#' || c == '!' || Character.isWhitespace(c) || brace) {
                if (inWord) {
                    tokens.add(new Token(word.toString(), quotedWord, at));
                    word.setLength(0);
                    inWord = false;
                    quotedWord = false;
                }
                if (c == '#' || c == '!') {
                    break;
                }
                if (brace) {
                    tokens.add(new Token(String.valueOf(c), false, at));
                }
                i++;
                continue;
            }
            word.append(c);
            inWord = true;
            i++;
        }
        if (inWord) {
            tokens.add(new Token(word.toString(), quotedWord, at));
        }
        return tokens;
    }

    /** Reads a quoted part starting after the opening quote; returns the index after the closing quote. */
    private int readQuoted(String line, int from, StringBuilder word, SourceLocation at) {
        int i = from;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < line.length()) {
                char n = line.charAt(i + 1);
                switch (n) {
                    case 'n' -> word.append('\n');
                    case 't' -> word.append('\t');
                    case 'r' -> word.append('\r');
                    default -> word.append(n);
                }
                i += 2;
                continue;
            }
            word.append(c);
            i++;
        }
        diagnostics.add(Diagnostic.error(at, "unterminated quoted string"));
        return i;
    }

    private void include(List<Token> tokens, Path dir, SourceLocation at, List<Token> out) {
        String keyword = tokens.get(0).text();
        if (tokens.size() < 2) {
            diagnostics.add(Diagnostic.error(at, "'" + keyword + "' needs a file name or pattern"));
            return;
        }
        if (includeStack.size() > MAX_INCLUDE_DEPTH) { // the main file is on the stack too
            diagnostics.add(Diagnostic.error(at, "includes nested deeper than " + MAX_INCLUDE_DEPTH));
            return;
        }
        for (Token pattern : tokens.subList(1, tokens.size())) {
            List<Path> matches = expand(pattern.text(), dir, at);
            if (matches.isEmpty()) {
                diagnostics.add(Diagnostic.warning(at, keyword + " '" + pattern.text() + "' matched no file"));
            }
            for (Path file : matches) {
                Path real = file.toAbsolutePath().normalize();
                if (includeStack.contains(real)) {
                    diagnostics.add(Diagnostic.error(
                            at, keyword + " '" + pattern.text() + "' includes " + file + " again (include loop)"));
                    continue;
                }
                includeStack.push(real);
                try {
                    String text = read(file);
                    lexText(text, file.toString(), real.getParent(), out);
                } catch (IOException | RuntimeException e) {
                    diagnostics.add(Diagnostic.error(
                            at, keyword + " '" + pattern.text() + "': cannot read " + file + ": " + describe(e)));
                } finally {
                    includeStack.pop();
                }
            }
        }
    }

    /** Expands a glob (or plain name) relative to {@code dir}; matches sorted by name, as glob(3) returns them. */
    private List<Path> expand(String pattern, Path dir, SourceLocation at) {
        Path base = dir == null ? Path.of("") : dir;
        Path whole = base.resolve(pattern).normalize();
        if (!hasGlob(pattern)) {
            return Files.isRegularFile(whole) ? List.of(whole) : List.of();
        }
        // Walk from the deepest directory that contains no wildcard, as far down as the pattern reaches.
        Path root = whole.getRoot() == null ? Path.of("") : whole.getRoot();
        int depth = 0;
        Path fixed = root;
        boolean fixedPart = true;
        for (Path part : whole) {
            if (fixedPart && !hasGlob(part.toString())) {
                fixed = fixed.resolve(part);
            } else {
                fixedPart = false;
                depth++;
            }
        }
        if (!Files.isDirectory(fixed)) {
            return List.of();
        }
        PathMatcher matcher;
        try {
            matcher = FileSystems.getDefault().getPathMatcher("glob:" + whole.toString());
        } catch (IllegalArgumentException e) {
            diagnostics.add(Diagnostic.error(at, "invalid include pattern '" + pattern + "': " + e.getMessage()));
            return List.of();
        }
        Path start = fixed;
        int levels = depth;
        try (Stream<Path> walk = Files.walk(start, levels)) {
            return walk.filter(p -> p.getNameCount() - start.getNameCount() == levels)
                    .filter(matcher::matches)
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException | RuntimeException e) {
            diagnostics.add(Diagnostic.error(at, "cannot expand include pattern '" + pattern + "': " + describe(e)));
            return List.of();
        }
    }

    /** UTF-8, leniently: a Latin-1 comment in an old config must not make the whole file unreadable. */
    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    private static boolean hasGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
    }

    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }
}
