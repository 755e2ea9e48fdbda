package dev.hapair.proxy.stats;

import java.util.List;

/** {@code show stat} and {@code ;csv}: HAProxy's header line, then one line per row, each ending with a comma. */
public final class CsvRenderer {
    private CsvRenderer() {}

    public static String render(List<StatRow> rows) {
        StringBuilder sb = new StringBuilder(256 + rows.size() * 512);
        sb.append(StatField.csvHeader()).append('\n');
        for (StatRow r : rows) {
            for (StatField f : StatField.values()) {
                Object v = f.value(r);
                if (v != null) sb.append(escape(String.valueOf(v)));
                sb.append(',');
            }
            sb.append('\n');
        }
        sb.append('\n'); // HAProxy ends the dump with an empty line
        return sb.toString();
    }

    /** Commas and line breaks cannot appear in a cell (names cannot hold them; check texts might). */
    static String escape(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return s.replace(',', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
