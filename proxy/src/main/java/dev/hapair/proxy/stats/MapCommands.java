package dev.hapair.proxy.stats;

import dev.hapair.proxy.config.StatsLevel;
import dev.hapair.proxy.sample.MapFile;
import dev.hapair.proxy.sample.MapRegistry;
import dev.hapair.proxy.sample.MatchKind;
import dev.hapair.proxy.sample.Sample;
import java.util.List;
import java.util.function.Supplier;

/**
 * The runtime API's map commands: {@code show map [MAP]}, {@code get map MAP VALUE}, {@code add map MAP KEY VALUE},
 * {@code set map MAP KEY VALUE}, {@code del map MAP KEY}, {@code clear map MAP}. MAP is the file name as
 * written in the configuration or {@code #ID}. Changes take effect for the next lookup, without reload,
 * and last until the next reload (which reads the files again), as in HAProxy.
 */
public final class MapCommands {
    static final String UNKNOWN = "Unknown map identifier. Please use #<id> or <file>.\n";

    private final Supplier<MapRegistry> maps;

    public MapCommands(Supplier<MapRegistry> maps) {
        this.maps = maps;
    }

    /** Registers every map command on {@code api}. */
    public void registerOn(RuntimeApi api) {
        api.register(
                "show map",
                command(
                        StatsLevel.USER,
                        "  show map [map]                : list maps or dump a map's entries",
                        this::show));
        api.register(
                "get map",
                command(StatsLevel.USER, "  get map <map> <value>         : look a value up in a map", this::get));
        api.register(
                "add map",
                command(StatsLevel.OPERATOR, "  add map <map> <key> <value>   : add an entry to a map", this::add));
        api.register(
                "set map",
                command(
                        StatsLevel.OPERATOR,
                        "  set map <map> <key> <value>   : change the value of an entry",
                        this::set));
        api.register(
                "del map",
                command(
                        StatsLevel.OPERATOR,
                        "  del map <map> <key>           : delete the entries with that key",
                        this::del));
        api.register(
                "clear map",
                command(
                        StatsLevel.OPERATOR,
                        "  clear map <map>               : delete every entry of a map",
                        this::clear));
    }

    private interface Body {
        String run(List<String> w);
    }

    private static CliCommand command(StatsLevel level, String help, Body body) {
        return CliCommand.of(level, help, (w, session) -> body.run(w));
    }

    private MapFile map(List<String> w) {
        return w.size() > 2 ? maps.get().find(w.get(2)) : null;
    }

    String show(List<String> w) {
        if (w.size() == 2) {
            StringBuilder sb = new StringBuilder("# id (file) description\n");
            for (MapFile m : maps.get().all()) {
                sb.append(m.uniqueId())
                        .append(" (")
                        .append(m.path())
                        .append(") pattern loaded from file '")
                        .append(m.path())
                        .append("'. entry_cnt=")
                        .append(m.entries().size())
                        .append('\n');
            }
            return sb.toString();
        }
        MapFile m = map(w);
        if (m == null) return UNKNOWN;
        StringBuilder sb = new StringBuilder();
        for (MapFile.Entry e : m.entries()) {
            sb.append(String.format("0x%x", e.id()))
                    .append(' ')
                    .append(e.key())
                    .append(' ')
                    .append(e.value())
                    .append('\n');
        }
        return sb.toString();
    }

    String get(List<String> w) {
        if (w.size() != 4) return "'get map' expects <map> and <value>.\n";
        MapFile m = map(w);
        if (m == null) return UNKNOWN;
        String v = m.lookup(MatchKind.STR, Sample.str(w.get(3)));
        return v == null
                ? "type=str, case=sensitive, found=no\n"
                : "type=str, case=sensitive, found=yes, idx=tree, key=\"" + w.get(3) + "\", value=\"" + v
                        + "\", type=\"str\"\n";
    }

    String add(List<String> w) {
        if (w.size() < 5) return "'add map' expects <map>, <key> and <value>.\n";
        MapFile m = map(w);
        if (m == null) return UNKNOWN;
        m.add(w.get(3), String.join(" ", w.subList(4, w.size())));
        return "";
    }

    String set(List<String> w) {
        if (w.size() < 5) return "'set map' expects <map>, <key> and <value>.\n";
        MapFile m = map(w);
        if (m == null) return UNKNOWN;
        return m.set(w.get(3), String.join(" ", w.subList(4, w.size()))) ? "" : "entry not found.\n";
    }

    String del(List<String> w) {
        if (w.size() != 4) return "'del map' expects <map> and <key>.\n";
        MapFile m = map(w);
        if (m == null) return UNKNOWN;
        return m.delete(w.get(3)) ? "" : "Key not found.\n";
    }

    String clear(List<String> w) {
        if (w.size() != 3) return "'clear map' expects <map>.\n";
        MapFile m = map(w);
        if (m == null) return UNKNOWN;
        m.clear();
        return "";
    }
}
