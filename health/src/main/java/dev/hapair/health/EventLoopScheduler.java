package dev.hapair.health;

import dev.hapair.common.time.Scheduler;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** {@link Scheduler} backed by one Netty event loop (or any single-threaded {@link EventExecutor}). */
public final class EventLoopScheduler implements Scheduler {

    private final EventExecutor executor;

    public EventLoopScheduler(EventExecutor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    public EventExecutor executor() {
        return executor;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void execute(Runnable task) {
        if (executor.inEventLoop()) {
            task.run();
        } else {
            executor.execute(task);
        }
    }
}
