package dev.hapair.vrrp.runtime;

import dev.hapair.common.time.MonotonicClock;
import dev.hapair.vrrp.fsm.AnnounceReason;
import dev.hapair.vrrp.fsm.VrrpState;
import dev.hapair.vrrp.packet.DropReason;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The Prometheus text exposition (format 0.0.4) of hapair-vrrp: a snapshot taken on the daemon loop, rendered
 * without touching the daemon. Metric names are listed in README.md ("Metrics"); counters reset when an
 * instance is restarted by a reload that changed it (Prometheus' rate() handles resets).
 */
final class MetricsText {
    private MetricsText() {}

    /** One instance's figures at snapshot time. */
    record Instance(
            String name,
            int vrid,
            String interfaceName,
            VrrpState state,
            int configuredPriority,
            int effectivePriority,
            Map<String, Long> transitions,
            long advertsSent,
            long advertsReceived,
            Map<DropReason, Long> dropped,
            Map<AnnounceReason, Long> garpsSent,
            Map<AnnounceReason, Long> nasSent,
            OptionalDouble secondsSinceTransition) {}

    record Snapshot(
            List<Instance> instances,
            Map<String, Boolean> trackers,
            double worstTimerLatenessSeconds,
            double worstGcPauseSeconds) {}

    static Snapshot snapshot(
            Collection<InstanceRunner> runners,
            Map<String, Boolean> trackers,
            LoopLateness lateness,
            MonotonicClock clock) {
        List<Instance> list = new ArrayList<>();
        long now = clock.nanoTime();
        for (InstanceRunner r : runners) {
            var spec = r.instance().spec();
            var since = r.lastTransitionNanos();
            list.add(new Instance(
                    r.name(),
                    spec.vrid(),
                    r.plan().interfaceName(),
                    r.instance().state(),
                    spec.priority(),
                    r.instance().effectivePriority(),
                    r.transitions(),
                    r.advertsSent(),
                    r.counters().accepted(),
                    r.counters().snapshot(),
                    r.garpsSent(),
                    r.nasSent(),
                    since.isPresent() ? OptionalDouble.of((now - since.getAsLong()) / 1e9) : OptionalDouble.empty()));
        }
        return new Snapshot(list, trackers, lateness.worstNanos() / 1e9, GcPauses.worstMillis() / 1e3);
    }

    static String render(Snapshot s) {
        StringBuilder b = new StringBuilder();
        header(b, "hapair_vrrp_instance_state", "gauge", "1 for the state the instance is in, 0 for the others");
        for (Instance i : s.instances()) {
            for (VrrpState st : VrrpState.values()) {
                line(b, "hapair_vrrp_instance_state", labels(i, "state", st.name()), i.state() == st ? 1 : 0);
            }
        }
        header(b, "hapair_vrrp_priority_configured", "gauge", "priority as written in the configuration");
        s.instances().forEach(i -> line(b, "hapair_vrrp_priority_configured", labels(i), i.configuredPriority()));
        header(b, "hapair_vrrp_priority_effective", "gauge", "priority after tracking weights (what adverts carry)");
        s.instances().forEach(i -> line(b, "hapair_vrrp_priority_effective", labels(i), i.effectivePriority()));
        header(b, "hapair_vrrp_transitions_total", "counter", "state changes by new state and cause");
        for (Instance i : s.instances()) {
            i.transitions().forEach((k, v) -> {
                String[] toCause = k.split(" ", 2);
                line(b, "hapair_vrrp_transitions_total", labels(i, "to", toCause[0], "cause", toCause[1]), v);
            });
        }
        header(b, "hapair_vrrp_adverts_sent_total", "counter", "VRRP adverts sent");
        s.instances().forEach(i -> line(b, "hapair_vrrp_adverts_sent_total", labels(i), i.advertsSent()));
        header(b, "hapair_vrrp_adverts_received_total", "counter", "VRRP adverts accepted for this instance");
        s.instances().forEach(i -> line(b, "hapair_vrrp_adverts_received_total", labels(i), i.advertsReceived()));
        header(b, "hapair_vrrp_adverts_dropped_total", "counter", "adverts for this instance dropped, by reason");
        for (Instance i : s.instances()) {
            i.dropped()
                    .forEach((reason, v) -> line(
                            b,
                            "hapair_vrrp_adverts_dropped_total",
                            labels(i, "reason", reason.name().toLowerCase(Locale.ROOT)),
                            v));
        }
        header(b, "hapair_vrrp_garp_sent_total", "counter", "gratuitous ARP frames sent, by why");
        for (Instance i : s.instances()) {
            for (AnnounceReason reason : AnnounceReason.values()) {
                line(
                        b,
                        "hapair_vrrp_garp_sent_total",
                        labels(i, "reason", reason.name().toLowerCase(Locale.ROOT)),
                        i.garpsSent().getOrDefault(reason, 0L));
            }
        }
        header(b, "hapair_vrrp_na_sent_total", "counter", "unsolicited neighbour advertisements sent (IPv6), by why");
        for (Instance i : s.instances()) {
            i.nasSent()
                    .forEach((reason, v) -> line(
                            b,
                            "hapair_vrrp_na_sent_total",
                            labels(i, "reason", reason.name().toLowerCase(Locale.ROOT)),
                            v));
        }
        header(b, "hapair_vrrp_seconds_since_transition", "gauge", "seconds since the last state change");
        for (Instance i : s.instances()) {
            if (i.secondsSinceTransition().isPresent()) {
                line(
                        b,
                        "hapair_vrrp_seconds_since_transition",
                        labels(i),
                        i.secondsSinceTransition().getAsDouble());
            }
        }
        header(b, "hapair_vrrp_tracker_up", "gauge", "1 while the tracked object is up");
        s.trackers()
                .forEach((k, up) -> line(b, "hapair_vrrp_tracker_up", "{tracker=\"" + escape(k) + "\"}", up ? 1 : 0));
        header(
                b,
                "hapair_vrrp_timer_lateness_seconds_max",
                "gauge",
                "worst lateness of a timer on the daemon loop since start (GC, starvation, SIGSTOP)");
        line(b, "hapair_vrrp_timer_lateness_seconds_max", "", s.worstTimerLatenessSeconds());
        header(b, "hapair_vrrp_gc_pause_seconds_max", "gauge", "longest garbage collection since start");
        line(b, "hapair_vrrp_gc_pause_seconds_max", "", s.worstGcPauseSeconds());
        return b.toString();
    }

    private static void header(StringBuilder b, String name, String type, String help) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void line(StringBuilder b, String name, String labels, double value) {
        b.append(name).append(labels).append(' ');
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            b.append((long) value);
        } else {
            b.append(String.format(Locale.ROOT, "%.6f", value));
        }
        b.append('\n');
    }

    private static String labels(Instance i, String... extra) {
        StringBuilder b = new StringBuilder("{instance=\"")
                .append(escape(i.name()))
                .append("\",vrid=\"")
                .append(i.vrid())
                .append("\",interface=\"")
                .append(escape(i.interfaceName()))
                .append('"');
        for (int k = 0; k + 1 < extra.length; k += 2) {
            b.append(',')
                    .append(extra[k])
                    .append("=\"")
                    .append(escape(extra[k + 1]))
                    .append('"');
        }
        return b.append('}').toString();
    }

    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
