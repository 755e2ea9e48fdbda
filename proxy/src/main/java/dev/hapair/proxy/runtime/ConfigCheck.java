package dev.hapair.proxy.runtime;

import dev.hapair.proxy.acl.ConfigAcls;
import dev.hapair.proxy.acl.PatternFileLoader;
import dev.hapair.proxy.config.ConfigDiagnostic;
import dev.hapair.proxy.config.ConfigException;
import dev.hapair.proxy.config.HaproxyConfig;
import dev.hapair.proxy.config.HaproxyConfigLoader;
import dev.hapair.proxy.config.ProxyConfig;
import dev.hapair.proxy.config.ServerConfig;
import dev.hapair.proxy.lb.LbAlgorithmFactory;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code hapair-proxy -c}: validates like {@code haproxy -c}. Exit 0 and "Configuration file is valid" on
 * success, 1 with the errors otherwise, 2 when valid but nothing listens (as HAProxy).
 *
 * <p>Server host names that do not resolve are a warning, not an error (HAProxy fails {@code -c} on them):
 * hapair resolves names at start-up following {@code init-addr} and keeps such a server DOWN until its name
 * resolves, so a config written for another network (the failover guide's {@code nginx-N}) still checks.
 */
public final class ConfigCheck {

    /** Resolves a host name; injected so tests do not depend on DNS. */
    @FunctionalInterface
    public interface HostResolver {
        boolean resolves(String host);

        HostResolver SYSTEM = host -> {
            try {
                InetAddress.getAllByName(host);
                return true;
            } catch (UnknownHostException | SecurityException e) {
                return false;
            }
        };
    }

    /** A check that needs the runtime's knowledge (acl fetches, balancing): its alerts fail {@code -c}. */
    @FunctionalInterface
    public interface Validator extends Function<HaproxyConfig, List<ConfigDiagnostic>> {}

    /** What the runtime would refuse at start: acls it cannot compile, balancing it cannot do. */
    public static final List<Validator> RUNTIME_VALIDATORS = List.of(
            c -> ConfigAcls.validate(c, PatternFileLoader.FILES),
            dev.hapair.proxy.rules.ProxyRulesCompiler::validate,
            LbAlgorithmFactory::validate,
            dev.hapair.proxy.tls.TlsBinds::validate,
            dev.hapair.proxy.h2.H2Binds::validate,
            dev.hapair.proxy.h2.H2Servers::validate);

    /**
     * Refuses {@code config} when a {@link #RUNTIME_VALIDATORS runtime validator} finds an error: start and
     * reload call this, so what {@code -c} rejects is never applied, even where building the runtime would
     * not notice (a server setting only the check knows to be unsupported).
     */
    public static void refuseRuntimeErrors(HaproxyConfig config) throws ConfigException {
        List<ConfigDiagnostic> errors = new ArrayList<>();
        for (Validator v : RUNTIME_VALIDATORS) {
            for (ConfigDiagnostic d : v.apply(config)) {
                if (d.isError()) errors.add(d);
            }
        }
        if (!errors.isEmpty()) throw new ConfigException(distinct(errors));
    }

    /**
     * Each diagnostic once: validators overlap (an anonymous acl of a rule is checked by the acl validation and
     * again when the rules compile), and the same line twice tells the operator nothing more.
     */
    private static List<ConfigDiagnostic> distinct(List<ConfigDiagnostic> diagnostics) {
        return new ArrayList<>(new java.util.LinkedHashSet<>(diagnostics));
    }

    public static final int EXIT_VALID = 0;
    public static final int EXIT_INVALID = 1;
    public static final int EXIT_NO_LISTENER = 2;

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");

    private final HaproxyConfigLoader loader;
    private final HostResolver resolver;
    private final List<Validator> validators;
    private final Privileges.Accounts accounts;

    public ConfigCheck(
            HaproxyConfigLoader loader,
            HostResolver resolver,
            List<Validator> validators,
            Privileges.Accounts accounts) {
        this.loader = loader;
        this.resolver = resolver;
        this.validators = List.copyOf(validators);
        this.accounts = accounts;
    }

    public ConfigCheck(HaproxyConfigLoader loader, HostResolver resolver, List<Validator> validators) {
        this(loader, resolver, validators, Privileges.Accounts.SYSTEM);
    }

    /** With the {@link #RUNTIME_VALIDATORS}. */
    public ConfigCheck(HaproxyConfigLoader loader, HostResolver resolver) {
        this(loader, resolver, RUNTIME_VALIDATORS);
    }

    public ConfigCheck() {
        this(new HaproxyConfigLoader(), HostResolver.SYSTEM);
    }

    /** Runs the check, printing as haproxy does (diagnostics to {@code err}, verdict to {@code out}). */
    public int run(List<Path> configPaths, boolean quiet, PrintStream out, PrintStream err) {
        HaproxyConfig config;
        try {
            config = loader.load(configPaths);
        } catch (ConfigException e) {
            for (ConfigDiagnostic d : e.diagnostics()) {
                if (d.isError() || !quiet) {
                    err.println(d);
                }
            }
            err.println("[ALERT] Fatal errors found in configuration.");
            return EXIT_INVALID;
        }
        List<ConfigDiagnostic> warnings = new ArrayList<>(config.warnings());
        List<ConfigDiagnostic> errors = new ArrayList<>();
        for (Validator v : validators) {
            for (ConfigDiagnostic d : v.apply(config)) {
                (d.isError() ? errors : warnings).add(d);
            }
        }
        // 'user ha' for a user this host does not have is an error, as with HAProxy
        errors.addAll(Privileges.validate(config.global(), accounts));
        errors = distinct(errors);
        warnings = distinct(warnings);
        if (!errors.isEmpty()) {
            if (!quiet) {
                warnings.forEach(err::println);
            }
            errors.forEach(err::println);
            err.println("[ALERT] Fatal errors found in configuration.");
            return EXIT_INVALID;
        }
        warnings.addAll(unresolvedHosts(config));
        if (!quiet) {
            warnings.forEach(err::println);
        }
        // a global 'stats socket' is a listener too (HAProxy starts with only the CLI, as Debian's default file does)
        boolean listens = config.frontends().stream()
                        .anyMatch(p -> !p.disabled() && !p.binds().isEmpty())
                || !config.global().statsSockets().isEmpty();
        if (!listens) {
            if (!quiet) {
                out.println("Configuration file has no error but will not start (no listener) => exit(2).");
            }
            return EXIT_NO_LISTENER;
        }
        if (!quiet) {
            if (!warnings.isEmpty()) {
                out.println("Warnings were found.");
            }
            out.println("Configuration file is valid");
        }
        return EXIT_VALID;
    }

    /** One warning per server whose address (or check {@code addr}) is a name that does not resolve now. */
    List<ConfigDiagnostic> unresolvedHosts(HaproxyConfig config) {
        List<ConfigDiagnostic> out = new ArrayList<>();
        for (ProxyConfig p : config.backends()) {
            for (ServerConfig s : p.servers()) {
                for (String host : s.checkAddr().isPresent()
                        ? List.of(s.host(), s.checkAddr().get())
                        : List.of(s.host())) {
                    if (!IP_LITERAL.matcher(host).matches() && !resolver.resolves(host)) {
                        out.add(ConfigDiagnostic.warning(
                                s.location(),
                                "server",
                                p.kind().keyword() + " '"
                                        + p.name() + "': server '" + s.name() + "': could not resolve address '" + host
                                        + "' now; it is resolved again at start-up (init-addr "
                                        + String.join(",", s.initAddr())
                                        + ") and the server stays DOWN until it resolves"));
                    }
                }
            }
        }
        return out;
    }
}
