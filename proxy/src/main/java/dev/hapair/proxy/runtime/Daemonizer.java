package dev.hapair.proxy.runtime;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code daemon} / {@code -D}: the JVM cannot fork, so the process starts a copy of itself in a new session
 * ({@code setsid}, no controlling terminal) and exits 0 once that copy reports it is serving (listeners
 * bound, privileges dropped, pid file written), or with the copy's status if it fails to start — so a
 * start script sees errors as with HAProxy. The copy then points its stdio at /dev/null.
 */
final class Daemonizer {

    /** Set in the background copy's environment. */
    static final String CHILD_ENV = "HAPAIR_DAEMON_CHILD";
    /** The line the copy prints on stdout once serving. */
    static final String READY = "HAPAIR-DAEMON-READY";

    private Daemonizer() {}

    static boolean isChild() {
        return System.getenv(CHILD_ENV) != null;
    }

    /** Starts the background copy and waits for it; returns the exit status for this (foreground) process. */
    static int launch(PrintStream err) {
        ProcessHandle.Info info = ProcessHandle.current().info();
        if (info.command().isEmpty() || info.arguments().isEmpty()) {
            err.println("[ALERT] hapair-proxy: cannot find this process's command line to start in the background");
            return 1;
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(setsid());
        cmd.add(info.command().get());
        cmd.addAll(List.of(info.arguments().get()));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put(CHILD_ENV, "1");
        Process child;
        try {
            child = pb.start();
        } catch (IOException e) {
            err.println("[ALERT] hapair-proxy: cannot start in the background: " + e.getMessage());
            return 1;
        }
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(READY)) {
                    return 0;
                }
                System.out.println(line);
            }
        } catch (IOException e) {
            // the copy closed its stdout without saying it was ready: its exit status tells
        }
        try {
            int rc = child.waitFor();
            return rc == 0 ? 1 : rc;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** In the background copy, once serving: tells the launcher, then lets go of the terminal. */
    static void ready(PrintStream err) {
        System.out.println(READY + " " + ProcessHandle.current().pid());
        System.out.flush();
        try {
            Posix.detachStdio();
        } catch (IOException e) {
            err.println("[WARNING] hapair-proxy: " + e.getMessage());
        }
    }

    private static String setsid() {
        for (String p : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (new File(p).canExecute()) {
                return p;
            }
        }
        return "setsid";
    }
}
