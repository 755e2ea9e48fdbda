package dev.hapair.vrrp.config;

import dev.hapair.common.config.SourceLocation;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code vrrp_script NAME { script; interval; timeout; weight [reverse]; rise; fall; user U [G]; init_fail }},
 * defaults applied: interval 1 s, timeout = interval, weight 0, rise 1, fall 1.
 */
public record VrrpScriptConfig(
        String name,
        String script,
        Duration interval,
        Duration timeout,
        int weight,
        boolean reverse,
        int rise,
        int fall,
        Optional<String> user,
        Optional<String> group,
        boolean initFail,
        SourceLocation location) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    public static final int DEFAULT_WEIGHT = 0;
    public static final int DEFAULT_RISE = 1;
    public static final int DEFAULT_FALL = 1;

    public VrrpScriptConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(location, "location");
    }

    /** argv of {@link #script()}: whitespace separates, single quotes group (keepalived's rule). */
    public List<String> argv() {
        return CommandLineSplitter.split(script);
    }

    VrrpScriptConfig withoutLocation() {
        return new VrrpScriptConfig(
                name,
                script,
                interval,
                timeout,
                weight,
                reverse,
                rise,
                fall,
                user,
                group,
                initFail,
                SourceLocation.NONE);
    }
}
