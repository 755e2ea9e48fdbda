package dev.hapair.proxy.stats;

import dev.hapair.proxy.config.StatsLevel;
import dev.hapair.proxy.sample.FormatString;
import dev.hapair.proxy.sample.Phase;
import dev.hapair.proxy.sample.Sample;
import dev.hapair.proxy.sample.SampleContext;
import dev.hapair.proxy.sample.SampleEnv;
import dev.hapair.proxy.sample.SampleException;
import dev.hapair.proxy.sample.SampleExpr;
import dev.hapair.proxy.sample.SampleParser;
import dev.hapair.proxy.sample.SampleType;
import dev.hapair.proxy.sample.VarRef;
import dev.hapair.proxy.sample.Vars;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Supplier;

/**
 * The runtime API's process-wide variable commands, as in HAProxy 2.6: {@code get var <proc.name>} (operator),
 * {@code set var <proc.name> [expr|fmt] <...>} (operator, experimental mode only) and
 * {@code experimental-mode [on|off]}. Expressions may use only fetches that need no connection.
 */
public final class VarCommands {

    /** The live {@code proc} variables and the environment CLI expressions compile in. */
    public record Target(Vars.Proc proc, SampleEnv env) {}

    private final Supplier<Target> target;

    public VarCommands(Supplier<Target> target) {
        this.target = target;
    }

    public void registerOn(RuntimeApi api) {
        api.register(
                "get var",
                command(
                        StatsLevel.OPERATOR,
                        "  get var <name>                : show a process-wide variable",
                        this::get));
        api.register(
                "set var",
                command(
                        StatsLevel.OPERATOR,
                        "  set var <name> [fmt|expr] {<fmt>|<expr>} : set a process-wide variable (experimental mode)",
                        this::set));
        // admin only, as HAProxy 2.6's (the master CLI turns it on before lowering a session's level)
        api.register("experimental-mode", command(StatsLevel.ADMIN, null, VarCommands::experimentalMode));
    }

    private interface Body {
        String run(List<String> w, CliSession s);
    }

    private static CliCommand command(StatsLevel level, String help, Body body) {
        return new CliCommand() {
            @Override
            public StatsLevel level() {
                return level;
            }

            @Override
            public String help() {
                return help;
            }

            @Override
            public String run(List<String> words, CliSession session) {
                return body.run(words, session);
            }
        };
    }

    static String experimentalMode(List<String> w, CliSession s) {
        if (w.size() == 1) {
            return "experimental-mode is " + (s.experimental() ? "ON" : "OFF") + "\n";
        }
        switch (w.get(1)) {
            case "on" -> s.experimental(true);
            case "off" -> s.experimental(false);
            default -> {} // HAProxy 2.6 ignores any other word
        }
        return "";
    }

    String get(List<String> w, CliSession s) {
        if (w.size() < 3) {
            return "Missing process-wide variable identifier.\n";
        }
        Sample v = read(w.get(2));
        if (v == null) {
            return "Variable not found.\n";
        }
        StringBuilder sb = new StringBuilder(w.get(2))
                .append(": type=")
                .append(v.type().label())
                .append(" value=");
        Sample text = v.cast(SampleType.STR);
        if (text == null) {
            sb.append("(undisplayable)");
        } else {
            sb.append('<');
            for (char c : text.toText().toCharArray()) {
                sb.append(c >= 0x20 && c < 0x7f ? c : '.');
            }
            sb.append('>');
        }
        return sb.toString(); // HAProxy's message has no newline of its own before the end of the answer
    }

    private Sample read(String name) {
        VarRef ref;
        try {
            ref = VarRef.parse(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (ref.scope() != VarRef.Scope.PROC) {
            return null; // only process-wide variables are readable here
        }
        return new Vars(target.get().proc()).get(ref);
    }

    String set(List<String> w, CliSession s) {
        if (!s.experimental()) {
            return "This command is restricted to experimental mode only.\n";
        }
        if (w.size() < 3) {
            return "Missing process-wide variable identifier.\n";
        }
        if (w.size() < 4) {
            return "Missing either 'expr', 'fmt' or expression.\n";
        }
        VarRef ref;
        try {
            ref = VarRef.parse(w.get(2));
        } catch (IllegalArgumentException e) {
            return "'set var': " + e.getMessage() + ".\n";
        }
        if (ref.scope() != VarRef.Scope.PROC) {
            return "'set var': cannot set variable '" + w.get(2) + "', only scope 'proc' is permitted here.\n";
        }
        int from = 3;
        boolean fmt = false;
        if (w.size() > 4 && (w.get(3).equals("fmt") || w.get(3).equals("expr"))) {
            fmt = w.get(3).equals("fmt");
            from = 4;
        }
        String text = String.join(" ", w.subList(from, w.size()));
        Target t = target.get();
        Vars vars = new Vars(t.proc());
        SampleContext ctx = new SampleContext() {
            @Override
            public Vars vars() {
                return vars;
            }
        };
        EnumSet<Phase> phases = EnumSet.of(Phase.CONNECTION);
        try {
            Sample v;
            if (fmt) {
                v = Sample.str(
                        FormatString.compile(text, t.env(), phases, "CLI").render(ctx));
            } else {
                SampleExpr e = SampleParser.compile(text, t.env(), phases, "CLI");
                v = e.eval(ctx);
            }
            if (v != null) {
                vars.set(ref, v);
            }
            return "";
        } catch (SampleException | IllegalArgumentException e) {
            return "'set var': " + e.getMessage() + "\n";
        }
    }
}
