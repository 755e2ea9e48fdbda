package dev.hapair.proxy.runtime;

import dev.hapair.proxy.config.HaproxyConfigLoader;

/** Entry point of hapair-proxy: parses the HAProxy-style command line and dispatches. */
public final class ProxyMain {
    private ProxyMain() {}

    public static final String VERSION = "hapair-proxy version 0.1.0";

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the process exit code. */
    public static int run(String[] args) {
        ProxyCommandLine cmd;
        try {
            cmd = ProxyCommandLine.parse(args);
        } catch (ProxyCommandLine.UsageException e) {
            System.err.println("hapair-proxy: " + e.getMessage());
            System.err.println(ProxyCommandLine.USAGE);
            return 1;
        }
        if (cmd.versionOnly()) {
            System.out.println(VERSION);
            return 0;
        }
        if (cmd.checkOnly()) {
            return new ConfigCheck(new HaproxyConfigLoader(), ConfigCheck.HostResolver.SYSTEM)
                    .run(cmd.configPaths(), cmd.quiet(), System.out, System.err);
        }
        System.err.println("hapair-proxy: serving is not built yet (only -c works)");
        return 2;
    }
}
