package dev.hapair.vrrp.runtime;

import dev.hapair.common.json.Json;
import dev.hapair.vrrp.packet.DropReason;
import dev.hapair.vrrp.track.Tracker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SIGUSR1 state dump (keepalived writes /tmp/keepalived.data; we write JSON): per instance its state,
 * priorities, master, VIPs, tracks, last transition and receive counters; per tracker its state.
 */
public final class StateDump {
    private StateDump() {}

    public record InstanceView(
            String name,
            int vrid,
            String interfaceName,
            int version,
            String state,
            int basePriority,
            int effectivePriority,
            String master,
            List<String> vips,
            Map<String, Boolean> tracks,
            String lastFrom,
            String lastTo,
            String lastReason,
            Instant lastChange,
            long advertsSent,
            long accepted,
            Map<DropReason, Long> dropped) {}

    public record TrackerView(String key, String describe, boolean up) {}

    /** How the daemon loop keeps time: its worst timer lateness and the JVM's longest GC pause. */
    public record LoopView(long worstTimerLatenessNanos, long worstGcPauseMillis, long gcCollections) {}

    public record Snapshot(
            Instant at,
            List<InstanceView> instances,
            List<TrackerView> trackers,
            Map<String, Map<DropReason, Long>> unclaimed,
            LoopView loop) {}

    static Snapshot snapshot(
            Collection<InstanceRunner> runners,
            Collection<Tracker> trackers,
            Collection<AdvertReceiver> receivers,
            LoopView loop) {
        List<InstanceView> views = new ArrayList<>();
        for (InstanceRunner r : runners) {
            var inst = r.instance();
            var t = r.lastTransition();
            views.add(new InstanceView(
                    r.name(),
                    inst.spec().vrid(),
                    r.plan().interfaceName(),
                    inst.spec().version(),
                    inst.state().name(),
                    inst.spec().priority(),
                    inst.effectivePriority(),
                    inst.currentMaster() == null ? null : inst.currentMaster().getHostAddress(),
                    r.plan().vips().values().stream().map(Object::toString).toList(),
                    r.trackStates(),
                    t == null ? null : t.from().name(),
                    t == null ? null : t.to().name(),
                    t == null ? null : t.reason(),
                    t == null ? null : t.at(),
                    r.advertsSent(),
                    r.counters().accepted(),
                    nonZero(r.counters().snapshot())));
        }
        List<TrackerView> tv = trackers.stream()
                .map(t -> new TrackerView(t.key(), t.describe(), t.up()))
                .toList();
        Map<String, Map<DropReason, Long>> unclaimed = new LinkedHashMap<>();
        receivers.forEach(rx -> unclaimed.put(rx.key(), nonZero(rx.unclaimed().snapshot())));
        return new Snapshot(Instant.now(), views, tv, unclaimed, loop);
    }

    private static Map<DropReason, Long> nonZero(Map<DropReason, Long> m) {
        Map<DropReason, Long> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (v != 0) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The snapshot as one JSON document. */
    public static String toJson(Snapshot s) {
        StringBuilder b = new StringBuilder();
        b.append("{\"time\":").append(Json.quote(s.at().toString())).append(",\"instances\":[");
        for (int i = 0; i < s.instances().size(); i++) {
            InstanceView v = s.instances().get(i);
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"name\":")
                    .append(Json.quote(v.name()))
                    .append(",\"vrid\":")
                    .append(v.vrid())
                    .append(",\"interface\":")
                    .append(Json.quote(v.interfaceName()))
                    .append(",\"version\":")
                    .append(v.version())
                    .append(",\"state\":")
                    .append(Json.quote(v.state()))
                    .append(",\"priority\":")
                    .append(v.basePriority())
                    .append(",\"effective_priority\":")
                    .append(v.effectivePriority())
                    .append(",\"master\":")
                    .append(Json.quote(v.master()))
                    .append(",\"vips\":[");
            for (int j = 0; j < v.vips().size(); j++) {
                b.append(j > 0 ? "," : "").append(Json.quote(v.vips().get(j)));
            }
            b.append("],\"tracks\":{");
            int j = 0;
            for (Map.Entry<String, Boolean> e : v.tracks().entrySet()) {
                b.append(j++ > 0 ? "," : "")
                        .append(Json.quote(e.getKey()))
                        .append(':')
                        .append(e.getValue() ? "\"up\"" : "\"down\"");
            }
            b.append("},\"last_transition\":");
            if (v.lastTo() == null) {
                b.append("null");
            } else {
                b.append("{\"from\":")
                        .append(Json.quote(v.lastFrom()))
                        .append(",\"to\":")
                        .append(Json.quote(v.lastTo()))
                        .append(",\"reason\":")
                        .append(Json.quote(v.lastReason()))
                        .append(",\"at\":")
                        .append(Json.quote(v.lastChange().toString()))
                        .append('}');
            }
            b.append(",\"adverts_sent\":")
                    .append(v.advertsSent())
                    .append(",\"adverts_accepted\":")
                    .append(v.accepted())
                    .append(",\"dropped\":");
            counters(b, v.dropped());
            b.append('}');
        }
        b.append("],\"trackers\":[");
        for (int i = 0; i < s.trackers().size(); i++) {
            TrackerView t = s.trackers().get(i);
            b.append(i > 0 ? "," : "")
                    .append("{\"key\":")
                    .append(Json.quote(t.key()))
                    .append(",\"check\":")
                    .append(Json.quote(t.describe()))
                    .append(",\"state\":")
                    .append(t.up() ? "\"up\"" : "\"down\"")
                    .append('}');
        }
        b.append("],\"unclaimed\":{");
        int i = 0;
        for (Map.Entry<String, Map<DropReason, Long>> e : s.unclaimed().entrySet()) {
            b.append(i++ > 0 ? "," : "").append(Json.quote(e.getKey())).append(':');
            counters(b, e.getValue());
        }
        b.append("},\"loop\":{\"worst_timer_lateness_seconds\":")
                .append(String.format(java.util.Locale.ROOT, "%.6f", s.loop().worstTimerLatenessNanos() / 1e9))
                .append(",\"worst_gc_pause_seconds\":")
                .append(String.format(java.util.Locale.ROOT, "%.3f", s.loop().worstGcPauseMillis() / 1e3))
                .append(",\"gc_collections\":")
                .append(s.loop().gcCollections());
        return b.append("}}").toString();
    }

    private static void counters(StringBuilder b, Map<DropReason, Long> m) {
        b.append('{');
        int i = 0;
        for (Map.Entry<DropReason, Long> e : m.entrySet()) {
            b.append(i++ > 0 ? "," : "")
                    .append(Json.quote(e.getKey().name()))
                    .append(':')
                    .append(e.getValue());
        }
        b.append('}');
    }

    /** Writes atomically (readers never see half a file). */
    public static void write(Path file, String json) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".hapair-vrrp", ".tmp");
        try {
            Files.writeString(tmp, json + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
