package dev.hapair.vrrp.config;

import dev.hapair.common.config.SourceLocation;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code notify*} script: the command as written (a quoted string may carry arguments) and the optional
 * {@code username [groupname]} that follows it; when absent, the global {@code script_user} applies.
 */
public record NotifyScript(String command, Optional<String> user, Optional<String> group, SourceLocation location) {
    public NotifyScript {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(location, "location");
    }

    /** The command split into argv the way keepalived does: whitespace separates, single quotes group. */
    public java.util.List<String> argv() {
        return CommandLineSplitter.split(command);
    }

    boolean sameAs(NotifyScript o) {
        return command.equals(o.command) && user.equals(o.user) && group.equals(o.group);
    }
}
