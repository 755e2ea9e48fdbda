package dev.hapair.vrrp.config;

import dev.hapair.common.config.SourceLocation;
import java.util.Objects;

/**
 * One entry of {@code track_script}, {@code track_interface} or {@code track_process} in an instance, with its
 * weight already resolved (the line's {@code weight N} override, else the tracked object's default).
 * keepalived semantics: weight 0 means a failure sends the instance to FAULT; a positive weight is added
 * while the check succeeds; a negative weight is added while it fails. {@code reverse} swaps the direction.
 */
public record TrackRef(String name, int weight, boolean reverse, SourceLocation location) {
    public TrackRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
    }

    /** True when a failure of this tracker puts the instance in FAULT instead of changing its priority. */
    public boolean faultOnFailure() {
        return weight == 0;
    }
}
