package dev.hapair.vrrp.fsm;

import java.util.Collection;
import java.util.Map;

/**
 * keepalived's effective priority: base priority plus the weights of tracked objects (positive weight while up,
 * negative weight while down), clamped to 1..254. An address owner (base 255) is not weighted: keepalived
 * refuses weighted tracking at priority 255, so it stays 255 (weight-0 tracking still faults it).
 */
public final class EffectivePriority {
    public static final int OWNER = 255;
    public static final int MIN = 1;
    public static final int MAX_NON_OWNER = 254;

    private EffectivePriority() {}

    /** @param up track name -> currently up; tracks missing from the map count as their initial state */
    public static int compute(int basePriority, Collection<TrackSpec> tracks, Map<String, Boolean> up) {
        if (basePriority == OWNER) {
            return OWNER;
        }
        long p = basePriority;
        for (TrackSpec t : tracks) {
            boolean isUp = up.getOrDefault(t.name(), t.initiallyUp());
            if ((t.weight() > 0 && isUp) || (t.weight() < 0 && !isUp)) {
                p += t.weight();
            }
        }
        return (int) Math.max(MIN, Math.min(MAX_NON_OWNER, p));
    }

    /** The first weight-0 track that is down, or null: such a track puts the instance in FAULT. */
    public static String faultingTrack(Collection<TrackSpec> tracks, Map<String, Boolean> up) {
        for (TrackSpec t : tracks) {
            if (t.weight() == 0 && !up.getOrDefault(t.name(), t.initiallyUp())) {
                return t.name();
            }
        }
        return null;
    }
}
