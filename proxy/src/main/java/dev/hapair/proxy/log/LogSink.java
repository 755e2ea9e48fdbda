package dev.hapair.proxy.log;

/**
 * Destination of traffic log lines. Called from event loops: implementations must never block
 * (they queue or send a datagram).
 */
public interface LogSink extends AutoCloseable {
    /** Emits one line (without trailing newline) at syslog severity {@code severity} (6 = info). */
    void log(int severity, String line);

    @Override
    default void close() {}

    LogSink NONE = (severity, line) -> {};
}
