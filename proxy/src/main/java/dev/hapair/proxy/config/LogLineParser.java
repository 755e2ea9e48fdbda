package dev.hapair.proxy.config;

import dev.hapair.common.config.Suggestions;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** {@code log ADDR [len N] [format F] [sample R:S] FACILITY [LEVEL [MINLEVEL]]} (global and proxies). */
final class LogLineParser {

    static final List<String> FACILITIES = List.of(
            "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "auth2", "ftp", "ntp",
            "audit", "alert", "cron2", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7");
    static final List<String> LEVELS = List.of("emerg", "alert", "crit", "err", "warning", "notice", "info", "debug");
    private static final Set<String> FORMATS =
            Set.of("rfc3164", "rfc5424", "short", "raw", "iso", "local", "timed", "priority");

    private LogLineParser() {}

    /** HAProxy's bounds for {@code len}: a line shorter than 80 bytes could not even hold the header. */
    static final int MIN_LEN = 80;

    static final int MAX_LEN = 65535;

    private static int maxLength(String v) {
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < MIN_LEN || n > MAX_LEN) {
            throw new LineError("'len' expects a length between " + MIN_LEN + " and " + MAX_LEN + ", got '" + v + "'");
        }
        return n;
    }

    static LogTarget parse(ConfigLine line) {
        List<String> w = line.words();
        if (w.size() < 3) {
            throw new LineError("'log' expects either <address[:port]> and <facility> or 'global'");
        }
        String address = line.address(1);
        Integer len = null;
        String format = null;
        String sample = null;
        int i = 2;
        while (i < w.size()) {
            String k = w.get(i);
            if (k.equals("len") && i + 1 < w.size()) {
                len = maxLength(w.get(i + 1));
                i += 2;
            } else if (k.equals("format") && i + 1 < w.size()) {
                format = w.get(i + 1);
                if (!FORMATS.contains(format)) {
                    throw new LineError(
                            "unknown log format '" + format + "'" + Suggestions.didYouMean(format, FORMATS));
                }
                if (!format.equals("rfc3164") && !format.equals("raw")) {
                    // hapair writes RFC 3164 or raw lines only
                    throw NotSupported.error("log ... format " + format);
                }
                i += 2;
            } else if (k.equals("sample") && i + 1 < w.size()) {
                sample = w.get(i + 1);
                try {
                    dev.hapair.proxy.log.SampledLogSink.parseRanges(sample, new int[1]);
                } catch (IllegalArgumentException e) {
                    throw new LineError("'log ... sample': " + e.getMessage());
                }
                i += 2;
            } else {
                break;
            }
        }
        if (i >= w.size()) {
            throw new LineError("'log' expects a facility after the address");
        }
        String facility = w.get(i++);
        if (!FACILITIES.contains(facility)) {
            throw new LineError(
                    "unknown log facility '" + facility + "'" + Suggestions.didYouMean(facility, FACILITIES));
        }
        String level = i < w.size() ? w.get(i++) : null;
        String min = i < w.size() ? w.get(i++) : null;
        for (String l : new String[] {level, min}) {
            if (l != null && !LEVELS.contains(l)) {
                throw new LineError("unknown log level '" + l + "'" + Suggestions.didYouMean(l, LEVELS));
            }
        }
        if (i < w.size()) {
            throw new LineError("too many arguments to 'log' ('" + w.get(i) + "')");
        }

        return new LogTarget(
                address,
                facility,
                Optional.ofNullable(level),
                Optional.ofNullable(min),
                len == null ? OptionalInt.empty() : OptionalInt.of(len),
                Optional.ofNullable(format),
                line.location(),
                Optional.ofNullable(sample));
    }
}
