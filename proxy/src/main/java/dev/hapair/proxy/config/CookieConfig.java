package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code cookie NAME [insert|rewrite|prefix] [indirect] [nocache] [postonly] [preserve] [httponly] [secure]
 * [domain D]* [maxidle T] [maxlife T] [dynamic] [attr A]*}. maxidle/maxlife default unit is seconds.
 */
public record CookieConfig(
        String name,
        Mode mode,
        boolean indirect,
        boolean nocache,
        boolean postonly,
        boolean preserve,
        boolean httponly,
        boolean secure,
        boolean dynamic,
        List<String> domains,
        Optional<Duration> maxidle,
        Optional<Duration> maxlife,
        List<String> attrs,
        SourceLocation location) {

    public CookieConfig {
        domains = List.copyOf(domains);
        attrs = List.copyOf(attrs);
    }

    /** HAProxy's default mode when none is given is rewrite-less "passive": the cookie is only read. */
    public enum Mode {
        INSERT,
        REWRITE,
        PREFIX,
        PASSIVE
    }
}
