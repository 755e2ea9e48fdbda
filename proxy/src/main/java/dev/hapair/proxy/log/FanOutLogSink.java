package dev.hapair.proxy.log;

import java.util.List;

/** Several {@code log} lines: each message goes to every target. */
public record FanOutLogSink(List<LogSink> sinks) implements LogSink {
    @Override
    public void log(int severity, String line) {
        for (LogSink s : sinks) s.log(severity, line);
    }

    @Override
    public void close() {
        for (LogSink s : sinks) s.close();
    }
}
