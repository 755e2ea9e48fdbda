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
                Object v = f.separator() ? null : f.value(r);
                if (v == null) continue;
                if (!first) sb.append(',');
                first = false;
                FieldTags.Tag tag = tag(f, r, v);
                sb.append("{\"objType\":")
                        .append(Json.quote(r.scope().jsonName()))
                        .append(",\"proxyId\":")
                        .append(r.iid())
                        .append(",\"id\":")
                        .append(r.sid())
                        .append(",\"field\":{\"pos\":")
                        .append(f.position())
                        .append(",\"name\":")
                        .append(Json.quote(f.column()))
                        .append("},\"processNum\":1,\"tags\":{\"origin\":")
                        .append(Json.quote(tag.origin()))
                        .append(",\"nature\":")
                        .append(Json.quote(tag.nature()))
                        .append(",\"scope\":")
                        .append(Json.quote(tag.scope()))
                        .append("},\"value\":{\"type\":")
                        .append(Json.quote(tag.type()));
                if (v instanceof Number n && !tag.type().equals("str")) {
                    sb.append(",\"value\":").append(n.longValue());
                } else {
                    sb.append(",\"value\":").append(Json.quote(String.valueOf(v)));
                }
                sb.append("}}");
            }
            sb.append(']');
        }
        sb.append("]\n");
        return sb.toString();
    }

    /**
     * HAProxy 2.6's tags and type for this field of this kind of row ({@link FieldTags}); a column HAProxy does
     * not type (none today) falls back on the field's kind.
     */
    static FieldTags.Tag tag(StatField f, StatRow r, Object v) {
        FieldTags.Tag t = FieldTags.stat(f.column(), r.scope());
        if (t != null) return t;
        String type = v instanceof Number ? (f.kind() == StatField.Kind.COUNTER ? "u64" : "u32") : "str";
        String nature =
                switch (f.kind()) {
                    case KEY -> "N";
                    case COUNTER -> "C";
                    case GAUGE -> "G";
                    case TEXT -> "O";
                };
        return new FieldTags.Tag("M" + nature + "P", type);
    }

    /**
     * {@code show stat typed}: one line per field with a value,
     * {@code S.2.1.0.pxname.1:KNS:str:bk} = object type, proxy id, server id, field position, name,
     * process number, tags, type, value.
     */
    public static String typed(List<StatRow> rows) {
        StringBuilder sb = new StringBuilder(rows.size() * 2048);
        for (StatRow r : rows) {
            char type =
                    switch (r.scope()) {
                        case FRONTEND -> 'F';
                        case BACKEND -> 'B';
                        case SERVER -> 'S';
                    };
            for (StatField f : StatField.values()) {
                Object v = f.separator() ? null : f.value(r);
                if (v == null) continue;
                FieldTags.Tag tag = tag(f, r, v);
                sb.append(type)
                        .append('.')
                        .append(r.iid())
                        .append('.')
                        .append(r.sid())
                        .append('.')
                        .append(f.position())
                        .append('.')
                        .append(f.column())
                        .append(".1:")
                        .append(tag.tags())
                        .append(':')
                        .append(tag.type())
                        .append(':')
                        .append(v)
                        .append('\n');
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
