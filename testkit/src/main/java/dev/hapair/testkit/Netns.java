package dev.hapair.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Thin wrappers over {@code ip netns}. */
final class Netns {
    private Netns() {}

    static List<String> list() {
        ExecResult r = Commands.run("ip", "-j", "netns", "list");
        List<String> names = new ArrayList<>();
        if (!r.ok()) {
            return names;
        }
        for (Map<String, Object> m : Json.parseObjectArray(r.stdout())) {
            Object n = m.get("name");
            if (n != null) {
                names.add(n.toString());
            }
        }
        return names;
    }

    static void add(String ns) {
        Commands.check("ip", "netns", "add", ns);
    }

    /** PIDs of processes whose network namespace is {@code ns}. */
    static List<Long> pids(String ns) {
        ExecResult r = Commands.run("ip", "netns", "pids", ns);
        List<Long> pids = new ArrayList<>();
        if (!r.ok()) {
            return pids;
        }
        for (String line : r.stdout().split("\\s+")) {
            if (!line.isBlank()) {
                try {
                    pids.add(Long.parseLong(line.strip()));
                } catch (NumberFormatException ignored) {
                    // not a pid
                }
            }
        }
        return pids;
    }

    /** SIGTERM to every process in {@code ns}, then SIGKILL to whatever is still there after a grace period. */
    static void killAll(String ns) {
        List<Long> pids = pids(ns);
        if (pids.isEmpty()) {
            return;
        }
        pids.forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroy));
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < deadline && pids.stream().anyMatch(Netns::alive)) {
            sleep(50);
        }
        for (long p : pids(ns)) {
            ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    static boolean delete(String ns) {
        return Commands.run("ip", "netns", "del", ns).ok();
    }

    private static boolean alive(long pid) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        return h.isPresent() && h.get().isAlive();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
