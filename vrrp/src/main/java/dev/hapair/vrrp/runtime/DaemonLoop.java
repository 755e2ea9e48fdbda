package dev.hapair.vrrp.runtime;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's one thread: every state machine, tracker result and OS action runs here, so none of them
 * needs a lock. Other threads (signals, the main thread) reach it through {@link #call}, which runs the
 * task inline when already on the loop — recognised by the thread object the loop created, not by its name.
 */
final class DaemonLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonLoop.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final ScheduledThreadPoolExecutor executor;
    private volatile Thread thread;

    DaemonLoop() {
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(
                    () -> {
                        try {
                            r.run();
                        } catch (Throwable e) {
                            LOG.error("daemon loop failed", e);
                            throw e;
                        }
                    },
                    "vrrp-loop");
            t.setDaemon(true);
            thread = t;
            return t;
        });
        this.executor.setRemoveOnCancelPolicy(true);
    }

    /** The executor timers and trackers schedule on. */
    ScheduledExecutorService executor() {
        return executor;
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop and waits for its result (inline when called from the loop itself). */
    <T> T call(Callable<T> task) {
        if (inLoop()) {
            try {
                return task.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return executor.submit(task).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException | RejectedExecutionException e) {
            throw new IllegalStateException("daemon loop did not answer: " + e, e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
