package dev.hapair.proxy.rules;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.proxy.config.HttpErrorsConfig;
import dev.hapair.proxy.config.RuleLine;
import dev.hapair.proxy.config.RulesConfig;
import dev.hapair.proxy.http.ErrorPages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The error responses of one proxy: HAProxy's built-in pages, replaced per status by {@code errorfile},
 * {@code errorloc*} and {@code errorfiles} (from {@code http-errors} sections). Loaded once at
 * configuration time; a missing or malformed file is a configuration error.
 */
public final class ErrorReplies {

    public static final ErrorReplies DEFAULT = new ErrorReplies(Map.of());

    /** Builds a reply for one stream ({@code http-error} replies may render log-format strings). */
    @FunctionalInterface
    public interface ReplyFn {
        LocalReply build(Txn t);
    }

    /** A stream with no data, for replies built outside a transaction. */
    private static final Txn NO_STREAM = new Txn() {};

    private final Map<Integer, ReplyFn> custom;

    private ErrorReplies(Map<Integer, ReplyFn> custom) {
        this.custom = Map.copyOf(custom);
    }

    /** The reply for {@code status}: a configured one, else the built-in page (500's for unknown codes). */
    public LocalReply reply(int status) {
        LocalReply r = configured(status);
        return r != null ? r : builtIn(status);
    }

    /** Only a configured reply, or null. */
    public LocalReply configured(int status) {
        return configured(status, null);
    }

    /** Only a configured reply for stream {@code t} (null: none), or null. */
    public LocalReply configured(int status, Txn t) {
        ReplyFn f = custom.get(status);
        return f == null ? null : f.build(t == null ? NO_STREAM : t);
    }

    /** The configured reply builder for {@code status}, or null. */
    public ReplyFn configuredFn(int status) {
        return custom.get(status);
    }

    public static LocalReply builtIn(int status) {
        int code = ErrorPages.CODES.contains(status) ? status : 500;
        byte[] body = ErrorPages.bodyOf(code).getBytes(StandardCharsets.US_ASCII);
        return new LocalReply(
                code,
                ErrorPages.reasonOf(code),
                List.of(
                        LocalReply.header("content-length", Integer.toString(body.length)),
                        LocalReply.header("cache-control", "no-cache"),
                        LocalReply.header("content-type", "text/html")),
                body);
    }

    /**
     * @param sections the {@code http-errors} sections of the configuration, by name
     */
    public static ErrorReplies of(RulesConfig rules, Map<String, HttpErrorsConfig> sections) throws RuleException {
        return of(rules, sections, Map.of());
    }

    /**
     * The replies of a proxy: {@code errorfile}/{@code errorloc*} lines, {@code errorfiles} references and
     * {@code http-error} replies ({@code httpErrors}, by line), applied in configuration order so that the
     * last one written for a status wins (inherited defaults lines come first), as in HAProxy.
     */
    public static ErrorReplies of(
            RulesConfig rules,
            Map<String, HttpErrorsConfig> sections,
            Map<RuleLine, Map.Entry<Integer, ReplyFn>> httpErrors)
            throws RuleException {
        record Step(
                SourceLocation at,
                RulesConfig.ErrorFilesRef ref,
                RulesConfig.ErrorFile file,
                Map.Entry<Integer, ReplyFn> reply) {}
        List<Step> steps = new ArrayList<>();
        for (RulesConfig.ErrorFilesRef ref : rules.errorFilesRefs()) {
            steps.add(new Step(ref.location(), ref, null, null));
        }
        for (RulesConfig.ErrorFile f : rules.errorFiles().values()) {
            steps.add(new Step(f.location(), null, f, null));
        }
        for (Map.Entry<RuleLine, Map.Entry<Integer, ReplyFn>> h : httpErrors.entrySet()) {
            steps.add(new Step(h.getKey().location(), null, null, h.getValue()));
        }
        if (steps.stream().map(x -> x.at().file()).distinct().count() <= 1) {
            steps.sort(java.util.Comparator.comparingInt(x -> x.at().line()));
        }
        Map<Integer, ReplyFn> custom = new HashMap<>();
        for (Step st : steps) {
            if (st.file() != null) {
                LocalReply r = load(st.file());
                custom.put(st.file().status(), t -> r);
            } else if (st.reply() != null) {
                custom.put(st.reply().getKey(), st.reply().getValue());
            } else {
                RulesConfig.ErrorFilesRef ref = st.ref();
                HttpErrorsConfig sec = sections.get(ref.name());
                if (sec == null) {
                    throw new RuleException(
                            ref.location(),
                            "errorfiles",
                            "errorfiles: unknown http-errors section '" + ref.name() + "'"
                                    + dev.hapair.common.config.Suggestions.didYouMean(ref.name(), sections.keySet()));
                }
                for (RulesConfig.ErrorFile f : sec.files().values()) {
                    if (ref.codes().isEmpty() || ref.codes().contains(f.status())) {
                        LocalReply r = load(f);
                        custom.put(f.status(), t -> r);
                    }
                }
            }
        }
        return new ErrorReplies(custom);
    }

    static LocalReply load(RulesConfig.ErrorFile f) throws RuleException {
        switch (f.kind()) {
            case LOC302:
            case LOC303: {
                int code = f.kind() == RulesConfig.ErrorFile.Kind.LOC302 ? 302 : 303;
                return new LocalReply(
                        code,
                        code == 302 ? "Found" : "See Other",
                        List.of(
                                LocalReply.header("content-length", "0"),
                                LocalReply.header("location", f.target()),
                                LocalReply.header("cache-control", "no-cache")),
                        new byte[0]);
            }
            default: {
                byte[] raw;
                try {
                    raw = Files.readAllBytes(Path.of(f.target()));
                } catch (IOException e) {
                    throw new RuleException(
                            f.location(),
                            "errorfile",
                            "errorfile: cannot read '" + f.target() + "': " + e.getMessage());
                }
                try {
                    return parseResponse(raw);
                } catch (IllegalArgumentException e) {
                    throw new RuleException(
                            f.location(), "errorfile", "errorfile '" + f.target() + "': " + e.getMessage());
                }
            }
        }
    }

    /**
     * Parses a raw HTTP/1 response (an error file). Header lines are kept in order and spelling;
     * {@code connection} lines are dropped (the proxy decides) and {@code content-length} is set to the
     * body's actual length, so the file's body reaches the client byte for byte.
     */
    public static LocalReply parseResponse(byte[] raw) {
        if (raw.length == 0) {
            return LocalReply.SILENT; // an empty file (/dev/null): close without answering, as HAProxy
        }
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        int sep = 4;
        if (end < 0) {
            end = text.indexOf("\n\n");
            sep = 2;
        }
        if (end < 0) {
            throw new IllegalArgumentException("not an HTTP response: no empty line after the headers");
        }
        String[] lines = text.substring(0, end).split("\r?\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.") || !status[1].matches("[0-9]{3}")) {
            throw new IllegalArgumentException("not an HTTP response: bad status line '" + lines[0] + "'");
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        byte[] body = java.util.Arrays.copyOfRange(raw, end + sep, raw.length);
        boolean length = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("malformed header line '" + lines[i] + "'");
            }
            String name = lines[i].substring(0, colon).strip();
            String value = lines[i].substring(colon + 1).strip();
            if (name.equalsIgnoreCase("connection")) {
                continue;
            }
            if (name.equalsIgnoreCase("content-length")) {
                value = Integer.toString(body.length);
                length = true;
            }
            headers.add(LocalReply.header(name, value));
        }
        if (!length) {
            headers.add(LocalReply.header("content-length", Integer.toString(body.length)));
        }
        return new LocalReply(Integer.parseInt(status[1]), status.length > 2 ? status[2] : "", headers, body);
    }
}
