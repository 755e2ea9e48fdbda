package dev.hapair.vrrp.auth;

import java.net.InetAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The receiver side of anti-replay: per sender address, the highest sequence accepted so far. A trailer is
 * accepted only when its sequence is after that mark (serial arithmetic). In time mode a mark older or newer
 * than the window is forgotten first, so a sender whose clock was stepped back recovers once its adverts are
 * fresh again. Bounded: at most {@code slots} senders are remembered, the least recently used is evicted
 * (during contention only a few legitimate senders exist per VRID, and only verified adverts reach here, so
 * forged sources cannot churn the table). Not thread-safe; {@link AdvertAuthenticator} serialises calls.
 */
final class ReplayGuard {
    private final boolean timeMode;
    private final int windowSeconds;
    private final Map<InetAddress, Long> marks;

    ReplayGuard(boolean timeMode, int windowSeconds, int slots) {
        this.timeMode = timeMode;
        this.windowSeconds = windowSeconds;
        this.marks = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, Long> eldest) {
                return size() > slots;
            }
        };
    }

    /** True (and the mark raised) when {@code sequence} from {@code sender} is new. */
    boolean accept(InetAddress sender, long sequence, Instant now) {
        Long mark = marks.get(sender);
        if (mark != null && timeMode && Math.abs((long) Sequences.ageSeconds(mark, now)) > windowSeconds) {
            mark = null;
        }
        if (mark != null && !Sequences.after(sequence, mark)) {
            return false;
        }
        marks.put(sender, sequence);
        return true;
    }
}
