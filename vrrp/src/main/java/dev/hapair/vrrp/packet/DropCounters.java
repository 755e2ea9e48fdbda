package dev.hapair.vrrp.packet;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/** Thread-safe counters of accepted adverts and of drops per {@link DropReason} (for stats and logs). */
public final class DropCounters {
    private static final DropReason[] REASONS = DropReason.values();
    private final AtomicLongArray drops = new AtomicLongArray(REASONS.length);
    private final AtomicLongArray accepted = new AtomicLongArray(1);

    public void drop(DropReason reason) {
        drops.incrementAndGet(reason.ordinal());
    }

    public void accept() {
        accepted.incrementAndGet(0);
    }

    public long dropped(DropReason reason) {
        return drops.get(reason.ordinal());
    }

    public long accepted() {
        return accepted.get(0);
    }

    public long totalDropped() {
        long total = 0;
        for (int i = 0; i < REASONS.length; i++) {
            total += drops.get(i);
        }
        return total;
    }

    /** Non-zero drop counters, in enum order. */
    public Map<DropReason, Long> snapshot() {
        Map<DropReason, Long> m = new EnumMap<>(DropReason.class);
        for (DropReason r : REASONS) {
            long v = drops.get(r.ordinal());
            if (v != 0) {
                m.put(r, v);
            }
        }
        return Collections.unmodifiableMap(m);
    }

    @Override
    public String toString() {
        return "accepted=" + accepted() + " dropped=" + snapshot();
    }
}
