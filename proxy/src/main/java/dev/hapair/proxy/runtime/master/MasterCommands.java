package dev.hapair.proxy.runtime.master;

import java.util.ArrayList;
import java.util.List;

/**
 * The master CLI's commands: {@code help}, {@code show proc}, {@code reload}, and {@code @1 <command>} /
 * {@code @!<pid> <command>} sending one command to the worker's CLI. A line may hold several commands
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
            "  @<relative pid>                         : send a command to the <relative pid> process",
            "  @!<pid>                                 : send a command to the <pid> process",
            "  help                                    : list of available commands",
            "  reload                                  : reload the worker's configuration (as SIGUSR2 to the master)",
            "  show proc                               : show processes status",
            "");

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

    /** Runs every command of the line and returns the answers, one after the other. */
    public static String execute(String line, Master master) {
        StringBuilder b = new StringBuilder();
        for (Command c : parse(line)) {
            b.append(execute(c, master));
        }
        return b.toString();
    }

    static String execute(Command c, Master master) {
        if (c.target() != null && !c.target().isEmpty()) {
            if (!namesWorker(c.target(), master.workerPid())) {
                return "Can't find the target PID matching the prefix '@" + c.target() + "'\n\n";
            }
            if (c.text().isEmpty()) {
                // HAProxy would switch the session's default target; one command per connection here
                return "Switching the default target ('@" + c.target() + "' alone) is not supported: " + "write '@"
                        + c.target() + " <command>'\n\n";
            }
            return master.toWorker(c.text());
        }
        String words = String.join(" ", c.text().split("\\s+"));
        return switch (words) {
            case "help" -> HELP + "\n";
            case "show proc" -> master.showProc() + "\n";
            case "reload" -> {
                master.reload();
                yield "";
            }
            case "" -> "";
            default -> "Unknown command: '" + c.text() + "'\n" + HELP + "\n";
        };
    }

    /** {@code 1} (the first and only current worker) or {@code !<pid>} of that worker. */
    static boolean namesWorker(String target, long workerPid) {
        if (workerPid < 0) return false;
        if (target.equals("1")) return true;
        return target.startsWith("!") && target.substring(1).equals(Long.toString(workerPid));
    }
}
