package dev.hapair.proxy.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for the three machine outputs, strict enough that a format slip fails the tests. */
final class StatsParsing {
    private StatsParsing() {}

    /** CSV to rows keyed "pxname/svname", each a column-name to cell map; checks every line has the header's width. */
    static Map<String, Map<String, String>> csv(String text) {
        String[] lines = text.split("\n", -1);
        assertTrue(lines[0].startsWith("# "), "header must start with '# '");
        String[] cols = lines[0].substring(2).split(",", -1);
        assertEquals("", cols[cols.length - 1], "header ends with a comma");
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) continue;
            String[] cells = lines[i].split(",", -1);
            assertEquals(cols.length, cells.length, "width of line " + i + ": " + lines[i]);
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < cols.length - 1; c++) row.put(cols[c], cells[c]);
            rows.put(row.get("pxname") + "/" + row.get("svname"), row);
        }
        return rows;
    }

    /** HAProxy typed JSON to the same shape as {@link #csv}. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, String>> json(String text) {
        Object root = MiniJson.parse(text);
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        for (Object r : (List<Object>) root) {
            Map<String, String> row = new LinkedHashMap<>();
            int lastPos = -1;
            for (Object f : (List<Object>) r) {
                Map<String, Object> field = (Map<String, Object>) f;
                Map<String, Object> fd = (Map<String, Object>) field.get("field");
                int pos = ((Long) fd.get("pos")).intValue();
                assertTrue(pos > lastPos, "fields in column order");
                lastPos = pos;
                // JSON positions skip the CSV's '-' separator column
                StatField at = StatField.values()[pos];
                if (at.ordinal() >= StatField.SEPARATOR.ordinal()) at = StatField.values()[pos + 1];
                assertEquals(at.column(), fd.get("name"));
                Map<String, Object> v = (Map<String, Object>) field.get("value");
                row.put((String) fd.get("name"), String.valueOf(v.get("value")));
            }
            rows.put(row.get("pxname") + "/" + row.get("svname"), row);
        }
        return rows;
    }

    private static final Pattern SAMPLE =
            Pattern.compile("([a-z_][a-z0-9_]*)(\\{([^}]*)\\})? (-?[0-9.]+(e[-+]?[0-9]+)?|NaN)");
    private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /**
     * Prometheus text to "name{labels in order}" → value. Checks the exposition rules: one TYPE per
     * family, written before its samples, and a family's samples contiguous.
     */
    static Map<String, Double> prometheus(String text) {
        Map<String, Double> out = new HashMap<>();
        Set<String> typed = new HashSet<>();
        Set<String> finished = new HashSet<>();
        String current = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) continue;
            if (line.startsWith("# TYPE ")) {
                String[] p = line.split(" ");
                assertTrue(p[3].equals("gauge") || p[3].equals("counter"), line);
                assertTrue(typed.add(p[2]), "TYPE twice for " + p[2]);
                if (current != null) finished.add(current);
                current = p[2];
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) fail("not a sample line: " + line);
            String name = m.group(1);
            assertTrue(typed.contains(name), "sample before its TYPE: " + line);
            assertTrue(!finished.contains(name) && name.equals(current), "family not contiguous: " + line);
            List<String> labels = new ArrayList<>();
            if (m.group(3) != null) {
                Matcher lm = LABEL.matcher(m.group(3));
                while (lm.find()) labels.add(lm.group(1) + "=" + lm.group(2));
            }
            String key = name + labels;
            if (out.put(key, Double.parseDouble(m.group(4))) != null) fail("duplicate sample " + key);
        }
        return out;
    }
}
