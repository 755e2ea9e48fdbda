package dev.hapair.proxy.stats;

import dev.hapair.common.json.Json;
import java.util.List;

/**
 * {@code ;json} and {@code show stat json}: HAProxy's typed JSON, an array of rows, each an array of
 * {@code {"objType","proxyId","id","field":{"pos","name"},"processNum","tags","value":{"type","value"}}}
 * for the fields that have a value.
 */
public final class JsonRenderer {
    private JsonRenderer() {}

    public static String render(List<StatRow> rows) {
        StringBuilder sb = new StringBuilder(rows.size() * 4096);
        sb.append('[');
        boolean firstRow = true;
        for (StatRow r : rows) {
            if (!firstRow) sb.append(',');
            firstRow = false;
            sb.append('[');
            boolean first = true;
            for (StatField f : StatField.values()) {
                Object v = f.value(r);
                if (v == null) continue;
                if (!first) sb.append(',');
                first = false;
                sb.append("{\"objType\":").append(Json.quote(r.scope().jsonName()))
                    .append(",\"proxyId\":").append(r.iid())
                    .append(",\"id\":").append(r.sid())
                    .append(",\"field\":{\"pos\":").append(f.ordinal()).append(",\"name\":").append(Json.quote(f.column()))
                    .append("},\"processNum\":1,\"tags\":{\"origin\":\"Metric\",\"nature\":")
                    .append(Json.quote(nature(f))).append(",\"scope\":\"Process\"},\"value\":{\"type\":");
                if (v instanceof Number n) {
                    sb.append(f.kind() == StatField.Kind.COUNTER ? "\"u64\"" : "\"u32\"").append(",\"value\":").append(n.longValue());
                } else {
                    sb.append("\"str\",\"value\":").append(Json.quote(String.valueOf(v)));
                }
                sb.append("}}");
            }
            sb.append(']');
        }
        sb.append("]\n");
        return sb.toString();
    }

    private static String nature(StatField f) {
        return switch (f.kind()) {
            case KEY -> "Name";
            case COUNTER -> "Counter";
            case GAUGE -> "Gauge";
            case TEXT -> "Output";
        };
    }
}
