package dev.hapair.proxy.rules;

import dev.hapair.proxy.config.HttpErrorsConfig;
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

    private final Map<Integer, LocalReply> custom;

    private ErrorReplies(Map<Integer, LocalReply> custom) {
        this.custom = Map.copyOf(custom);
    }

    /** The reply for {@code status}: a configured one, else the built-in page (500's for unknown codes). */
    public LocalReply reply(int status) {
        LocalReply r = custom.get(status);
        return r != null ? r : builtIn(status);
    }

    /** Only a configured reply, or null. */
    public LocalReply configured(int status) {
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
        Map<Integer, LocalReply> custom = new HashMap<>();
        for (RulesConfig.ErrorFilesRef ref : rules.errorFilesRefs()) {
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
                    custom.put(f.status(), load(f));
                }
            }
        }
        // errorfile/errorloc lines of the proxy itself take precedence over errorfiles
        for (RulesConfig.ErrorFile f : rules.errorFiles().values()) {
            custom.put(f.status(), load(f));
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
