package dev.hapair.vrrp.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * hapair-vrrp's command line, with keepalived's flags so unit files and habits keep working:
 * {@code -f FILE} ({@code --use-file}), {@code -t} ({@code --config-test}), {@code -n} ({@code --dont-fork}),
 * {@code -l} ({@code --log-console}), {@code -D} ({@code --log-detail}), {@code -p PIDFILE} ({@code --pid}),
 * {@code -i ID} ({@code --config-id}: selects {@code @ID} conditional lines), {@code -h}, {@code -v};
 * {@code -P} ({@code --vrrp}) is accepted since hapair-vrrp is only the VRRP part.
 * hapair's own: {@code --release} (remove this host's VIPs after a crash) and {@code watch -i IFACE}.
 *
 * @param configFile the {@code -f} file; empty means {@link #DEFAULT_CONFIG_FILES}, first that exists
 * @param demoConfig {@code --demo-config NAME} / {@code --print-demo-config NAME}: an embedded config
 *                   ({@link DemoConfigs}) instead of a file
 * @param configId   {@code -i}: keepalived's config id for {@code @ID} lines; empty means the short host name
 */
public record VrrpCommandLine(
        Mode mode,
        Optional<Path> configFile,
        boolean foreground,
        boolean logConsole,
        boolean logDetail,
        Optional<Path> pidfile,
        Optional<String> watchInterface,
        Optional<String> demoConfig,
        Optional<String> configId,
        SyslogOptions syslog) {

    /** What the process does. */
    public enum Mode {
        RUN,
        CHECK,
        RELEASE,
        WATCH,
        HELP,
        VERSION,
        PRINT_DEMO
    }

    /** Looked up in order when no {@code -f} is given: hapair's own place, then keepalived's. */
    public static final List<Path> DEFAULT_CONFIG_FILES =
            List.of(Path.of("/etc/hapair/keepalived.conf"), Path.of("/etc/keepalived/keepalived.conf"));

    public static final String USAGE = String.join(
            "\n",
            "Usage: hapair-vrrp [-f FILE] [-t] [-n] [-l] [-D] [-S FACILITY] [-G] [-p PIDFILE] [-i CONFIG_ID]",
            "       hapair-vrrp --release [-f FILE]",
            "       hapair-vrrp watch -i IFACE [-c COUNT] [-t SECONDS]",
            "  -f, --use-file FILE    configuration file (default /etc/hapair/keepalived.conf,",
            "                         then /etc/keepalived/keepalived.conf)",
            "  -t, --config-test      check the configuration and exit (0 valid, 1 errors)",
            "  -n, --dont-fork        stay in the foreground",
            "  -l, --log-console      log to the console",
            "  -D, --log-detail       detailed log messages",
            "  -S, --log-facility F   syslog facility: 0-7 (local0-7), local0-local7, user, daemon (default)",
            "  -G, --no-syslog        do not log via syslog (without -l the console is used instead)",
            "      --syslog-socket P  the local syslog socket (default /dev/log)",
            "  -p, --pid PIDFILE      write the process id to this file",
            "  -i, --config-id ID     read '@ID' conditional lines (default: short host name)",
            "  -P, --vrrp             accepted for keepalived compatibility (hapair-vrrp only runs VRRP)",
            "      --release          remove this host's virtual addresses and exit (after a crash)",
            "      --demo-config lb1|lb2        run with the embedded namespace-demo configuration",
            "      --print-demo-config lb1|lb2  print that configuration and exit",
            "  plan --node NAME,IFACE,ADDR... --vip ADDR/PREFIX...  print N-way active-active configs",
            "  bgp [-f FILE] [-p PIDFILE]   announce bgp_announce VIPs as ExaBGP's process (bgp --help)",
            "  watch -i IFACE         list the VRRP routers seen on IFACE and flag VRID conflicts",
            "        -c COUNT         stop after COUNT VRRP packets; -t SECONDS: after SECONDS",
            "  -h, --help             this help",
            "  -v, --version          print the version");

    public VrrpCommandLine {
        java.util.Objects.requireNonNull(mode, "mode");
        java.util.Objects.requireNonNull(configFile, "configFile");
        java.util.Objects.requireNonNull(pidfile, "pidfile");
        java.util.Objects.requireNonNull(watchInterface, "watchInterface");
        java.util.Objects.requireNonNull(demoConfig, "demoConfig");
        java.util.Objects.requireNonNull(configId, "configId");
        java.util.Objects.requireNonNull(syslog, "syslog");
    }

    /** A bad command line; the message names the flag and is followed by {@link #USAGE}. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }

    public static VrrpCommandLine parse(String... args) throws UsageException {
        Mode mode = Mode.RUN;
        Path file = null;
        boolean foreground = false;
        boolean console = false;
        boolean detail = false;
        Path pidfile = null;
        String iface = null;
        String demo = null;
        String configId = null;
        SyslogOptions syslog = SyslogOptions.DEFAULT;
        boolean watch = args.length > 0 && args[0].equals("watch");
        for (int i = watch ? 1 : 0; i < args.length; i++) {
            String a = args[i];
            String inline = null;
            if (a.startsWith("--") && a.contains("=")) {
                inline = a.substring(a.indexOf('=') + 1);
                a = a.substring(0, a.indexOf('='));
            }
            switch (a) {
                case "-f", "--use-file" -> {
                    file = Path.of(inline != null ? inline : value(args, i++, a));
                }
                case "-p", "--pid" -> pidfile = Path.of(inline != null ? inline : value(args, i++, a));
                case "-i" -> {
                    // keepalived's -i is the config id; under 'watch' it names the interface to listen on.
                    String v = inline != null ? inline : value(args, i++, a);
                    if (watch) {
                        iface = v;
                    } else {
                        configId = v;
                    }
                }
                case "--interface" -> {
                    if (!watch) {
                        throw new UsageException("option '" + a + "' only goes with 'watch'");
                    }
                    iface = inline != null ? inline : value(args, i++, a);
                }
                case "--config-id" -> configId = inline != null ? inline : value(args, i++, a);
                case "--demo-config" -> demo = inline != null ? inline : value(args, i++, a);
                case "--print-demo-config" -> {
                    demo = inline != null ? inline : value(args, i++, a);
                    mode = pick(mode, Mode.PRINT_DEMO, a);
                }
                case "-t", "--config-test" -> mode = pick(mode, Mode.CHECK, a);
                case "--release" -> mode = pick(mode, Mode.RELEASE, a);
                case "-h", "--help" -> mode = Mode.HELP;
                case "-v", "--version" -> mode = mode == Mode.HELP ? mode : Mode.VERSION;
                case "-n", "--dont-fork" -> foreground = true;
                case "-l", "--log-console" -> console = true;
                case "-D", "--log-detail" -> detail = true;
                case "-P", "--vrrp" -> {}
                case "-S", "--log-facility" -> {
                    String v = inline != null ? inline : value(args, i++, a);
                    Integer f = SyslogOptions.facility(v);
                    if (f == null) {
                        throw new UsageException(
                                "invalid syslog facility '" + v + "' (0-7, local0-local7, user or daemon)");
                    }
                    syslog = syslog.withFacility(f);
                }
                case "-G", "--no-syslog" -> syslog = syslog.disabled();
                case "--syslog-socket" -> syslog = syslog.at(Path.of(inline != null ? inline : value(args, i++, a)));
                default -> throw new UsageException(
                        a.startsWith("-")
                                ? "unknown option '" + a + "'"
                                : "unexpected argument '" + a + "' (the configuration file needs -f)");
            }
        }
        if (watch && mode != Mode.HELP && mode != Mode.VERSION) {
            if (mode != Mode.RUN) {
                throw new UsageException("'watch' cannot be combined with -t or --release");
            }
            if (iface == null) {
                throw new UsageException("'watch' needs -i IFACE");
            }
            mode = Mode.WATCH;
        }
        return new VrrpCommandLine(
                mode,
                Optional.ofNullable(file),
                foreground,
                console,
                detail,
                Optional.ofNullable(pidfile),
                Optional.ofNullable(iface),
                Optional.ofNullable(demo),
                Optional.ofNullable(configId),
                syslog);
    }

    /** The file to read: {@code -f}, else the first default that exists, else the first default. */
    public Path configFileOrDefault() {
        return configFileOrDefault(Files::exists);
    }

    /** As {@link #configFileOrDefault()} with the existence test injected (tests). */
    public Path configFileOrDefault(Predicate<Path> exists) {
        return configFile.orElseGet(
                () -> DEFAULT_CONFIG_FILES.stream().filter(exists).findFirst().orElse(DEFAULT_CONFIG_FILES.get(0)));
    }

    private static Mode pick(Mode current, Mode wanted, String flag) throws UsageException {
        if (current == Mode.HELP || current == Mode.VERSION) {
            return current;
        }
        if (current != Mode.RUN && current != wanted) {
            throw new UsageException("option '" + flag + "' cannot be combined with "
                    + current.name().toLowerCase());
        }
        return wanted;
    }

    private static String value(String[] args, int i, String flag) throws UsageException {
        if (i + 1 >= args.length || args[i + 1].isEmpty()) {
            throw new UsageException("option '" + flag + "' expects an argument");
        }
        return args[i + 1];
    }
}
