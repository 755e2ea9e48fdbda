package dev.hapair.proxy.runtime;

import dev.hapair.common.process.SignalDispositions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import sun.misc.Signal;

/**
 * HAProxy's signals: SIGUSR2 and SIGHUP reload, SIGUSR1 soft-stops, SIGTERM and SIGINT stop at once.
 * Handlers only queue work on one thread, so reloads never overlap and a stop waits for a reload.
 */
final class SignalHandlers {
    private SignalHandlers() {}

    static void install(Runnable reload, Runnable softStop, Runnable hardStop) {
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hapair-signals");
            t.setDaemon(true);
            return t;
        });
        // a background job of a non-interactive shell starts with SIGINT ignored; HAProxy stops on it all the same
        SignalDispositions.unignore(SignalDispositions.SIGHUP, SignalDispositions.SIGINT, SignalDispositions.SIGTERM);
        Signal.handle(new Signal("USR2"), s -> worker.execute(reload));
        Signal.handle(new Signal("HUP"), s -> worker.execute(reload));
        // stops run on their own threads: a soft stop may wait for a long time and a SIGTERM must cut it short
        Signal.handle(new Signal("USR1"), s -> new Thread(softStop, "hapair-soft-stop").start());
        Signal.handle(new Signal("TERM"), s -> new Thread(hardStop, "hapair-hard-stop").start());
        Signal.handle(new Signal("INT"), s -> new Thread(hardStop, "hapair-hard-stop").start());
    }
}
