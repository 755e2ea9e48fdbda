package dev.hapair.vrrp.runtime;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The longest garbage collection so far, from the JVM's GC notifications. The launcher runs the daemon with
 * the Serial collector (every collection stops the world, so its duration is the pause) and a small heap: the
 * daemon allocates little, so young collections stay in the low milliseconds, far below an advert interval.
 * Exposed in the dump and the metrics so that claim is checked on the running daemon, not assumed.
 */
final class GcPauses {
    private static final AtomicLong WORST_MILLIS = new AtomicLong();
    private static final AtomicLong COLLECTIONS = new AtomicLong();
    private static volatile boolean installed;

    private GcPauses() {}

    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(
                        (n, handback) -> {
                            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                                var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                                COLLECTIONS.incrementAndGet();
                                WORST_MILLIS.accumulateAndGet(info.getGcInfo().getDuration(), Math::max);
                            }
                        },
                        null,
                        null);
            }
        }
    }

    static long worstMillis() {
        return WORST_MILLIS.get();
    }

    static long collections() {
        return COLLECTIONS.get();
    }
}
