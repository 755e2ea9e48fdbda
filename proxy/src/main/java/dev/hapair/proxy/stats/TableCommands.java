package dev.hapair.proxy.stats;

import dev.hapair.proxy.config.StatsLevel;
import dev.hapair.proxy.config.StickTableConfig.DataType;
import dev.hapair.proxy.stick.StickTable;
import dev.hapair.proxy.stick.StickTables;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The runtime API's stick-table commands (HAProxy 2.6 management guide): {@code show table [<name>
 * [data.<type> <op> <value>] | [key <key>]]} and {@code clear table <name> [data.<type> <op> <value>] |
 * [key <key>]}. Tracked entries are never cleared.
 */
public final class TableCommands {
    static final String NO_TABLE = "No such table\n";

    private final Supplier<StickTables> tables;

    public TableCommands(Supplier<StickTables> tables) {
        this.tables = tables;
    }

    public void registerOn(RuntimeApi api) {
        api.register(
                "show table",
                CliCommand.of(
                        StatsLevel.OPERATOR,
                        "  show table [<name>]           : report table usage stats or dump this table's contents",
                        (w, s) -> show(w)));
        api.register(
                "clear table",
                CliCommand.of(
                        StatsLevel.OPERATOR,
                        "  clear table <name> [key <k>]  : remove an entry from a table",
                        (w, s) -> clear(w)));
    }

    /** A parsed {@code key <k>} or {@code data.<type> <op> <value>} selection, or an error message. */
    private record Filter(Predicate<String> keys, DataType type, String op, long value, String error) {}

    private static Filter filter(StickTable t, List<String> w, int at) {
        if (w.size() == at) return new Filter(k -> true, null, null, 0, null);
        if (w.get(at).equals("key") && w.size() == at + 2) {
            String k = t.parseKey(w.get(at + 1));
            if (k == null) return new Filter(null, null, null, 0, "Unable to parse the key.\n");
            return new Filter(k::equals, null, null, 0, null);
        }
        if (w.get(at).startsWith("data.") && w.size() == at + 3) {
            DataType d = DataType.of(w.get(at).substring(5));
            if (d == null || !t.config().stores(d)) {
                return new Filter(null, null, null, 0, "Data type not stored in this table\n");
            }
            String op = w.get(at + 1);
            if (!List.of("eq", "ne", "le", "lt", "ge", "gt").contains(op)) {
                return new Filter(
                        null,
                        null,
                        null,
                        0,
                        "Require an operator among \"eq\", \"ne\", \"le\", \"ge\", \"lt\", \"gt\"\n");
            }
            try {
                return new Filter(k -> true, d, op, Long.parseLong(w.get(at + 2)), null);
            } catch (NumberFormatException e) {
                return new Filter(null, null, null, 0, "Require a valid integer value to compare against\n");
            }
        }
        return new Filter(
                null, null, null, 0, "Optional argument only supports \"data.<store_data_type>\" and key <key>\n");
    }

    String show(List<String> w) {
        StickTables all = tables.get();
        if (w.size() == 2) {
            StringBuilder sb = new StringBuilder();
            for (StickTable t : all.all()) sb.append(t.header());
            return sb.toString();
        }
        StickTable t = all.get(w.get(2));
        if (t == null) return NO_TABLE;
        Filter f = filter(t, w, 3);
        if (f.error() != null) return f.error();
        return t.dump(f.keys(), f.type(), f.op(), f.value());
    }

    String clear(List<String> w) {
        if (w.size() < 3) return "Missing table name.\n";
        StickTable t = tables.get().get(w.get(2));
        if (t == null) return NO_TABLE;
        Filter f = filter(t, w, 3);
        if (f.error() != null) return f.error();
        t.clear(f.keys(), f.type(), f.op(), f.value());
        return "";
    }
}
