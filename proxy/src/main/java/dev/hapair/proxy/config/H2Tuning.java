package dev.hapair.proxy.config;

import java.util.OptionalInt;

/**
 * The global {@code tune.h2.*} settings of HTTP/2 client connections, as written (absent = HAProxy's default,
 * applied by the runtime: 100 streams, 4096-byte HPACK table, 65535-byte window, frames up to the buffer size).
 *
 * @param maxConcurrentStreams {@code tune.h2.max-concurrent-streams} (at least 1: hapair always keeps a limit)
 * @param headerTableSize      {@code tune.h2.header-table-size} (at most 65536)
 * @param initialWindowSize    {@code tune.h2.initial-window-size}
 * @param maxFrameSize         {@code tune.h2.max-frame-size} (16384 to 16777215, and never above tune.bufsize)
 */
public record H2Tuning(
        OptionalInt maxConcurrentStreams,
        OptionalInt headerTableSize,
        OptionalInt initialWindowSize,
        OptionalInt maxFrameSize) {

    public static final H2Tuning NONE =
            new H2Tuning(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty());
}
