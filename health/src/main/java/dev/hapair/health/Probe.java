package dev.hapair.health;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One kind of health check (TCP connect, HTTP request, process liveness, script).
 *
 * <p>Contract: {@link #run(Duration)} never blocks the calling thread on I/O and never parks a thread per
 * check; the returned future always completes normally (failures become a {@link CheckResult} with a failure
 * code, never an exceptional completion) and completes within {@code timeout} plus a small scheduling slack.
 * The future may complete on any thread; callers that need a specific thread must hop themselves.
 */
@FunctionalInterface
public interface Probe {

    CompletableFuture<CheckResult> run(Duration timeout);

    /** Short human description for logs, e.g. {@code tcp 127.0.0.1:8080}. */
    default String describe() {
        return getClass().getSimpleName();
    }
}
