package dev.hapair.vrrp.watch;

import dev.hapair.vrrp.packet.DropReason;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The watch table at one instant: routers by VRID then source, conflicts, gratuitous ARPs, and VRRP packets
 * that did not decode (counted by the codec's drop reason).
 */
public record WatchSnapshot(
        Instant at,
        List<RouterRow> routers,
        List<Conflict> conflicts,
        List<GarpRow> garps,
        Map<DropReason, Long> malformed,
        long framesSeen) {
    public WatchSnapshot {
        routers = List.copyOf(routers);
        conflicts = List.copyOf(conflicts);
        garps = List.copyOf(garps);
        malformed = Map.copyOf(malformed);
    }
}
