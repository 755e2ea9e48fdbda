package dev.hapair.proxy.stats;

import dev.hapair.proxy.config.StatsLevel;
import dev.hapair.proxy.sample.MapRegistry;
import dev.hapair.proxy.sample.PatternRef;
import java.util.List;
import java.util.function.Supplier;

/**
 * The runtime API's acl commands, as HAProxy 2.6's management guide defines them: {@code show acl [[@<ver>]
 * <acl>]}, {@code get acl <acl> <value>}, {@code add acl [@<ver>] <acl> <pattern>}, {@code del acl <acl>
 * [<key>|#<ref>]}, {@code clear acl [@<ver>] <acl>}, {@code prepare acl <acl>}, {@code commit acl @<ver> <acl>}.
 * {@code <acl>} is a pattern file's name or {@code #<id>} from {@code show acl}. Changes apply to the next
 * evaluation without reload and last until the next reload, which reads the files again. Answers and error
 * texts are HAProxy 2.6.12's.
 */
public final class AclCommands {
    static final String UNKNOWN = "Unknown ACL identifier. Please use #<id> or <file>.\n";

    private final Supplier<MapRegistry> refs;

    public AclCommands(Supplier<MapRegistry> refs) {
        this.refs = refs;
    }

    /** Registers every acl command on {@code api}. */
    public void registerOn(RuntimeApi api) {
        register(
                api,
                "show acl",
                StatsLevel.USER,
                "show acl [@<ver>] [acl]        : list acls or dump an acl's patterns",
                this::show);
        register(
                api,
                "get acl",
                StatsLevel.USER,
                "get acl <acl> <value>          : report the patterns matching a value",
                this::get);
        register(
                api,
                "add acl",
                StatsLevel.OPERATOR,
                "add acl [@<ver>] <acl> <pattern> : add a pattern to an acl",
                this::add);
        register(
                api,
                "del acl",
                StatsLevel.OPERATOR,
                "del acl <acl> [<key>|#<ref>]   : delete patterns from an acl",
                this::del);
        register(
                api,
                "clear acl",
                StatsLevel.OPERATOR,
                "clear acl [@<ver>] <acl>       : delete every pattern of an acl version",
                this::clear);
        register(
                api,
                "prepare acl",
                StatsLevel.OPERATOR,
                "prepare acl <acl>              : allocate a new version of an acl",
                this::prepare);
        register(
                api,
                "commit acl",
                StatsLevel.OPERATOR,
                "commit acl @<ver> <acl>        : make a prepared version current",
                this::commit);
    }

    private interface Body {
        String run(Args a);
    }

    private static void register(RuntimeApi api, String name, StatsLevel level, String help, Body body) {
        api.register(name, CliCommand.of(level, "  " + help, (w, session) -> body.run(Args.of(w))));
    }

    /** The words after {@code <verb> acl}, with an optional leading {@code @<ver>} taken apart. */
    private record Args(Integer version, List<String> rest) {
        static Args of(List<String> w) {
            List<String> rest = w.subList(Math.min(2, w.size()), w.size());
            if (!rest.isEmpty() && rest.get(0).startsWith("@")) {
                return new Args(version(rest.get(0).substring(1)), rest.subList(1, rest.size()));
            }
            return new Args(null, rest);
        }

        /** HAProxy reads the leading digits as an unsigned 32-bit number; none is version 0. */
        private static int version(String s) {
            long v = 0;
            for (int i = 0; i < s.length() && Character.isDigit(s.charAt(i)); i++) {
                v = (v * 10 + (s.charAt(i) - '0')) & 0xffffffffL;
            }
            return (int) v;
        }

        PatternRef ref(MapRegistry r) {
            return rest.isEmpty() ? null : r.findAcl(rest.get(0));
        }
    }

    String show(Args a) {
        if (a.rest().isEmpty()) {
            StringBuilder sb = new StringBuilder("# id (file) description\n");
            for (PatternRef r : refs.get().acls()) {
                sb.append(r.describe()).append('\n');
            }
            return sb.toString();
        }
        PatternRef r = a.ref(refs.get());
        if (r == null) return UNKNOWN;
        StringBuilder sb = new StringBuilder();
        for (PatternRef.Entry e : r.entries(a.version())) {
            sb.append(String.format("0x%x", e.id()))
                    .append(' ')
                    .append(e.pattern())
                    .append('\n');
        }
        return sb.toString();
    }

    String get(Args a) {
        if (a.rest().size() < 2) return "Missing ACL identifier and/or key.\n";
        PatternRef r = a.ref(refs.get());
        if (r == null) return UNKNOWN;
        StringBuilder sb = new StringBuilder();
        for (String line : r.lookup(a.rest().get(1))) {
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    String add(Args a) {
        if (a.rest().size() < 2) return "'add acl' expects two parameters: ACL identifier and pattern.\n";
        MapRegistry registry = refs.get();
        PatternRef r = a.ref(registry);
        if (r == null) {
            return registry.find(a.rest().get(0)) != null
                    ? "This ACL is shared with a map containing samples. You must use the command 'add map' to add"
                            + " values.\n"
                    : UNKNOWN;
        }
        try {
            r.add(a.version(), a.rest().get(1));
        } catch (PatternRef.RefusedException e) {
            return e.getMessage() + (e.getMessage().endsWith(".") ? "" : ".") + "\n";
        }
        return "";
    }

    String del(Args a) {
        if (a.rest().size() < 2) return "This command expects two parameters: ACL identifier and key.\n";
        PatternRef r = a.ref(refs.get());
        // HAProxy 2.6 answers an unknown acl here with the map command's words
        if (r == null) return MapCommands.UNKNOWN;
        String key = a.rest().get(1);
        boolean found;
        if (key.startsWith("#")) {
            Long id = entryId(key.substring(1));
            found = id != null && r.deleteId(id);
        } else {
            found = r.delete(key);
        }
        return found ? "" : "Key not found.\n";
    }

    private static Long entryId(String s) {
        try {
            return s.startsWith("0x") || s.startsWith("0X")
                    ? Long.parseUnsignedLong(s.substring(2), 16)
                    : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    String clear(Args a) {
        if (a.rest().isEmpty()) return "Missing ACL identifier.\n";
        PatternRef r = a.ref(refs.get());
        if (r == null) return UNKNOWN;
        r.clear(a.version());
        return "";
    }

    String prepare(Args a) {
        PatternRef r = a.ref(refs.get());
        if (r == null) return UNKNOWN;
        return "New version created: " + Integer.toUnsignedString(r.prepare()) + "\n";
    }

    String commit(Args a) {
        if (a.version() == null) return "Missing version number.\n";
        PatternRef r = a.ref(refs.get());
        if (r == null) return UNKNOWN;
        try {
            r.commit(a.version());
        } catch (PatternRef.RefusedException e) {
            return e.getMessage() + "\n";
        }
        return "";
    }
}
