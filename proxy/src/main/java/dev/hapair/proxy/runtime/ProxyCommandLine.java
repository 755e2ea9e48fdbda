package dev.hapair.proxy.runtime;

import dev.hapair.proxy.runtime.master.MasterCliAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * hapair-proxy's command line, with HAProxy's flags so unit files and scripts keep working:
 * {@code -f FILE|DIR} (repeatable; also every argument after {@code --}), {@code -c} check only,
 * {@code -q} quiet, {@code -V} verbose, {@code -db}, {@code -d} (and {@code -W}/{@code -Ws}) foreground (disable
 * background), {@code -D} daemon, {@code -p PIDFILE}, {@code -sf PID...} soft-stop old processes after start,
 * {@code -st PID...} terminate them, {@code -x SOCKET} fetch listening sockets from an old process,
 * {@code -v}/{@code -vv} version. Accepted without effect, because what they change does not exist in
 * hapair: {@code -dM[...]} (HAProxy's memory poisoning, a C debugging aid that fills allocated and freed
 * memory with a byte to expose reads of uninitialised or freed memory, which Java code cannot make) and {@code -L NAME}
 * (the local peer name, used only by {@code peers} sections, which hapair refuses). {@code -W}/{@code -Ws}
 * run HAProxy's master-worker mode (see {@code runtime.master}), with the master CLI on {@code -S}.
 *
 * @param foreground {@code -db}, {@code -d}, {@code -W} or {@code -Ws}: stay in the foreground even when the configuration
 *                   says {@code daemon}
 * @param daemon {@code -D}: run in the background (as the configuration's {@code daemon})
 * @param versionOnly {@code -v} or {@code -vv}: print the version and exit
 * @param softStopPids {@code -sf}: old processes to ask to finish (SIGUSR1) once listening
 * @param terminatePids {@code -st}: old processes to terminate (SIGTERM) once listening
 * @param socketTransfer {@code -x}: the stats socket of the old process to take listeners from
 * @param localPeer {@code -L}: the local peer name (kept for messages; no peers section can use it)
 * @param masterWorker {@code -W}/{@code -Ws}: run as a master supervising one worker
 * @param masterCli {@code -S}: the master CLI's address (master-worker mode only)
 */
public record ProxyCommandLine(
        List<Path> configPaths,
        boolean checkOnly,
        boolean quiet,
        boolean verbose,
        boolean foreground,
        boolean daemon,
        Optional<Path> pidfile,
        List<Integer> softStopPids,
        List<Integer> terminatePids,
        Optional<Path> socketTransfer,
        boolean versionOnly,
        Optional<String> localPeer,
        MasterWorker masterWorker,
        Optional<MasterCliAddress> masterCli) {

    /** HAProxy's process model: one process (the default), or a master and a worker. */
    public enum MasterWorker {
        /** One process (no {@code -W}). */
        NONE,
        /** {@code -W}: master and worker. */
        MASTER_WORKER,
        /** {@code -Ws}: master and worker, the master speaking sd_notify. */
        MASTER_WORKER_SYSTEMD
    }

    public static final String USAGE = String.join(
            "\n",
            "Usage: hapair-proxy [-f <cfgfile|cfgdir>]* [ -c ] [ -q ] [ -V ] [ -d | -db | -D ] [ -p <pidfile> ]",
            "                    [ -sf <pid>* | -st <pid>* ] [ -x <unix_socket> ] [ -v ] [ -- <cfgfile>* ]",
            "                    [ -W | -Ws ] [ -S <master-cli>[,mode,<octal>] ]",
            "  -f   read configuration from this file, or the *.cfg files of this directory (repeatable)",
            "  -c   check the configuration and exit (0: valid, 1: errors, 2: valid but no listener)",
            "  -q   quiet: print nothing but errors",
            "  -V   verbose (overrides -q)",
            "  -db  stay in the foreground, even with 'daemon' in the configuration",
            "  -d   the same as -db (HAProxy's debug mode; no trace of each exchange here)",
            "  -dM  accepted for HAProxy compatibility, no effect (C memory poisoning has no JVM equivalent)",
            "  -L   local peer name (only for 'peers' sections, which hapair does not support)",
            "  -W   master-worker mode: a master process supervises one worker (signals go to the master)",
            "  -Ws  -W for systemd: the master sends READY/RELOADING/STOPPING to $NOTIFY_SOCKET (Type=notify)",
            "  -S   master CLI (with -W/-Ws): <unix path>[,mode,<octal>] or ipv4@<host>:<port>",
            "  -D   run in the background (daemon)",
            "  -p   write the process id to this file",
            "  -sf  once listening, ask these pids to finish their connections and exit",
            "  -st  once listening, terminate these pids",
            "  -x   take the listening sockets from the old process over this unix stats socket",
            "  -v   print the version and exit");

    public ProxyCommandLine {
        configPaths = List.copyOf(configPaths);
        softStopPids = List.copyOf(softStopPids);
        terminatePids = List.copyOf(terminatePids);
    }

    /** A bad command line; the message says which flag and is followed by {@link #USAGE}. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    public static ProxyCommandLine parse(String... args) throws UsageException {
        List<Path> paths = new ArrayList<>();
        boolean check = false;
        boolean quiet = false;
        boolean verbose = false;
        boolean foreground = false;
        boolean daemon = false;
        Path pidfile = null;
        List<Integer> sf = new ArrayList<>();
        List<Integer> st = new ArrayList<>();
        Path socket = null;
        boolean version = false;
        String localPeer = null;
        MasterWorker masterWorker = MasterWorker.NONE;
        MasterCliAddress masterCli = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--" -> {
                    for (int j = i + 1; j < args.length; j++) {
                        paths.add(Path.of(args[j]));
                    }
                    i = args.length;
                }
                case "-f" -> paths.add(Path.of(value(args, i++, a)));
                case "-c" -> check = true;
                case "-q" -> quiet = true;
                case "-V" -> verbose = true;
                case "-db", "-d" -> foreground = true;
                case "-L" -> localPeer = value(args, i++, a);
                case "-S" -> {
                    try {
                        masterCli = MasterCliAddress.parse(value(args, i++, a));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("master CLI " + e.getMessage());
                    }
                }
                    // HAProxy's master-worker modes: the master stays in the foreground
                case "-W" -> {
                    foreground = true;
                    if (masterWorker == MasterWorker.NONE) masterWorker = MasterWorker.MASTER_WORKER;
                }
                case "-Ws" -> {
                    foreground = true;
                    masterWorker = MasterWorker.MASTER_WORKER_SYSTEMD;
                }
                case "-D" -> daemon = true;
                case "-p" -> pidfile = Path.of(value(args, i++, a));
                case "-x" -> socket = Path.of(value(args, i++, a));
                case "-v", "-vv" -> version = true;
                case "-sf", "-st" -> {
                    List<Integer> into = a.equals("-sf") ? sf : st;
                    while (i + 1 < args.length && args[i + 1].matches("[0-9]+")) {
                        into.add(pid(args[++i]));
                    }
                }
                default -> {
                    if (a.startsWith("-dM")) {
                        break; // memory poisoning: no JVM equivalent (see class comment)
                    }
                    throw new UsageException(
                            a.startsWith("-")
                                    ? "unknown option '" + a + "'"
                                    : "unexpected argument '" + a + "' (configuration files need -f)");
                }
            }
        }
        if (masterCli != null && masterWorker == MasterWorker.NONE) {
            throw new UsageException("option '-S' (master CLI) needs master-worker mode (-W or -Ws)");
        }
        if (foreground && daemon) {
            throw new UsageException("-db and -D are mutually exclusive");
        }
        if (!version && paths.isEmpty()) {
            throw new UsageException("no configuration file given (use -f FILE)");
        }
        return new ProxyCommandLine(
                paths,
                check,
                quiet && !verbose,
                verbose,
                foreground,
                daemon,
                Optional.ofNullable(pidfile),
                sf,
                st,
                Optional.ofNullable(socket),
                version,
                Optional.ofNullable(localPeer),
                masterWorker,
                Optional.ofNullable(masterCli));
    }

    private static String value(String[] args, int i, String flag) throws UsageException {
        if (i + 1 >= args.length) {
            throw new UsageException("option '" + flag + "' expects an argument");
        }
        return args[i + 1];
    }

    private static int pid(String s) throws UsageException {
        try {
            int p = Integer.parseInt(s);
            if (p <= 0) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new UsageException("invalid pid '" + s + "'");
        }
    }
}
