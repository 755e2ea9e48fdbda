package dev.hapair.vrrp.runtime;

import dev.hapair.vrrp.config.ConfigResult;
import dev.hapair.vrrp.config.Diagnostic;
import dev.hapair.vrrp.config.KeepalivedConfig;
import dev.hapair.vrrp.config.KeepalivedConfigParser;

import dev.hapair.vrrp.config.NotifyScript;
import dev.hapair.vrrp.config.NotifyScripts;
import dev.hapair.vrrp.config.VrrpInstanceConfig;
import dev.hapair.vrrp.config.VrrpScriptConfig;
import dev.hapair.vrrp.track.ScriptSecurity;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
        List<Diagnostic> scriptWarnings = scriptWarnings(config);
        scriptWarnings.forEach(err::println);
        out.println("Configuration file " + file + " is valid: " + config.instances().size() + " vrrp_instance(s), "
                + config.scripts().size() + " vrrp_script(s), " + config.trackProcesses().size()
                + " vrrp_track_process(es), "
                + (config.bgp().isEmpty() ? "" : config.bgp().announces().size() + " bgp_announce(s), ")
                + (result.warnings().size() + scriptWarnings.size()) + " warning(s)");
        return EXIT_VALID;
    }

    /**
     * What the daemon would find when it starts the scripts, reported now as keepalived -t does: a script file
     * that does not exist, and under {@code enable_script_security} a script anyone could rewrite (the daemon
     * refuses to run it). Warnings only: the file may be installed after the check.
     */
    static List<Diagnostic> scriptWarnings(KeepalivedConfig config) {
        List<Diagnostic> out = new ArrayList<>();
        for (VrrpScriptConfig s : config.scripts()) {
            List<String> argv = s.argv();
            if (argv.isEmpty()) {
                continue;
            }
            String exe = argv.get(0);
            if (exe.startsWith("/") && !Files.exists(Path.of(exe))) {
                out.add(Diagnostic.warning(s.location(), "vrrp_script " + s.name() + ": " + exe + " does not exist"));
            } else if (config.globalDefs().enableScriptSecurity()) {
                ScriptSecurity.problem(exe).ifPresent(problem -> out.add(Diagnostic.warning(s.location(),
                        "vrrp_script " + s.name() + ": SECURITY VIOLATION - " + problem
                                + ": the daemon will not run it (enable_script_security)")));
            }
        }
        for (VrrpInstanceConfig i : config.instances()) {
            NotifyScripts n = i.notifyScripts();
            for (Optional<NotifyScript> script : List.of(n.master(), n.backup(), n.fault(), n.stop(), n.any())) {
                script.ifPresent(ns -> {
                    List<String> argv = ns.argv();
                    if (!argv.isEmpty() && argv.get(0).startsWith("/") && !Files.exists(Path.of(argv.get(0)))) {
                        out.add(Diagnostic.warning(ns.location(), "notify script of vrrp_instance " + i.name() + ": "
                                + argv.get(0) + " does not exist"));
                    }
                });
            }
        }
        return out;
    }
}
