package dev.hapair.vrrp.config;

import dev.hapair.common.config.SourceLocation;
import java.util.Objects;

/**
 * {@code authentication { auth_type PASS; auth_pass SECRET }}. The password is already cut to the 8 bytes
 * VRRPv2 carries (keepalived does the same and says so).
 */
public record Authentication(AuthType type, String password, SourceLocation location) {
    public static final int MAX_PASSWORD_LENGTH = 8;

    public Authentication {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(location, "location");
    }

    @Override
    public String toString() {
        return "Authentication[type=" + type + ", password=<" + password.length() + " chars>, location=" + location
                + "]";
    }
}
