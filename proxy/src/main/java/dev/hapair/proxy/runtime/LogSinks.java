package dev.hapair.proxy.runtime;

import dev.hapair.proxy.config.LogTarget;
import dev.hapair.proxy.log.FanOutLogSink;
import dev.hapair.proxy.log.LogSink;
import dev.hapair.proxy.log.StreamLogSink;
import dev.hapair.proxy.log.SyslogLogSink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns {@code log} lines into sinks, one per distinct target (several proxies logging to the same
 * syslog share a socket). stdout/stderr lines are written by a background thread.
 */
final class LogSinks implements AutoCloseable {
    private final Map<String, LogSink> byTarget = new LinkedHashMap<>();
    private final String tag;
    private final Consumer<String> warn;

    LogSinks(String tag, Consumer<String> warn) {
        this.tag = tag;
        this.warn = warn;
    }

    /** The sink for a proxy's effective {@code log} targets; {@link LogSink#NONE} when it has none. */
    LogSink sinkFor(List<LogTarget> targets) {
        List<LogSink> sinks = new ArrayList<>();
        for (LogTarget t : targets) {
            LogSink s = sink(t);
            if (s != null && t.sample().isPresent()) {
                // each sampled 'log' line counts its own messages (the socket is still shared)
                int[] size = new int[1];
                int[][] ranges = dev.hapair.proxy.log.SampledLogSink.parseRanges(
                        t.sample().get(), size);
                s = new dev.hapair.proxy.log.SampledLogSink(ranges, size[0], s);
            }
            if (s != null) sinks.add(s);
        }
        if (sinks.isEmpty()) return LogSink.NONE;
        return sinks.size() == 1 ? sinks.get(0) : new FanOutLogSink(sinks);
    }

    private LogSink sink(LogTarget t) {
        String key = t.address() + " " + t.facility() + " " + t.level().orElse("") + " "
                + t.minLevel().orElse("") + " " + t.format().orElse("") + " " + t.maxLength();
        LogSink existing = byTarget.get(key);
        if (existing != null) return existing;
        SyslogLogSink.Destination d;
        try {
            if (t.isStdout()) {
                d = SyslogLogSink.Destination.lines(new StreamLogSink(System.out));
            } else if (t.isStderr()) {
                d = SyslogLogSink.Destination.lines(new StreamLogSink(System.err));
            } else if (t.isUnixPath()) {
                d = SyslogLogSink.Destination.unix(
                        t.address().startsWith("unix@") ? t.address().substring(5) : t.address());
            } else {
                d = SyslogLogSink.Destination.udp(udpAddress(t.address()));
            }
        } catch (IOException | IllegalArgumentException e) {
            warn.accept(t.location() + ": log target '" + t.address() + "': " + e.getMessage());
            return null;
        }
        SyslogLogSink s = new SyslogLogSink(
                        d,
                        SyslogLogSink.facility(t.facility()),
                        SyslogLogSink.severity(t.level().orElse("debug")),
                        SyslogLogSink.severity(t.minLevel().orElse("emerg")),
                        tag,
                        ZonedDateTime::now)
                .withFormat(
                        "raw".equals(t.format().orElse("")) ? SyslogLogSink.Format.RAW : SyslogLogSink.Format.RFC3164);
        if (t.maxLength().isPresent()) s.withMaxLength(t.maxLength().getAsInt());
        byTarget.put(key, s);
        return s;
    }

    /** {@code 127.0.0.1}, {@code 127.0.0.1:514}, {@code udp@host:port}, {@code [::1]:514}. */
    static InetSocketAddress udpAddress(String address) {
        String a = address.startsWith("udp@")
                ? address.substring(4)
                : address.startsWith("udp4@") || address.startsWith("udp6@") ? address.substring(5) : address;
        int port = 514;
        String host = a;
        if (a.startsWith("[")) {
            int end = a.indexOf(']');
            host = a.substring(1, end);
            if (a.length() > end + 2 && a.charAt(end + 1) == ':') port = Integer.parseInt(a.substring(end + 2));
        } else if (a.indexOf(':') >= 0 && a.indexOf(':') == a.lastIndexOf(':')) {
            host = a.substring(0, a.indexOf(':'));
            port = Integer.parseInt(a.substring(a.indexOf(':') + 1));
        }
        return new InetSocketAddress(host, port);
    }

    @Override
    public void close() {
        for (LogSink s : byTarget.values()) s.close();
    }
}
