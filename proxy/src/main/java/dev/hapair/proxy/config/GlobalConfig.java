package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code global} section. Absent values mean "not set" (the runtime picks HAProxy's default).
 *
 * @param nbthread     event-loop threads
 * @param tuneBufsize  {@code tune.bufsize} in bytes (HAProxy default 16384): also the request header size limit
 * @param tuneHttpMaxhdr {@code tune.http.maxhdr} (HAProxy default 101): a head holds fewer header fields than that
 * @param statsTimeout {@code stats timeout} (idle timeout of stats socket sessions; HAProxy default 10s)
 * @param ssl          {@code ca-base}, {@code crt-base}, {@code ssl-default-bind-*}
 * @param h2           {@code tune.h2.*}
 * @param logTag       {@code log-tag}: the syslog tag (default: the process name, {@code hapair-proxy} or the
 *                     compatibility name, as HAProxy's default is its program name)
 */
public record GlobalConfig(
        boolean daemon,
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
        OptionalInt tuneBufsize,
        OptionalInt tuneMaxrewrite,
        OptionalInt tuneHttpMaxhdr,
        boolean quiet,
        SslDefaults ssl,
        H2Tuning h2,
        Map<String, SourceLocation> lines,
        SourceLocation location,
        Optional<String> logTag,
        boolean nosplice,
        OptionalInt tunePipesize) {

    public GlobalConfig {
        logs = List.copyOf(logs);
        statsSockets = List.copyOf(statsSockets);
        lines = Map.copyOf(lines);
    }

    /** Where {@code keyword} was last set in the global section ({@code user}, {@code chroot}...). */
    public SourceLocation lineOf(String keyword) {
        return lines.getOrDefault(keyword, location);
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
        public Integer tuneBufsize;
        public Integer tuneMaxrewrite;
        public Integer tuneHttpMaxhdr;
        public boolean quiet;
        public String caBase;
        public String crtBase;
        public String sslDefaultBindCiphers;
        public String sslDefaultBindCiphersuites;
        public SslOptions sslDefaultBindOptions = SslOptions.NONE;
        public Integer tuneH2MaxConcurrentStreams;
        public Integer tuneH2HeaderTableSize;
        public Integer tuneH2InitialWindowSize;
        public Integer tuneH2MaxFrameSize;
        public String sslDefaultServerCiphers;
        public String sslDefaultServerCiphersuites;
        public SslOptions sslDefaultServerOptions = SslOptions.NONE;
        public int sslCacheSize = SslDefaults.DEFAULT_CACHE_SIZE;
        public VerifyMode sslServerVerify = VerifyMode.REQUIRED;
        public java.time.Duration sslWatch;
        public boolean sslKeyDelExt;
        public long sslLifetime = SslDefaults.DEFAULT_LIFETIME;
        public final Map<String, SourceLocation> lines = new HashMap<>();
        public SourceLocation location = SourceLocation.NONE;
        public String logTag;
        /** {@code nosplice}: no kernel splicing whatever the proxies' options say. */
        public boolean nosplice;
        /** {@code tune.pipesize}: the size of the kernel pipes splicing uses. */
        public Integer tunePipesize;

        public GlobalConfig build() {
            return new GlobalConfig(
                    daemon,
                    Optional.ofNullable(user),
                    Optional.ofNullable(group),
                    Optional.ofNullable(chroot),
                    Optional.ofNullable(pidfile),
                    opt(maxconn),
                    opt(nbthread),
                    logs,
                    statsSockets,
                    Optional.ofNullable(hardStopAfter),
                    Optional.ofNullable(statsTimeout),
                    opt(tuneBufsize),
                    opt(tuneMaxrewrite),
                    opt(tuneHttpMaxhdr),
                    quiet,
                    new SslDefaults(
                            Optional.ofNullable(caBase),
                            Optional.ofNullable(crtBase),
                            Optional.ofNullable(sslDefaultBindCiphers),
                            Optional.ofNullable(sslDefaultBindCiphersuites),
                            sslDefaultBindOptions,
                            Optional.ofNullable(sslDefaultServerCiphers),
                            Optional.ofNullable(sslDefaultServerCiphersuites),
                            sslDefaultServerOptions,
                            sslCacheSize,
                            sslLifetime,
                            sslServerVerify,
                            Optional.ofNullable(sslWatch),
                            sslKeyDelExt),
                    new H2Tuning(
                            opt(tuneH2MaxConcurrentStreams),
                            opt(tuneH2HeaderTableSize),
                            opt(tuneH2InitialWindowSize),
                            opt(tuneH2MaxFrameSize)),
                    lines,
                    location,
                    Optional.ofNullable(logTag),
                    nosplice,
                    opt(tunePipesize));
        }

        private static OptionalInt opt(Integer v) {
            return v == null ? OptionalInt.empty() : OptionalInt.of(v);
        }
    }
}
