package dev.hapair.vrrp.runtime;

import dev.hapair.vrrp.config.KeepalivedConfigParser;

/** Entry point of hapair-vrrp: parses keepalived's command line and dispatches. */
public final class VrrpMain {
    public static final String VERSION = "hapair-vrrp version 0.1.0";

    /** Exit code for a bad command line or a mode not built yet. */
    public static final int EXIT_USAGE = 2;

    private VrrpMain() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the process exit code. */
    public static int run(String[] args) {
        VrrpCommandLine cmd;
        try {
            cmd = VrrpCommandLine.parse(args);
        } catch (VrrpCommandLine.UsageException e) {
            System.err.println("hapair-vrrp: " + e.getMessage());
            System.err.println(VrrpCommandLine.USAGE);
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
            case CHECK -> {
                return ConfigCheck.run(cmd.configFileOrDefault(),
                        cmd.configId().orElseGet(KeepalivedConfigParser::defaultConfigId), System.out, System.err);
            }
            default -> {
                System.err.println("hapair-vrrp: " + cmd.mode().name().toLowerCase() + " is not built yet (only -t works)");
                return EXIT_USAGE;
            }
        }
    }
}
