package dev.hapair.proxy.runtime;

import dev.hapair.proxy.testing.RawHttpClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Client-side helpers for the guide ITs: who answers, and waiting until traffic settles on a set. */
final class GuideScenarios {
    private GuideScenarios() {}

    /** Body of one GET on a fresh connection (the answering server's name), or "HTTP nnn" for errors. */
    static String who(int port, String path) {
        try (RawHttpClient c = new RawHttpClient(port)) {
            RawHttpClient.Response r = c.get(path);
            if (r == null) return "closed";
            return r.status() == 200 ? r.bodyText().trim() : "HTTP " + r.status();
        } catch (IOException e) {
            return "error " + e.getMessage();
        }
    }

    /** {@code n} consecutive answers. */
    static List<String> sequence(int port, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(who(port, "/"));
        return out;
    }

    /**
     * Waits until a window of {@code window} consecutive answers comes only from {@code expected} and
     * covers all of it; returns that window. Fails with the last window seen after {@code timeoutSec}.
     */
    static List<String> awaitTraffic(int port, Set<String> expected, int window, int timeoutSec)
            throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSec);
        List<String> last = List.of();
        while (System.nanoTime() < until) {
            last = sequence(port, window);
            if (expected.containsAll(last) && new HashSet<>(last).containsAll(expected)) return last;
            Thread.sleep(200);
        }
        throw new AssertionError(
                "traffic did not settle on " + expected + " within " + timeoutSec + "s; last: " + last);
    }
}
