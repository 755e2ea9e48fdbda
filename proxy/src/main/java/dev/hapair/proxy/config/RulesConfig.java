package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A proxy's rule language settings: rule lines in order, error files, captures, unique id and log format.
 *
 * @param errorFiles by status: {@code errorfile}, {@code errorloc*} (the last line for a status wins)
 * @param errorFilesRefs {@code errorfiles NAME [CODE...]} in order
 * @param captures {@code capture request|response header NAME len N} in order (slot = index per direction)
 * @param responseInspectDelay {@code tcp-response inspect-delay}
 * @param errorLogFormat {@code error-log-format}: the line of a client connection that failed before a stream
 *     (a TLS handshake), instead of HAProxy's short fixed line
 */
public record RulesConfig(
        List<RuleLine> lines,
        Optional<Duration> inspectDelay,
        Map<Integer, ErrorFile> errorFiles,
        List<ErrorFilesRef> errorFilesRefs,
        List<Capture> captures,
        Optional<LogFormatLine> uniqueIdFormat,
        Optional<String> uniqueIdHeader,
        Optional<LogFormatLine> logFormat,
        Optional<Duration> responseInspectDelay,
        Optional<LogFormatLine> logFormatSd,
        Optional<LogFormatLine> errorLogFormat) {

    public static final RulesConfig EMPTY = new Builder().build();

    public RulesConfig {
        lines = List.copyOf(lines);
        errorFiles = Map.copyOf(errorFiles);
        errorFilesRefs = List.copyOf(errorFilesRefs);
        captures = List.copyOf(captures);
    }

    /** The rule lines of one family, in order. */
    public List<RuleLine> family(String family) {
        return lines.stream().filter(l -> l.family().equals(family)).toList();
    }

    /** {@code errorfile CODE FILE} ({@code kind} FILE) or {@code errorloc[302|303] CODE URL}. */
    public record ErrorFile(int status, Kind kind, String target, SourceLocation location) {
        public enum Kind {
            FILE,
            LOC302,
            LOC303
        }
    }

    /** {@code errorfiles NAME [CODE...]}: codes empty means every code the section defines. */
    public record ErrorFilesRef(String name, List<Integer> codes, SourceLocation location) {}

    /** {@code capture request|response header NAME len N}. */
    public record Capture(boolean request, String header, int length, SourceLocation location) {}

    /**
     * A log-format string with where it was written and which keyword wrote it ({@code option httpslog} falls
     * back to tcplog outside mode http, a {@code log-format} line does not).
     */
    public record LogFormatLine(String format, SourceLocation location, Origin origin) {
        /** The keyword a traffic log format came from. */
        public enum Origin {
            LOG_FORMAT,
            HTTPSLOG
        }

        /** A {@code log-format}-style line (also unique-id-format, error-log-format, dynamic names). */
        public LogFormatLine(String format, SourceLocation location) {
            this(format, location, Origin.LOG_FORMAT);
        }

        /** The line {@code option httpslog} stands for. */
        public static LogFormatLine httpslog(SourceLocation location) {
            return new LogFormatLine(HTTPS_LOG_FORMAT, location, Origin.HTTPSLOG);
        }

        /** {@code option tcplog}'s format (configuration manual 8.2.4), for HTTP streams of a mode http proxy. */
        public static final String TCP_LOG_FORMAT =
                "%ci:%cp [%t] %ft %b/%s %Tw/%Tc/%Tt %B %ts %ac/%fc/%bc/%sc/%rc %sq/%bq";

        /** {@code option httpslog}: HAProxy 2.6's HTTPS log format (configuration manual 8.2.4), exactly. */
        public static final String HTTPS_LOG_FORMAT = "%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC"
                + " %CS %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %hr %hs %{+Q}r"
                + " %[fc_err]/%[ssl_fc_err,hex]/%[ssl_c_err]/%[ssl_c_ca_err]/%[ssl_fc_is_resumed]"
                + " %[ssl_fc_sni]/%sslv/%sslc";

        /** Whether this is the line {@code option httpslog} set (it falls back to tcplog outside mode http). */
        public boolean httpslog() {
            return origin == Origin.HTTPSLOG;
        }
    }

    /**
     * The log-format the proxy uses in {@code mode}: {@code option httpslog} outside mode http is tcplog, as in
     * HAProxy (which warns), so no format then.
     */
    public Optional<LogFormatLine> logFormatIn(ProxyMode mode) {
        return logFormat().filter(f -> mode == ProxyMode.HTTP || !f.httpslog());
    }

    public static final class Builder {
        public final List<RuleLine> lines = new ArrayList<>();
        public Duration inspectDelay;
        public final Map<Integer, ErrorFile> errorFiles = new LinkedHashMap<>();
        public final List<ErrorFilesRef> errorFilesRefs = new ArrayList<>();
        public final List<Capture> captures = new ArrayList<>();
        public LogFormatLine uniqueIdFormat;
        public String uniqueIdHeader;
        public LogFormatLine logFormat;
        /** {@code log-format-sd}: checked; used by RFC 5424 log targets only, which hapair refuses. */
        public LogFormatLine logFormatSd;
        /** {@code tcp-response inspect-delay}. */
        public Duration responseInspectDelay;

        public LogFormatLine errorLogFormat;

        /** What a defaults section passes on (HAProxy: rules in named defaults only; all else always). */
        public Builder copy() {
            Builder b = new Builder();
            b.lines.addAll(lines);
            b.inspectDelay = inspectDelay;
            b.errorFiles.putAll(errorFiles);
            b.errorFilesRefs.addAll(errorFilesRefs);
            b.captures.addAll(captures);
            b.uniqueIdFormat = uniqueIdFormat;
            b.uniqueIdHeader = uniqueIdHeader;
            b.logFormat = logFormat;
            b.logFormatSd = logFormatSd;
            b.responseInspectDelay = responseInspectDelay;
            b.errorLogFormat = errorLogFormat;
            return b;
        }

        public RulesConfig build() {
            return new RulesConfig(
                    lines,
                    Optional.ofNullable(inspectDelay),
                    errorFiles,
                    errorFilesRefs,
                    captures,
                    Optional.ofNullable(uniqueIdFormat),
                    Optional.ofNullable(uniqueIdHeader),
                    Optional.ofNullable(logFormat),
                    Optional.ofNullable(responseInspectDelay),
                    Optional.ofNullable(logFormatSd),
                    Optional.ofNullable(errorLogFormat));
        }
    }
}
