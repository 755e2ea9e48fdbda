package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.util.Optional;

/**
 * {@code option httpchk [METHOD URI [VERSION]]} or {@code option httpchk URI}. Defaults: OPTIONS / HTTP/1.0.
 * A version written as {@code "HTTP/1.1\r\nHost:\ www"} (the old idiom) carries extra header lines in
 * {@code extraHeaders} (raw, CRLF separated).
 */
public record HttpCheckSpec(
        String method, String uri, String version, Optional<String> extraHeaders, SourceLocation location) {
    public static HttpCheckSpec defaults(SourceLocation at) {
        return new HttpCheckSpec("OPTIONS", "/", "HTTP/1.0", Optional.empty(), at);
    }
}
