package dev.hapair.vrrp.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The notify scripts of an instance or sync group. {@code notify} runs on every transition with
 * {@code INSTANCE|GROUP NAME STATE PRIORITY} appended, after the state-specific one.
 */
public record NotifyScripts(
        Optional<NotifyScript> master,
        Optional<NotifyScript> backup,
        Optional<NotifyScript> fault,
        Optional<NotifyScript> stop,
        Optional<NotifyScript> any) {
    public static final NotifyScripts NONE =
            new NotifyScripts(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public NotifyScripts {
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(stop, "stop");
        Objects.requireNonNull(any, "any");
    }

    boolean sameAs(NotifyScripts o) {
        return same(master, o.master)
                && same(backup, o.backup)
                && same(fault, o.fault)
                && same(stop, o.stop)
                && same(any, o.any);
    }

    private static boolean same(Optional<NotifyScript> a, Optional<NotifyScript> b) {
        return a.isPresent() == b.isPresent() && (a.isEmpty() || a.get().sameAs(b.get()));
    }
}
