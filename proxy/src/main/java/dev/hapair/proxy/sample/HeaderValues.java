package dev.hapair.proxy.sample;

import java.util.ArrayList;
import java.util.List;

/** Header occurrences as the {@code hdr()} family sees them. */
public final class HeaderValues {

    private HeaderValues() {}

    /**
     * @param commaSplit true for {@code hdr()} (each comma-separated value is one occurrence), false for
     *                   {@code fhdr()} (the full line is one occurrence)
     * @param occurrence 0 for all, n &gt; 0 the n-th, n &lt; 0 the n-th from the end
     */
    public static List<String> occurrences(List<String> fieldValues, boolean commaSplit, int occurrence) {
        if (fieldValues == null || fieldValues.isEmpty()) {
            return List.of();
        }
        if (fieldValues.size() == 1 && occurrence == 0) {
            // one line, the usual case: no list to grow (a value without commas is one occurrence)
            String v = fieldValues.get(0);
            if (!commaSplit || v.indexOf(',') < 0) {
                return List.of(v.trim());
            }
        }
        List<String> out;
        if (commaSplit) {
            out = new ArrayList<>();
            for (String v : fieldValues) {
                split(v, out);
            }
        } else {
            out = new ArrayList<>(fieldValues.size());
            for (String v : fieldValues) {
                out.add(v.trim());
            }
        }
        if (occurrence == 0) {
            return out;
        }
        int idx = occurrence > 0 ? occurrence - 1 : out.size() + occurrence;
        return idx >= 0 && idx < out.size() ? List.of(out.get(idx)) : List.of();
    }

    /** Splits on commas outside double quotes, trimming optional whitespace. */
    private static void split(String v, List<String> out) {
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(v.substring(start, i).trim());
                start = i + 1;
            }
        }
        out.add(v.substring(start).trim());
    }
}
