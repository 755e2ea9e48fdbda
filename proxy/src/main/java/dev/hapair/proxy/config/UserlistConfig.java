package dev.hapair.proxy.config;

import dev.hapair.common.config.SourceLocation;
import java.util.List;

/** A {@code userlist NAME} section: its groups and users. */
public record UserlistConfig(String name, List<Group> groups, List<User> users, SourceLocation location) {

    public UserlistConfig {
        groups = List.copyOf(groups);
        users = List.copyOf(users);
    }

    /** {@code group NAME [users U1,U2]}. */
    public record Group(String name, List<String> users, SourceLocation location) {
        public Group {
            users = List.copyOf(users);
        }
    }

    /**
     * {@code user NAME password HASH|insecure-password PASS [groups G1,G2]}.
     *
     * @param secret the crypt(3) hash, or the plain password when {@code insecure}
     */
    public record User(String name, String secret, boolean insecure, List<String> groups, SourceLocation location) {
        public User {
            groups = List.copyOf(groups);
        }
    }
}
