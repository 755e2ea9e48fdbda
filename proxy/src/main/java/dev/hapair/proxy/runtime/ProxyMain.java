package dev.hapair.proxy.runtime;

import dev.hapair.proxy.config.ConfigDiagnostic;
import dev.hapair.proxy.config.ConfigException;
import dev.hapair.proxy.config.HaproxyConfig;
import dev.hapair.proxy.config.HaproxyConfigLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Entry point of hapair-proxy: parses the HAProxy-style command line and dispatches. */
public final class ProxyMain {
    private ProxyMain() {}

    public static final String VERSION = "hapair-proxy version 0.1.0";

    /** Flag that runs the proxy on the embedded demo configuration (used by the README demo). */
    public static final String DEMO_FLAG = "--demo-config";
    /** Classpath resource holding the demo configuration. */
    public static final String DEMO_RESOURCE = "/dev/hapair/proxy/runtime/demo.cfg";

    /** How long established connections may finish after SIGTERM/SIGINT. */
    static final Duration STOP_GRACE = Duration.ofSeconds(Long.getLong("hapair.stopGraceSeconds", 10));

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the process exit code. */
    public static int run(String[] args) {
        try {
            args = withDemoConfig(args);
        } catch (IOException e) {
            System.err.println("hapair-proxy: cannot extract the demo configuration: " + e.getMessage());
            return 1;
        }
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
        return serve(cmd);
    }

    /** {@code --demo-config} adds the embedded demo configuration as a {@code -f} file. */
    static String[] withDemoConfig(String[] args) throws IOException {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        if (!a.remove(DEMO_FLAG)) return args;
        Path tmp = Files.createTempFile("hapair-demo-", ".cfg");
        tmp.toFile().deleteOnExit();
        try (InputStream in = ProxyMain.class.getResourceAsStream(DEMO_RESOURCE)) {
            if (in == null) throw new IOException("resource " + DEMO_RESOURCE + " missing");
            Files.write(tmp, in.readAllBytes());
        }
        a.add("-f");
        a.add(tmp.toString());
        return a.toArray(String[]::new);
    }

    /** Foreground serving: logs to stderr, SIGTERM/SIGINT stop gracefully. */
    static int serve(ProxyCommandLine cmd) {
        if (cmd.daemon()) {
            System.err.println("[WARNING] hapair-proxy: -D (daemon) is not supported; staying in the foreground "
                + "(run it under systemd Type=simple)");
        }
        HaproxyConfig config;
        try {
            config = new HaproxyConfigLoader().load(cmd.configPaths());
        } catch (ConfigException e) {
            for (ConfigDiagnostic d : e.diagnostics()) System.err.println(d.format());
            System.err.println("[ALERT] Fatal errors found in configuration.");
            return 1;
        }
        if (!cmd.quiet()) {
            for (ConfigDiagnostic d : config.warnings()) System.err.println(d.format());
        }
        ProxyDaemon daemon;
        try {
            daemon = ProxyDaemon.start(config, cmd.pidfile(), System.err);
        } catch (ConfigException e) {
            for (ConfigDiagnostic d : e.diagnostics()) System.err.println(d.format());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> daemon.stop(STOP_GRACE), "hapair-stop"));
        if (!cmd.quiet()) {
            System.err.println("[NOTICE] hapair-proxy " + ProcessHandle.current().pid() + " started ("
                + daemon.server().transport() + ", " + daemon.runtime().frontends().size() + " frontends, "
                + daemon.runtime().backends().size() + " backends)");
        }
        try {
            daemon.awaitStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
