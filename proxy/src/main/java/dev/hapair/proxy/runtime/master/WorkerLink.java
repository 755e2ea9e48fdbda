package dev.hapair.proxy.runtime.master;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * The worker's side of the link with its master: the worker's stdin and stdout are pipes to the master.
 * The worker reports "ready" and each reload's outcome as marker lines on stdout (it has no sd_notify of its
 * own: with {@code NotifyAccess=main} only the master may talk to systemd), and stops when its stdin closes,
 * i.e. when the master is gone (even killed with SIGKILL), so no worker outlives its master.
 */
public final class WorkerLink {
    /** In the worker's environment: the master's pid. */
    public static final String ENV = "HAPAIR_MASTER_PID";

    public static final String READY = "HAPAIR-WORKER-READY";
    public static final String RELOADED = "HAPAIR-WORKER-RELOADED";

    private WorkerLink() {}

    public static boolean isWorker() {
        return System.getenv(ENV) != null;
    }

    public static void ready(PrintStream out) {
        out.println(READY + " " + ProcessHandle.current().pid());
        out.flush();
    }

    public static void reloaded(PrintStream out, boolean ok) {
        out.println(RELOADED + " " + (ok ? "ok" : "failed"));
        out.flush();
    }

    /** Runs {@code onMasterGone} once stdin reaches end of file (the master closed it or died). */
    public static void watchMaster(InputStream in, PrintStream err, Runnable onMasterGone) {
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[256];
                    try {
                        while (in.read(buf) >= 0) {
                            // the master writes nothing; anything read is ignored
                        }
                    } catch (IOException e) {
                        // a broken pipe is the same news
                    }
                    err.println("[ALERT] hapair-proxy worker "
                            + ProcessHandle.current().pid() + ": the master process is gone, stopping");
                    onMasterGone.run();
                },
                "hapair-master-watch");
        t.setDaemon(true);
        t.start();
    }
}
