package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;

/** {@code stats auth USER:PASS}. */
public record StatsAuth(String user, String password, SourceLocation location) {
    @Override
    public String toString() {
        return "StatsAuth[user=" + user + ", location=" + location + "]";
    }
}
