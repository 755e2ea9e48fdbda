package dev.hapair.vrrp.config;

import dev.hapair.common.config.SourceLocation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code vrrp_track_process NAME { process P [ARGS...]; param_match; weight N [reverse]; quorum; quorum_max;
 * delay | fork_delay | terminate_delay; full_command; pidfile PATH }}. {@code pidfile} is hapair's own
 * option: the process is the one whose PID the file holds (names are ambiguous when hosts share a PID
 * namespace). Defaults as keepalived: weight 1, quorum 1, no quorum_max, delays 0.
 * At least one of {@code process} and {@code pidfile} is present.
 */
public record TrackProcessConfig(
        String name,
        Optional<String> process,
        List<String> parameters,
        ParamMatch paramMatch,
        boolean fullCommand,
        int weight,
        boolean reverse,
        int quorum,
        OptionalInt quorumMax,
        Duration forkDelay,
        Duration terminateDelay,
        Optional<Path> pidfile,
        SourceLocation location) {
    public static final int DEFAULT_WEIGHT = 1;
    public static final int DEFAULT_QUORUM = 1;

    public TrackProcessConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(process, "process");
        parameters = List.copyOf(parameters);
        Objects.requireNonNull(paramMatch, "paramMatch");
        Objects.requireNonNull(quorumMax, "quorumMax");
        Objects.requireNonNull(forkDelay, "forkDelay");
        Objects.requireNonNull(terminateDelay, "terminateDelay");
        Objects.requireNonNull(pidfile, "pidfile");
        Objects.requireNonNull(location, "location");
    }

    TrackProcessConfig withoutLocation() {
        return new TrackProcessConfig(
                name,
                process,
                parameters,
                paramMatch,
                fullCommand,
                weight,
                reverse,
                quorum,
                quorumMax,
                forkDelay,
                terminateDelay,
                pidfile,
                SourceLocation.NONE);
    }
}
