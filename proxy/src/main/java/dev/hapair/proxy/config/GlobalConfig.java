package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code global} section. Absent values mean "not set" (the runtime picks HAProxy's default).
 *
 * @param nbthread     event-loop threads
 * @param tuneBufsize  {@code tune.bufsize} in bytes (HAProxy default 16384): also the request header size limit
 * @param statsTimeout {@code stats timeout} (idle timeout of stats socket sessions; HAProxy default 10s)
 */
public record GlobalConfig(
        boolean daemon,
        boolean masterWorker,
        Optional<String> user,
        Optional<String> group,
        Optional<String> chroot,
        Optional<String> pidfile,
        OptionalInt maxconn,
        OptionalInt nbthread,
        List<LogTarget> logs,
        List<StatsSocket> statsSockets,
        Optional<Duration> hardStopAfter,
        Optional<Duration> statsTimeout,
        OptionalInt statsMaxconn,
        OptionalInt ulimitN,
        OptionalInt tuneBufsize,
        OptionalInt tuneMaxrewrite,
        OptionalInt tuneHttpMaxhdr,
        OptionalInt spreadChecks,
        boolean quiet,
        Optional<String> node,
        Optional<String> description,
        SourceLocation location) {

    public GlobalConfig {
        logs = List.copyOf(logs);
        statsSockets = List.copyOf(statsSockets);
    }

    /** A configuration without a global section. */
    public static GlobalConfig empty() {
        return new Builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Mutable builder filled by the parser, one field per keyword. */
    public static final class Builder {
        public boolean daemon;
        public boolean masterWorker;
        public String user;
        public String group;
        public String chroot;
        public String pidfile;
        public Integer maxconn;
        public Integer nbthread;
        public final List<LogTarget> logs = new ArrayList<>();
        public final List<StatsSocket> statsSockets = new ArrayList<>();
        public Duration hardStopAfter;
        public Duration statsTimeout;
        public Integer statsMaxconn;
        public Integer ulimitN;
        public Integer tuneBufsize;
        public Integer tuneMaxrewrite;
        public Integer tuneHttpMaxhdr;
        public Integer spreadChecks;
        public boolean quiet;
        public String node;
        public String description;
        public SourceLocation location = SourceLocation.NONE;

        public GlobalConfig build() {
            return new GlobalConfig(daemon, masterWorker, Optional.ofNullable(user), Optional.ofNullable(group),
                    Optional.ofNullable(chroot), Optional.ofNullable(pidfile), opt(maxconn), opt(nbthread),
                    logs, statsSockets, Optional.ofNullable(hardStopAfter), Optional.ofNullable(statsTimeout),
                    opt(statsMaxconn), opt(ulimitN), opt(tuneBufsize), opt(tuneMaxrewrite), opt(tuneHttpMaxhdr),
                    opt(spreadChecks), quiet, Optional.ofNullable(node), Optional.ofNullable(description), location);
        }

        private static OptionalInt opt(Integer v) {
            return v == null ? OptionalInt.empty() : OptionalInt.of(v);
        }
    }
}
