package dev.hapair.proxy.config;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** The {@code timeout} values set on a proxy (after defaults inheritance). Unset timeouts are absent. */
public record TimeoutsConfig(Map<TimeoutKind, Duration> values) {
    public TimeoutsConfig {
        EnumMap<TimeoutKind, Duration> copy = new EnumMap<>(TimeoutKind.class);
        copy.putAll(values);
        values = Collections.unmodifiableMap(copy);
    }

    public static TimeoutsConfig none() {
        return new TimeoutsConfig(Map.of());
    }

    public Optional<Duration> get(TimeoutKind kind) {
        return Optional.ofNullable(values.get(kind));
    }

    public Optional<Duration> connect() {
        return get(TimeoutKind.CONNECT);
    }

    public Optional<Duration> client() {
        return get(TimeoutKind.CLIENT);
    }

    public Optional<Duration> server() {
        return get(TimeoutKind.SERVER);
    }

    public Optional<Duration> httpRequest() {
        return get(TimeoutKind.HTTP_REQUEST);
    }

    /** HAProxy falls back to {@code timeout http-request} when http-keep-alive is unset. */
    public Optional<Duration> httpKeepAlive() {
        return get(TimeoutKind.HTTP_KEEP_ALIVE);
    }

    /** HAProxy uses {@code timeout connect} when queue is unset. */
    public Optional<Duration> queue() {
        return get(TimeoutKind.QUEUE);
    }

    /** Check timeout; HAProxy uses {@code inter} alone when unset, else min(inter, check) after connect. */
    public Optional<Duration> check() {
        return get(TimeoutKind.CHECK);
    }

    public Optional<Duration> tunnel() {
        return get(TimeoutKind.TUNNEL);
    }

    public Optional<Duration> clientFin() {
        return get(TimeoutKind.CLIENT_FIN);
    }

    public Optional<Duration> serverFin() {
        return get(TimeoutKind.SERVER_FIN);
    }
}
