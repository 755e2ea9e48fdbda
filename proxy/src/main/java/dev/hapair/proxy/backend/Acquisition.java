package dev.hapair.proxy.backend;

/** Result of asking a backend for a server: a slot on a server, a place in the queue, or nothing (503). */
public record Acquisition(ServerRuntime server, boolean queued) {
    public static final Acquisition QUEUED = new Acquisition(null, true);
    public static final Acquisition NONE = new Acquisition(null, false);

    public static Acquisition of(ServerRuntime s) {
        return s.granted; // one per server: an acquisition allocates nothing
    }
}
