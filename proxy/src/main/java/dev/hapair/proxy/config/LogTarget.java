package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code log ADDR [len N] [format F] FACILITY [LEVEL [MINLEVEL]]}. {@code address} is kept as written:
 * {@code 127.0.0.1}, {@code 127.0.0.1:514} (default port 514), {@code stdout}, {@code stderr}, {@code /dev/log},
 * {@code udp@host:port}. {@code sample} is the {@code <ranges>:<size>} of {@code sample}, checked at parse time.
 */
public record LogTarget(
        String address,
        String facility,
        Optional<String> level,
        Optional<String> minLevel,
        OptionalInt maxLength,
        Optional<String> format,
        SourceLocation location,
        Optional<String> sample) {

    public boolean isStdout() {
        return address.equals("stdout");
    }

    public boolean isStderr() {
        return address.equals("stderr");
    }

    public boolean isUnixPath() {
        return address.startsWith("/") || address.startsWith("unix@");
    }
}
