package dev.hapair.vrrp.track;

/**
 * Told when a tracked object changes between up and down. Called on the daemon's loop (trackers hop there
 * themselves), so the listener may feed the state machine directly.
 */
@FunctionalInterface
public interface TrackListener {
    void onTrackChange(Tracker tracker, boolean up, String detail);
}
