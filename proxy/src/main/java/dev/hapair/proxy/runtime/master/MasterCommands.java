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
    }

    public static final String HELP = String.join(
            "\n",
            "The following commands are valid at this level:",
            "  @!<pid>                                 : send a command to the <pid> process",
            "  @<relative pid>                         : send a command to the <relative pid> process",
            "  @master                                 : send a command to the master process",
            "  reload                                  : reload the worker's configuration (as SIGUSR2 to the master)",
            "  show proc                               : show processes status",
            "  help                                    : list of available commands",
            "  prompt                                  : toggle interactive mode with prompt",
            "  quit                                    : disconnect",
            "");

    /** HAProxy master CLI commands hapair does not have: said so, never silently ignored. */
    static final java.util.Set<String> NOT_SUPPORTED = java.util.Set.of(
            "expert-mode",
            "experimental-mode",
            "mcli-debug-mode",
            "operator",
            "user",
            "show cli level",
            "show cli sockets",
            "show version",
            "show startup-logs",
            "hard-reload");

    /**
     * One master CLI connection: interactive ({@code prompt}) or not, the process commands go to by default
     * ({@code @1} / {@code @!<pid>} alone switch to the worker, {@code @} or {@code @master} back), and whether
     * it ends ({@code quit}, an unknown target).
     */
    public static final class Session {
        private boolean prompt;
        private String target;
        private boolean quit;

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
            if (target != null) return workerPid + "> ";
            return lastReloadFailed ? "master[ReloadFailed]> " : "master> ";
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
            return toMaster ? master(c.text(), master, session) : master.toWorker(c.text());
        }
        String words = String.join(" ", c.text().split("\\s+"));
        if (session.target != null && !words.equals("prompt") && !words.equals("quit")) {
            if (!namesWorker(session.target, master.workerPid())) {
                session.quit = true;
                return "Can't find the target PID matching the prefix '@" + session.target + "'\n";
            }
            return master.toWorker(c.text());
        }
        return master(c.text(), master, session);
    }

    private static String master(String text, Master master, Session session) {
        String words = String.join(" ", text.split("\\s+"));
        if (NOT_SUPPORTED.contains(words) || NOT_SUPPORTED.contains(words.split(" ")[0])) {
            return "'" + words + "' is not supported by hapair-proxy's master CLI.\n\n";
        }
        return switch (words) {
            case "help" -> HELP + "\n";
            case "show proc" -> master.showProc() + "\n";
            case "reload" -> {
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
            default -> "Unknown command: '" + text + "'\n" + HELP + "\n";
        };
    }

    /** {@code 1} (the first and only current worker) or {@code !<pid>} of that worker. */
    static boolean namesWorker(String target, long workerPid) {
        if (workerPid < 0) return false;
        if (target.equals("1")) return true;
        return target.startsWith("!") && target.substring(1).equals(Long.toString(workerPid));
    }
}
