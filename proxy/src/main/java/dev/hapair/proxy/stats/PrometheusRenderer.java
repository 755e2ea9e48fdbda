package dev.hapair.proxy.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prometheus text exposition (format 0.0.4) with HAProxy's exporter names, built from the
 * {@link StatField} table: every metric family is printed once ({@code # HELP}, {@code # TYPE}) with all
 * its samples together, frontends first, then backends, then servers.
 */
public final class PrometheusRenderer {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusRenderer() {}

    private record Entry(StatField field, StatMetric metric) {}

    public static String render(List<StatRow> rows, ProcessInfo process) {
        return render(rows, process, Map.of());
    }

    /** With {@code info} ({@link InfoRenderer#values}), the process families of HAProxy's exporter are complete. */
    public static String render(List<StatRow> rows, ProcessInfo process, Map<FieldTags.Info, Object> info) {
        return render(rows, process, info, true, java.util.EnumSet.allOf(StatScope.class));
    }

    /**
     * The exporter's {@code ?scope=} selection: {@code global} (the process families) and the proxy scopes
     * listed; servers in maintenance are left out by the caller ({@code no-maint}).
     */
    public static String render(
            List<StatRow> rows,
            ProcessInfo process,
            Map<FieldTags.Info, Object> info,
            boolean global,
            java.util.Set<StatScope> scopes) {
        StringBuilder sb = new StringBuilder(rows.size() * 2048);
        if (global && info.isEmpty()) processMetrics(sb, process);
        else if (global) ProcessMetrics.render(sb, info);
        for (StatScope scope : StatScope.values()) {
            if (!scopes.contains(scope)) continue;
            List<StatRow> scoped = new ArrayList<>();
            for (StatRow r : rows) if (r.scope() == scope) scoped.add(r);
            if (scoped.isEmpty()) continue;
            Map<String, List<Entry>> families = new LinkedHashMap<>();
            for (StatField f : StatField.values()) {
                for (StatMetric m : f.metrics()) {
                    if (m.scopes().contains(scope))
                        families.computeIfAbsent(m.name(), k -> new ArrayList<>())
                                .add(new Entry(f, m));
                }
            }
            for (List<Entry> family : families.values()) {
                StatMetric head = family.get(0).metric();
                String name = head.fullName(scope);
                StringBuilder samples = new StringBuilder();
                // HAProxy's order: field by field (http_responses_total: every object's 1xx, then 2xx...)
                for (Entry e : family) {
                    for (StatRow r : scoped) sample(samples, name, e, r);
                }
                if (samples.length() == 0) continue;
                sb.append("# HELP ")
                        .append(name)
                        .append(' ')
                        .append(head.help())
                        .append('\n');
                sb.append("# TYPE ")
                        .append(name)
                        .append(' ')
                        .append(head.counter() ? "counter" : "gauge")
                        .append('\n');
                sb.append(samples);
            }
        }
        return sb.toString();
    }

    private static void sample(StringBuilder sb, String name, Entry e, StatRow r) {
        StatMetric m = e.metric();
        Object raw = e.field().value(r);
        if (!m.states().isEmpty()) {
            String current =
                    e.field() == StatField.STATUS ? r.exporterState() : raw == null ? null : String.valueOf(raw);
            if (current == null) return;
            // a frontend or backend is only DOWN or UP
            List<String> states = e.field() == StatField.STATUS && !r.isServer() ? CheckStates.PROXY : m.states();
            for (String state : states) {
                sb.append(name)
                        .append('{')
                        .append(labels(r))
                        .append(",state=\"")
                        .append(state)
                        .append("\"} ")
                        .append(
                                m.stateCount() != null
                                        ? m.stateCount().applyAsInt(r, state)
                                        : state.equals(current) ? 1 : 0)
                        .append('\n');
            }
            return;
        }
        double v;
        if (raw == null && e.field() != StatField.STATUS) {
            if (m.skipEmpty()) return;
            v = Double.NaN; // HAProxy's exporter prints an empty field as NaN
        } else if (m.value() != null) {
            v = m.value().applyAsDouble(r);
        } else {
            if (!(raw instanceof Number n)) return;
            v = n.doubleValue();
        }
        sb.append(name).append('{').append(labels(r));
        if (m.label() != null)
            sb.append(',')
                    .append(m.label())
                    .append("=\"")
                    .append(m.labelValue())
                    .append('"');
        sb.append("} ").append(format(v)).append('\n');
    }

    private static String labels(StatRow r) {
        String l = "proxy=\"" + escape(r.proxy()) + "\"";
        return r.isServer() ? l + ",server=\"" + escape(r.service()) + "\"" : l;
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String format(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%.6f", v);
    }

    private static void processMetrics(StringBuilder sb, ProcessInfo p) {
        gauge(sb, "haproxy_process_nbthread", "Number of started threads (global.nbthread).", p.nbthread());
        gauge(sb, "haproxy_process_start_time_seconds", "Start time in seconds.", p.startMillis() / 1000);
        gauge(
                sb,
                "haproxy_process_max_connections",
                "Maximum number of concurrent connections (global.maxconn).",
                p.maxconn());
        gauge(
                sb,
                "haproxy_process_current_connections",
                "Number of active sessions.",
                p.currentConnections().getAsInt());
        sb.append("# HELP haproxy_process_build_info Build info.\n# TYPE haproxy_process_build_info gauge\n")
                .append("haproxy_process_build_info{version=\"")
                .append(escape(p.version()))
                .append("\"} 1\n");
    }

    private static void gauge(StringBuilder sb, String name, String help, long v) {
        sb.append("# HELP ")
                .append(name)
                .append(' ')
                .append(help)
                .append('\n')
                .append("# TYPE ")
                .append(name)
                .append(" gauge\n")
                .append(name)
                .append(' ')
                .append(v)
                .append('\n');
    }

    /**
     * hapair's own family (not HAProxy's): seconds until each served certificate's notAfter, per file, so an
     * expiring certificate is visible before it breaks. Negative once expired.
     */
    public static String certificateExpiry(List<dev.hapair.proxy.backend.FrontendRuntime> frontends, long nowMillis) {
        Map<String, Long> notAfter = new java.util.TreeMap<>();
        for (dev.hapair.proxy.backend.FrontendRuntime f : frontends) {
            for (dev.hapair.proxy.tls.ServerTls t : f.tlsListeners()) {
                for (dev.hapair.proxy.tls.CertifiedKey k : t.certificates()) {
                    notAfter.putIfAbsent(
                            k.source().toString(), k.leaf().getNotAfter().getTime());
                }
            }
        }
        if (notAfter.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(
                "# HELP hapair_ssl_certificate_expiry_seconds Seconds until the certificate's notAfter date "
                        + "(hapair extension).\n# TYPE hapair_ssl_certificate_expiry_seconds gauge\n");
        notAfter.forEach((file, t) -> sb.append("hapair_ssl_certificate_expiry_seconds{file=\"")
                .append(file.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
                .append("\"} ")
                .append((t - nowMillis) / 1000)
                .append('\n'));
        return sb.toString();
    }
}
