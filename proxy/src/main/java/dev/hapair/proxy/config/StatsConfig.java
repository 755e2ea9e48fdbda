package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code stats} keywords of a proxy. As in HAProxy, any of {@code stats uri|realm|auth|refresh|admin|
 * hide-version|show-legends|scope} implies {@code stats enable}. Default uri {@code /haproxy?stats}.
 *
 * @param refresh {@code stats refresh} (default unit seconds)
 */
public record StatsConfig(
        boolean enabled,
        String uri,
        Optional<String> realm,
        List<StatsAuth> auths,
        Optional<Duration> refresh,
        Optional<Condition> adminCondition,
        boolean hideVersion,
        boolean showLegends,
        boolean showNode,
        Optional<String> showDesc,
        List<String> scopes,
        SourceLocation location) {

    public static final String DEFAULT_URI = "/haproxy?stats";

    public StatsConfig {
        auths = List.copyOf(auths);
        scopes = List.copyOf(scopes);
    }

    public static StatsConfig disabled() {
        return new Builder().build();
    }

    public boolean requiresAuth() {
        return !auths.isEmpty();
    }

    public static final class Builder {
        public boolean enabled;
        public String uri;
        public String realm;
        public final List<StatsAuth> auths = new ArrayList<>();
        public Duration refresh;
        public Condition adminCondition;
        public boolean hideVersion;
        public boolean showLegends;
        public boolean showNode;
        public String showDesc;
        public final List<String> scopes = new ArrayList<>();
        public SourceLocation location = SourceLocation.NONE;

        public Builder copy() {
            Builder b = new Builder();
            b.enabled = enabled;
            b.uri = uri;
            b.realm = realm;
            b.auths.addAll(auths);
            b.refresh = refresh;
            b.adminCondition = adminCondition;
            b.hideVersion = hideVersion;
            b.showLegends = showLegends;
            b.showNode = showNode;
            b.showDesc = showDesc;
            b.scopes.addAll(scopes);
            b.location = location;
            return b;
        }

        public StatsConfig build() {
            return new StatsConfig(
                    enabled,
                    uri == null ? DEFAULT_URI : uri,
                    Optional.ofNullable(realm),
                    auths,
                    Optional.ofNullable(refresh),
                    Optional.ofNullable(adminCondition),
                    hideVersion,
                    showLegends,
                    showNode,
                    Optional.ofNullable(showDesc),
                    scopes,
                    location);
        }
    }
}
