package dev.hapair.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.testkit.Host;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/** Measures takeovers in ITs (from an event to a condition, polling every 10 ms) and collects the figures. */
final class Takeovers {
    private final String label;
    private final List<String> figures = new ArrayList<>();

    Takeovers(String label) {
        this.label = label;
    }

    /** Seconds from {@code t0} (System.nanoTime) until {@code condition}; fails after {@code bound} + 3 s. */
    static double secondsUntil(long t0, Duration bound, String what, BooleanSupplier condition) {
        long deadline = t0 + bound.toNanos() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return (System.nanoTime() - t0) / 1e9;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError(what + " did not happen within " + bound.plusSeconds(3));
    }

    /** Measures until {@code condition}, records and prints the figure, and holds it to {@code bound}. */
    double measure(long t0, Duration bound, String what, BooleanSupplier condition) {
        return measure(t0, bound, what, condition, () -> "");
    }

    /** As {@link #measure(long, Duration, String, BooleanSupplier)}; {@code context} explains a failure. */
    double measure(
            long t0,
            Duration bound,
            String what,
            BooleanSupplier condition,
            java.util.function.Supplier<String> context) {
        double s = secondsUntil(t0, bound, what, condition);
        String line = String.format(Locale.ROOT, "%s: %.3f s (bound %.3f s)", what, s, bound.toNanos() / 1e9);
        figures.add(line);
        System.out.println("[" + label + "] " + line);
        assertTrue(s <= bound.toNanos() / 1e9, () -> line + "\n" + context.get());
        return s;
    }

    void print() {
        figures.forEach(f -> System.out.println("[" + label + "] " + f));
    }

    /** Names of the hosts holding {@code vip} on eth0 ({@code ip -j addr} in each namespace). */
    static List<String> holders(String vip, Host... hosts) {
        List<String> h = new ArrayList<>();
        for (Host host : hosts) {
            if (host.hasAddress("eth0", vip)) {
                h.add(host.name());
            }
        }
        return h;
    }
}
