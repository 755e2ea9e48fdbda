package dev.hapair.vrrp.runtime;

import dev.hapair.health.ProcessName;
import dev.hapair.vrrp.bgp.BgpCommand;
import dev.hapair.vrrp.config.ConfigResult;
import dev.hapair.vrrp.config.KeepalivedConfigParser;
import dev.hapair.vrrp.os.LinuxNetworkOs;
import dev.hapair.vrrp.os.NativeException;
import dev.hapair.vrrp.plan.PlanCommand;
import dev.hapair.vrrp.watch.WatchCommand;
import java.util.Arrays;
import java.util.Optional;

/** Entry point of hapair-vrrp: parses keepalived's command line and dispatches. */
public final class VrrpMain {
    public static final String VERSION = "hapair-vrrp version 0.1.0";

    /** Exit code for a bad command line or a mode not built yet. */
    public static final int EXIT_USAGE = 2;

    private VrrpMain() {}

    public static void main(String[] args) {
        // First: killall -0 / pidof / pgrep -x see the name from the first moment (see ProcessName).
        ProcessName.apply(ProcessName.chosen("hapair-vrrp"));
        System.exit(run(args));
    }

    /** Runs the command line and returns the process exit code. */
    public static int run(String[] args) {
        if (args.length > 0 && args[0].equals("watch")) {
            // watch has its own options (-t is a duration there, not --config-test)
            return WatchCommand.run(Arrays.asList(args).subList(1, args.length), System.out, System.err);
        }
        if (args.length > 0 && args[0].equals("bgp")) {
            return BgpCommand.run(Arrays.asList(args).subList(1, args.length), System.in, System.out, System.err);
        }
        if (args.length > 0 && args[0].equals("plan")) {
            return PlanCommand.run(Arrays.asList(args).subList(1, args.length), System.out, System.err);
        }
        VrrpCommandLine cmd;
        try {
            cmd = VrrpCommandLine.parse(args);
        } catch (VrrpCommandLine.UsageException e) {
            System.err.println("hapair-vrrp: " + e.getMessage());
            System.err.println(VrrpCommandLine.USAGE);
            return EXIT_USAGE;
        }
        if (cmd.demoConfig().isPresent()
                && DemoConfigs.text(cmd.demoConfig().get()).isEmpty()) {
            System.err.println("hapair-vrrp: no embedded demo config '"
                    + cmd.demoConfig().get() + "' (use one of " + DemoConfigs.NAMES + ")");
            return EXIT_USAGE;
        }
        switch (cmd.mode()) {
            case HELP -> {
                System.out.println(VrrpCommandLine.USAGE);
                return 0;
            }
            case VERSION -> {
                System.out.println(VERSION);
                return 0;
            }
            case PRINT_DEMO -> {
                System.out.print(DemoConfigs.text(cmd.demoConfig().get()).orElseThrow());
                return 0;
            }
            case CHECK -> {
                return ConfigCheck.run(
                        cmd.configFileOrDefault(),
                        cmd.configId().orElseGet(KeepalivedConfigParser::defaultConfigId),
                        System.out,
                        System.err);
            }
            case RUN -> {
                DaemonLogging.configure(cmd.logConsole(), cmd.logDetail(), cmd.syslog());
                return new DaemonProcess(hostChecked(source(cmd)), cmd.pidfile()).run();
            }
            case RELEASE -> {
                return release(source(cmd));
            }
            default -> {
                System.err.println("hapair-vrrp: " + cmd.mode().name().toLowerCase() + " is not built yet");
                return EXIT_USAGE;
            }
        }
    }

    private static ConfigSource source(VrrpCommandLine cmd) {
        Optional<ConfigSource> demo = cmd.demoConfig().flatMap(DemoConfigs::source);
        return demo.orElseGet(() -> ConfigSource.file(
                cmd.configFileOrDefault(), cmd.configId().orElseGet(KeepalivedConfigParser::defaultConfigId)));
    }

    /** The daemon applies a file (start, SIGHUP) only when this host can run it: see {@link HostChecks}. */
    private static ConfigSource hostChecked(ConfigSource source) {
        HostChecks checks = new HostChecks(HostChecks.InterfaceLookup.SYSTEM);
        return new ConfigSource() {
            @Override
            public ConfigResult load() {
                return checks.apply(source.load(), HostChecks.Phase.START);
            }

            @Override
            public String describe() {
                return source.describe();
            }
        };
    }

    private static int release(ConfigSource source) {
        ConfigResult result = source.load();
        if (result.hasErrors()) {
            result.diagnostics().forEach(System.err::println);
            System.err.println("hapair-vrrp --release: " + source.describe() + " has errors, nothing removed");
            return 1;
        }
        try (LinuxNetworkOs os = LinuxNetworkOs.open()) {
            return VipRelease.release(result.config().orElseThrow(), os.addresses(), System.out, System.err);
        } catch (NativeException e) {
            System.err.println("hapair-vrrp --release: " + e.getMessage());
            return 1;
        }
    }
}
