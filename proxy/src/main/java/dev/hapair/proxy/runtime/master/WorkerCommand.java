package dev.hapair.proxy.runtime.master;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker's arguments from the master's: the master-only flags go ({@code -W}, {@code -Ws}, {@code -S ADDR},
 * {@code -p PIDFILE}: the master writes the pid file with its own pid, as HAProxy's), the worker stays in the
 * foreground ({@code -db}), writes its pid in the master's private directory and reads, first, the small configuration holding the master's private stats socket.
 */
public final class WorkerCommand {
    private WorkerCommand() {}

    /**
     * @param workerPidfile where the worker writes its pid ({@code -p} wins over the configuration's
     *                      {@code pidfile}, which is the master's)
     */
    public static List<String> arguments(List<String> masterArgs, Path internalConfig, Path workerPidfile) {
        List<String> out =
                new ArrayList<>(List.of("-db", "-p", workerPidfile.toString(), "-f", internalConfig.toString()));
        for (int i = 0; i < masterArgs.size(); i++) {
            String a = masterArgs.get(i);
            if (a.equals("--")) {
                out.addAll(masterArgs.subList(i, masterArgs.size()));
                break;
            }
            switch (a) {
                case "-W", "-Ws", "-db", "-d" -> {}
                case "-S", "-p" -> i++;
                default -> out.add(a);
            }
        }
        return out;
    }

    /** The worker's extra configuration: the stats socket the master forwards {@code @1 ...} commands to. */
    public static String internalConfig(Path statsSocket) {
        return "# written by the hapair-proxy master (-W): its private CLI into the worker\n"
                + "global\n"
                + "    stats socket " + statsSocket + " mode 600 level admin\n";
    }
}
