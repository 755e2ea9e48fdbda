package dev.hapair.vrrp.runtime;

import dev.hapair.vrrp.config.ConfigResult;
import dev.hapair.vrrp.config.Diagnostic;
import dev.hapair.vrrp.config.KeepalivedConfig;
import dev.hapair.vrrp.config.KeepalivedConfigParser;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code hapair-vrrp -t}: validates like {@code keepalived -t}. Every diagnostic goes to {@code err} as
 * {@code file:line: message}; exit 0 when the file is valid (warnings allowed), 1 when it has errors.
 * This is the check systemd's {@code ExecReload} can run before sending SIGHUP.
 */
public final class ConfigCheck {
    public static final int EXIT_VALID = 0;
    public static final int EXIT_INVALID = 1;

    private ConfigCheck() {}

    public static int run(Path file, PrintStream out, PrintStream err) {
        return run(file, KeepalivedConfigParser.defaultConfigId(), out, err);
    }

    /** As {@link #run(Path, PrintStream, PrintStream)} with keepalived's {@code -i CONFIG_ID}. */
    public static int run(Path file, String configId, PrintStream out, PrintStream err) {
        ConfigResult result = KeepalivedConfigParser.parse(file, configId);
        for (Diagnostic d : result.diagnostics()) {
            err.println(d);
        }
        if (result.hasErrors()) {
            err.println("hapair-vrrp: " + file + ": " + result.errors().size() + " error(s), configuration invalid");
            return EXIT_INVALID;
        }
        KeepalivedConfig config = result.config().orElseThrow();
        List<Diagnostic> host =
                new HostChecks(HostChecks.InterfaceLookup.SYSTEM).check(config, HostChecks.Phase.CONFIG_TEST);
        host.forEach(err::println);
        long hostErrors = host.stream().filter(Diagnostic::isError).count();
        if (hostErrors > 0) {
            err.println("hapair-vrrp: " + file + ": " + hostErrors + " error(s), configuration invalid");
            return EXIT_INVALID;
        }
        out.println("Configuration file " + file + " is valid: "
                + config.instances().size() + " vrrp_instance(s), "
                + config.scripts().size() + " vrrp_script(s), "
                + config.trackProcesses().size()
                + " vrrp_track_process(es), "
                + (config.bgp().isEmpty() ? "" : config.bgp().announces().size() + " bgp_announce(s), ")
                + (result.warnings().size() + host.size()) + " warning(s)");
        return EXIT_VALID;
    }
}
