package dev.hapair.proxy.runtime.master;

import java.util.ArrayList;
import java.util.List;

/**
 * The master CLI's commands: {@code help}, {@code show proc}, {@code reload}, {@code prompt}, {@code quit}, and
 * {@code @1 <command>} / {@code @!<pid> <command>} sending one command to the worker's CLI ({@code @1} alone: every
 * next command, until {@code @}). A line may hold several commands
 * separated by {@code ;}. Each command's answer ends with an empty line, as on HAProxy's CLI.
 */
public final class MasterCommands {

    /** What the commands act on: the running master. */
    public interface Master {
        /** The {@code show proc} table. */
        String showProc();

        /** Asks the worker to reload (as SIGUSR2 to the master). */
        void reload();

        /** The worker's pid, or -1 when there is none. */
        long workerPid();

        /** Sends one command line to the worker's CLI and returns its answer. */
        String toWorker(String command);

        /** {@code show version}: the master's version. */
        default String version() {
            return dev.hapair.proxy.stats.ProcessInfo.VERSION;
        }
    }

    public static final String HELP = String.join(
            "\n",
            "The following commands are valid at this level:",
            "  @!<pid>                                 : send a command to the <pid> process",
            "  @<relative pid>                         : send a command to the <relative pid> process",
            "  @master                                 : send a command to the master process",
            "  operator                                : lower the level of the current CLI session to operator",
            "  reload                                  : reload the worker's configuration (as SIGUSR2 to the master)",
            "  show cli level                          : display the level of the current CLI session",
            "  show cli sockets                        : dump list of cli sockets",
            "  show proc                               : show processes status",
            "  show version                            : show version of the current process",
            "  user                                    : lower the level of the current CLI session to user",
            "  help                                    : list of available commands",
            "  prompt                                  : toggle interactive mode with prompt",
            "  quit                                    : disconnect",
            "");

    /**
     * HAProxy 2.6 master CLI commands hapair does not have: said so, never silently ignored. {@code
     * mcli-debug-mode} would give the master the worker's keywords, which hapair's master does not have.
     */
    static final java.util.Set<String> NOT_SUPPORTED = java.util.Set.of("mcli-debug-mode");

    /** The master's answer to a command it does not know (HAProxy 2.6 has no {@code show startup-logs}). */
    static final String UNKNOWN = "Unknown command, but maybe one of the following ones is a better match:\n";

    /**
     * One master CLI connection: interactive ({@code prompt}) or not, the process commands go to by default
     * ({@code @1} / {@code @!<pid>} alone switch to the worker, {@code @} or {@code @master} back), and whether
     * it ends ({@code quit}, an unknown target).
     */
    public static final class Session {
        private boolean prompt;
        private String target;
        private boolean quit;
        private dev.hapair.proxy.config.StatsLevel level = dev.hapair.proxy.config.StatsLevel.ADMIN;
        private boolean expert;
        private boolean experimental;

        /** The session's level: admin, lowered by {@code operator} / {@code user}. */
        public dev.hapair.proxy.config.StatsLevel level() {
            return level;
        }

        /**
         * The commands that give a worker the session's level and modes, as HAProxy's master passes them on
         * ({@code experimental-mode on; expert-mode on; user; }), or "".
         */
        List<String> workerPrefix() {
            List<String> p = new ArrayList<>();
            if (experimental) p.add("experimental-mode on");
            if (expert) p.add("expert-mode on");
            if (level != dev.hapair.proxy.config.StatsLevel.ADMIN) p.add(level.keyword());
            return p;
        }

        /** HAProxy's mode flags in the prompt: {@code (xe)}. */
        private String flags() {
            String f = (experimental ? "x" : "") + (expert ? "e" : "");
            return f.isEmpty() ? "" : "(" + f + ")";
        }

        public boolean prompt() {
            return prompt;
        }

        public boolean quit() {
            return quit;
        }

        /**
         * HAProxy's prompt: {@code master> }, {@code <pid>> } on a worker, {@code master[ReloadFailed]> } when the
         * last reload failed.
         */
        public String promptText(long workerPid, boolean lastReloadFailed) {
            if (target != null) return workerPid + flags() + "> ";
            return (lastReloadFailed ? "master[ReloadFailed]" : "master") + flags() + "> ";
        }
    }

    /** One parsed command: for the master ({@code target == null}) or for the worker named by {@code target}. */
    public record Command(String target, String text) {}

    private MasterCommands() {}

    /** Splits a line into commands on {@code ;} and peels a leading {@code @...} target off each. */
    public static List<Command> parse(String line) {
        List<Command> out = new ArrayList<>();
        for (String part : line.split(";")) {
            String p = part.strip();
            if (p.isEmpty()) continue;
            if (p.startsWith("@")) {
                int sp = p.indexOf(' ');
                String target = sp < 0 ? p.substring(1) : p.substring(1, sp);
                String text = sp < 0 ? "" : p.substring(sp + 1).strip();
                out.add(new Command(target, text));
            } else {
                out.add(new Command(null, p));
            }
        }
        return out;
    }

    /** Runs every command of the line and returns the answers, one after the other (a one-line session). */
    public static String execute(String line, Master master) {
        return execute(line, master, new Session());
    }

    /** Runs every command of the line in {@code session}; stops at a command that ends the session. */
    public static String execute(String line, Master master, Session session) {
        StringBuilder b = new StringBuilder();
        for (Command c : parse(line)) {
            b.append(execute(c, master, session));
            if (session.quit) break;
        }
        return b.toString();
    }

    static String execute(Command c, Master master, Session session) {
        if (c.target() != null) {
            boolean toMaster = c.target().isEmpty() || c.target().equals("master");
            if (!toMaster && !namesWorker(c.target(), master.workerPid())) {
                session.quit = true; // HAProxy closes the connection too
                return "Can't find the target PID matching the prefix '@" + c.target() + "'\n";
            }
            if (c.text().isEmpty()) {
                session.target = toMaster ? null : c.target(); // the default target of the next commands
                return "";
            }
            return toMaster ? master(c.text(), master, session) : toWorker(c.text(), master, session);
        }
        String words = String.join(" ", c.text().split("\\s+"));
        if (session.target != null && !words.equals("prompt") && !words.equals("quit")) {
            if (!namesWorker(session.target, master.workerPid())) {
                session.quit = true;
                return "Can't find the target PID matching the prefix '@" + session.target + "'\n";
            }
            return toWorker(c.text(), master, session);
        }
        return master(c.text(), master, session);
    }

    /**
     * A command for the worker, run there at the session's level and modes: the prefix commands go first on the
     * same line and their empty answers (one empty line each) are taken off the reply.
     */
    static String toWorker(String text, Master master, Session session) {
        List<String> prefix = session.workerPrefix();
        if (prefix.isEmpty()) return master.toWorker(text);
        String reply = master.toWorker(String.join("; ", prefix) + "; " + text);
        for (int i = 0; i < prefix.size() && reply.startsWith("\n"); i++) reply = reply.substring(1);
        return reply;
    }

    private static String master(String text, Master master, Session session) {
        String words = String.join(" ", text.split("\\s+"));
        if (NOT_SUPPORTED.contains(words) || NOT_SUPPORTED.contains(words.split(" ")[0])) {
            return "'" + words + "' is not supported by hapair-proxy's master CLI.\n\n";
        }
        String[] w = words.split(" ");
        boolean admin = session.level == dev.hapair.proxy.config.StatsLevel.ADMIN;
        switch (w[0]) {
            case "operator", "user" -> {
                var to = w[0].equals("user")
                        ? dev.hapair.proxy.config.StatsLevel.USER
                        : dev.hapair.proxy.config.StatsLevel.OPERATOR;
                if (!session.level.allows(to)) return "Permission denied!\n"; // HAProxy 2.6's master words
                session.level = to;
                return "";
            }
            case "expert-mode", "experimental-mode" -> {
                if (!admin) return "Permission denied!\n";
                if (w.length > 1 && (w[1].equals("on") || w[1].equals("off"))) {
                    if (w[0].equals("expert-mode")) session.expert = w[1].equals("on");
                    else session.experimental = w[1].equals("on");
                }
                return "";
            }
            default -> {}
        }
        return switch (words) {
            case "help" -> HELP + "\n";
            case "show proc" -> master.showProc() + "\n";
            case "show cli level" -> session.level.keyword() + "\n\n";
            case "show cli sockets" -> "\n"; // as HAProxy 2.6's master: none listed
            case "show version" -> master.version() + "\n\n";
            case "reload" -> {
                if (session.level == dev.hapair.proxy.config.StatsLevel.USER) yield "Permission denied\n\n";
                master.reload();
                yield "";
            }
            case "prompt" -> {
                session.prompt = !session.prompt;
                if (!session.prompt) session.quit = true; // leaving interactive mode closes, as HAProxy's
                yield "";
            }
            case "quit" -> {
                session.quit = true;
                yield "";
            }
            case "" -> "";
            default -> unknown(w[0]);
        };
    }

    /**
     * HAProxy's answer to an unknown command: the commands starting with the same word (all of them when none
     * does), then {@code help}, {@code prompt} and {@code quit}. HAProxy's own choice of near matches is fuzzier.
     */
    static String unknown(String firstWord) {
        List<String> lines = List.of(HELP.split("\n"));
        List<String> commands = lines.subList(1, lines.size() - 3),
                always = lines.subList(lines.size() - 3, lines.size());
        StringBuilder b = new StringBuilder(UNKNOWN);
        List<String> near = commands.stream()
                .filter(l -> l.strip().startsWith(firstWord + " "))
                .toList();
        for (String l : near.isEmpty() ? commands : near) b.append(l).append('\n');
        for (String l : always) b.append(l).append('\n');
        return b.append('\n').toString();
    }

    /** {@code 1} (the first and only current worker) or {@code !<pid>} of that worker. */
    static boolean namesWorker(String target, long workerPid) {
        if (workerPid < 0) return false;
        if (target.equals("1")) return true;
        return target.startsWith("!") && target.substring(1).equals(Long.toString(workerPid));
    }
}
