package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads crt-list files as HAProxy 2.6 does: one certificate per line, {@code <crtfile> [\[<sslbindconf>
 * ...\]] [[!]<snifilter> ...]}; empty lines and lines starting with '#' are skipped. Every problem is a
 * {@link CrtListException} naming the file and line; a word HAProxy accepts in the brackets that hapair does
 * not implement is one too (fail closed).
 */
public final class CrtListFile {

    /** HAProxy's CRT_LINESIZE: longer lines are refused. */
    static final int MAX_LINE = 65535;

    static final KeywordTable<OptionWord<CrtLineOptions.Draft>> OPTIONS = optionsTable();

    private CrtListFile() {}

    private static KeywordTable<OptionWord<CrtLineOptions.Draft>> optionsTable() {
        KeywordTable<OptionWord<CrtLineOptions.Draft>> t = new KeywordTable<>("crt-list", CrtListFile::handleOption);
        t.implemented("alpn", 1);
        t.implemented("ca-file", 1);
        t.implemented("ca-verify-file", 1);
        t.implemented("crl-file", 1);
        t.implemented("ciphers", 1);
        t.implemented("ciphersuites", 1);
        t.implemented("curves", 1);
        t.implemented("ecdhe", 1);
        t.implemented("verify", 1);
        t.implemented("ssl-min-ver", 1);
        t.implemented("ssl-max-ver", 1);
        t.tuning();
        t.unsupported("no-ca-names", 0);
        t.unsupported("npn", 1);
        return t;
    }

    /** The implemented keywords of {@link #optionsTable}: one switch instead of a lambda each (KeywordTable.Dispatcher). */
    private static void handleOption(String keyword, OptionWord<CrtLineOptions.Draft> o, ConfigLine l) {
        switch (keyword) {
            case "alpn" -> o.target().alpn = BindKeywords.alpn(o.value());
            case "ca-file" -> o.target().caFile = o.value();
            case "ca-verify-file" -> o.target().caVerifyFile = o.value();
            case "crl-file" -> o.target().crlFile = o.value();
            case "ciphers" -> o.target().ciphers = o.value();
            case "ciphersuites" -> o.target().ciphersuites = o.value();
            case "curves" -> o.target().curves = o.value();
            case "ecdhe" -> {
                if (o.target().curves == null) { // "When curves is set, ecdhe is ignored"
                    o.target().curves = o.value();
                }
            }
            case "verify" -> o.target().verify = BindKeywords.verify(o.value());
            case "ssl-min-ver" -> o.target().minVer = SslOptions.minVersion(o.value());
            case "ssl-max-ver" -> o.target().maxVer = SslOptions.version(o.value());
            default -> throw KeywordTable.noCase(keyword);
        }
    }

    /**
     * Every entry of {@code file}, in order.
     *
     * @param warnings receives a warning naming the crt-list file and line for each tuning knob of a line
     *                 ({@code allow-0rtt}), as the same word on a bind line gets
     */
    public static List<CrtListEntry> read(Path file, List<ConfigDiagnostic> warnings) throws CrtListException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CrtListException("cannot open crt-list '" + file + "': no such file");
        } catch (IOException e) {
            throw new CrtListException("cannot read crt-list '" + file + "': " + e.getMessage());
        }
        List<CrtListEntry> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            if (text.startsWith("#")) {
                continue;
            }
            parseLine(text, new SourceLocation(file.toString(), i + 1), warnings)
                    .ifPresent(out::add);
        }
        return out;
    }

    /**
     * One crt-list line (also what {@code add ssl crt-list} receives); empty for a blank line.
     *
     * @param at       the file and line, for messages
     * @param warnings receives the line's warnings (see {@link #read})
     */
    public static java.util.Optional<CrtListEntry> parseLine(
            String text, SourceLocation at, List<ConfigDiagnostic> warnings) throws CrtListException {
        String where = "crt-list " + at.file() + ":" + at.line();
        if (text.length() > MAX_LINE) {
            throw new CrtListException(where + ": line too long, limit is " + MAX_LINE + " characters");
        }
        List<String> words = new ArrayList<>();
        int open = -1; // index in words of the first word inside '['
        int close = -1; // index in words after the last word inside ']'
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            boolean separator = Character.isWhitespace(c) || c == '[' || c == ']' || c == '\r';
            if (separator && cur.length() > 0) {
                words.add(cur.toString());
                cur.setLength(0);
            }
            if (c == '[') {
                if (open >= 0) {
                    throw new CrtListException(where + ": too many '['");
                }
                if (words.isEmpty()) {
                    throw new CrtListException(where + ": the line must start with a certificate file");
                }
                open = words.size();
            } else if (c == ']') {
                if (close >= 0) {
                    throw new CrtListException(where + ": too many ']'");
                }
                if (open < 0) {
                    throw new CrtListException(where + ": missing '['");
                }
                close = words.size();
            } else if (!separator) {
                cur.append(c);
            }
        }
        if (open >= 0 && close < 0) {
            throw new CrtListException(where + ": missing ']'");
        }
        if (words.isEmpty()) {
            return java.util.Optional.empty();
        }
        CrtLineOptions options = CrtLineOptions.NONE;
        int filtersFrom = 1;
        if (open >= 0) {
            if (open != 1) {
                throw new CrtListException(where + ": '[' must follow the certificate file");
            }
            CrtLineOptions.Draft d = new CrtLineOptions.Draft();
            ConfigLine line = new ConfigLine(at, words.subList(0, close));
            Diagnostics diagnostics = new Diagnostics();
            try {
                OptionParsing.apply(OPTIONS, d, line, 1, where, diagnostics);
                warnings.addAll(diagnostics.warnings());
            } catch (LineError e) {
                throw new CrtListException(
                        e.getMessage().startsWith("crt-list") ? e.getMessage() : where + ": " + e.getMessage());
            }
            options = d.build();
            filtersFrom = close;
        }
        List<String> filters = words.subList(filtersFrom, words.size());
        for (String f : filters) {
            String name = f.startsWith("!") ? f.substring(1) : f;
            if (name.isEmpty() || (name.startsWith("*") && !name.equals("*") && !name.startsWith("*."))) {
                throw new CrtListException(where + ": invalid SNI filter '" + f + "'");
            }
        }
        return java.util.Optional.of(new CrtListEntry(words.get(0), options, filters, text.strip(), at));
    }
}
