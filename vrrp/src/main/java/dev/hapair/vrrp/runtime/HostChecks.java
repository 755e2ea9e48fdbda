package dev.hapair.vrrp.runtime;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.vrrp.config.ConfigResult;
import dev.hapair.vrrp.config.Diagnostic;
import dev.hapair.vrrp.config.KeepalivedConfig;
import dev.hapair.vrrp.config.NotifyScript;
import dev.hapair.vrrp.config.TrackRef;
import dev.hapair.vrrp.config.VirtualAddress;
import dev.hapair.vrrp.config.VrrpInstanceConfig;
import dev.hapair.vrrp.config.VrrpScriptConfig;
import dev.hapair.vrrp.track.ScriptSecurity;
import java.io.IOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a keepalived.conf asks of this host, checked as keepalived checks it: scripts that exist and may run,
 * interfaces that exist, something to run at all. The parser stays pure (a file parsed on one host may be
 * meant for another); these checks run at {@code -t} and before the daemon applies a file (start and
 * SIGHUP), so a node that could only sit in FAULT never starts looking healthy.
 *
 * <p>At {@code -t} a missing interface is a warning (the file may be checked on a build host, as keepalived
 * allows); at start it is an error. A script that cannot run is an error in both: keepalived would leave the
 * instance in FAULT and the VIP could end up nowhere.
 */
public final class HostChecks {
    /** When the checks run: at {@code -t}, or before the daemon applies a file. */
    public enum Phase {
        CONFIG_TEST,
        START
    }

    /** Does this interface exist here? (The daemon's namespace: tests run the checks inside theirs.) */
    @FunctionalInterface
    public interface InterfaceLookup {
        boolean exists(String name);

        InterfaceLookup SYSTEM = name -> {
            try {
                return NetworkInterface.getByName(name) != null;
            } catch (SocketException e) {
                return false;
            }
        };
    }

    /** Process names of the originals that a guide's check script looks for, and what to do about each. */
    private static final Map<String, String> ORIGINAL_NAMES = Map.of(
            "haproxy",
                    "hapair-proxy's process is named hapair-proxy; set HAPAIR_PROXY_NAME=haproxy in "
                            + "/etc/default/hapair-proxy to keep this check, or track the proxy with vrrp_track_process "
                            + "and its pidfile (milliseconds instead of an interval)",
            "keepalived",
                    "hapair-vrrp's process is named hapair-vrrp; set HAPAIR_VRRP_NAME=keepalived in "
                            + "/etc/default/hapair-vrrp to keep this check");
    /** killall -0 X, pidof X, pgrep [-x] X, ps ... | grep [-w] [x]X: the usual ways a script asks for a process. */
    private static final Pattern PROCESS_CHECK = Pattern.compile(
            "(?:killall\\s+(?:-\\S+\\s+)*|pidof\\s+(?:-\\S+\\s+)*|pgrep\\s+(?:-\\S+\\s+)*|grep\\s+(?:-\\S+\\s+)*)"
                    + "['\"]?\\[?([A-Za-z0-9._-])\\]?([A-Za-z0-9._-]*)['\"]?");

    private static final long MAX_SCRIPT_SCAN = 64 * 1024;

    private final InterfaceLookup interfaces;

    public HostChecks(InterfaceLookup interfaces) {
        this.interfaces = interfaces;
    }

    /** {@code result} with this host's diagnostics added (unchanged when it already has errors). */
    public ConfigResult apply(ConfigResult result, Phase phase) {
        if (result.hasErrors() || result.config().isEmpty()) {
            return result;
        }
        List<Diagnostic> found = check(result.config().get(), phase);
        if (found.isEmpty()) {
            return result;
        }
        List<Diagnostic> all = new ArrayList<>(result.diagnostics());
        all.addAll(found);
        boolean errors = found.stream().anyMatch(Diagnostic::isError);
        return new ConfigResult(errors ? Optional.empty() : result.config(), all);
    }

    public List<Diagnostic> check(KeepalivedConfig config, Phase phase) {
        List<Diagnostic> out = new ArrayList<>();
        if (phase == Phase.START && config.instances().isEmpty()) {
            String file = config.files().isEmpty() ? "<config>" : config.files().get(0);
            out.add(Diagnostic.error(
                    new SourceLocation(file, 0), "no vrrp_instance to run: the daemon would start with nothing to do"));
        }
        boolean security = config.globalDefs().enableScriptSecurity();
        for (VrrpScriptConfig s : config.scripts()) {
            checkExecutable(s.argv(), "vrrp_script " + s.name(), s.location(), security, out);
            processNameWarning(s, out);
        }
        for (VrrpInstanceConfig i : config.instances()) {
            var n = i.notifyScripts();
            for (Optional<NotifyScript> script : List.of(n.master(), n.backup(), n.fault(), n.stop(), n.any())) {
                script.ifPresent(ns -> checkExecutable(
                        ns.argv(), "notify script of vrrp_instance " + i.name(), ns.location(), security, out));
            }
            Set<String> names = new LinkedHashSet<>();
            names.add(i.interfaceName());
            for (VirtualAddress a : i.virtualAddresses()) {
                a.device().ifPresent(names::add);
            }
            for (TrackRef t : i.trackInterfaces()) {
                names.add(t.name());
            }
            for (String name : names) {
                if (!interfaces.exists(name)) {
                    String msg = "vrrp_instance " + i.name() + ": interface " + name + " does not exist on this host";
                    out.add(
                            phase == Phase.START
                                    ? Diagnostic.error(i.location(), msg)
                                    : Diagnostic.warning(
                                            i.location(), msg + " (the daemon refuses to start without it)"));
                }
            }
        }
        if (!security && (!config.scripts().isEmpty() || hasNotify(config))) {
            String file = config.files().isEmpty() ? "<config>" : config.files().get(0);
            out.add(Diagnostic.warning(
                    new SourceLocation(file, 0),
                    "SECURITY VIOLATION - scripts are being "
                            + "executed but script_security not enabled (add enable_script_security to global_defs)"));
        }
        return out;
    }

    private static boolean hasNotify(KeepalivedConfig config) {
        return config.instances().stream().anyMatch(i -> {
            var n = i.notifyScripts();
            return n.master().isPresent()
                    || n.backup().isPresent()
                    || n.fault().isPresent()
                    || n.stop().isPresent()
                    || n.any().isPresent();
        });
    }

    private static void checkExecutable(
            List<String> argv, String what, SourceLocation at, boolean security, List<Diagnostic> out) {
        if (argv.isEmpty()) {
            return;
        }
        String exe = argv.get(0);
        Optional<Path> path = resolve(exe);
        if (path.isEmpty()) {
            out.add(Diagnostic.error(
                    at, what + ": " + exe + (exe.contains("/") ? " does not exist" : " is not found on PATH")));
            return;
        }
        if (!Files.isExecutable(path.get()) || Files.isDirectory(path.get())) {
            out.add(Diagnostic.error(at, what + ": " + path.get() + " is not executable"));
            return;
        }
        if (security) {
            ScriptSecurity.problem(path.get().toString())
                    .ifPresent(problem -> out.add(Diagnostic.error(
                            at,
                            what + ": SECURITY VIOLATION - " + problem
                                    + ": it would never run (enable_script_security)")));
        }
    }

    static Optional<Path> resolve(String exe) {
        if (exe.contains("/")) {
            Path p = Path.of(exe);
            return Files.exists(p) ? Optional.of(p) : Optional.empty();
        }
        String pathVar = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : (pathVar + ":/usr/sbin:/sbin").split(":")) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, exe);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** A script looking for the original daemon's process name will never see ours: say so. */
    private static void processNameWarning(VrrpScriptConfig s, List<Diagnostic> out) {
        Set<String> names = processNamesIn(s.script());
        List<String> argv = s.argv();
        if (!argv.isEmpty() && argv.get(0).contains("/")) {
            scriptText(Path.of(argv.get(0))).ifPresent(text -> names.addAll(processNamesIn(text)));
        }
        for (String name : names) {
            String advice = ORIGINAL_NAMES.get(name);
            if (advice != null) {
                out.add(Diagnostic.warning(
                        s.location(),
                        "vrrp_script " + s.name() + " checks for a process named '" + name + "': " + advice));
            }
        }
    }

    static Set<String> processNamesIn(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PROCESS_CHECK.matcher(text);
        while (m.find()) {
            names.add(m.group(1) + m.group(2));
        }
        return names;
    }

    private static Optional<String> scriptText(Path p) {
        try {
            if (Files.isRegularFile(p) && Files.size(p) <= MAX_SCRIPT_SCAN) {
                byte[] bytes = Files.readAllBytes(p);
                for (byte b : bytes) {
                    if (b == 0) {
                        return Optional.empty(); // a binary, not a script
                    }
                }
                return Optional.of(new String(bytes, StandardCharsets.UTF_8));
            }
        } catch (IOException | SecurityException e) {
            // unreadable: the existence check above reports what matters
        }
        return Optional.empty();
    }
}
