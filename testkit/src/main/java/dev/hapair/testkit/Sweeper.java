package dev.hapair.testkit;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Removes namespaces left behind by kit runs whose owner process is dead (a JVM killed with SIGKILL never
 * runs its shutdown hook). Processes still inside those namespaces are killed first: a namespace with a
 * process in it outlives {@code ip netns del}, and so would its veths.
 */
public final class Sweeper {
    private final RunRegistry registry;

    public Sweeper(RunRegistry registry) {
        this.registry = registry;
    }

    public static Sweeper standard() {
        return new Sweeper(RunRegistry.standard());
    }

    /** Sweeps runs whose owner is dead. Returns the namespaces deleted. */
    public List<String> sweepDead() {
        return sweep(false);
    }

    /**
     * Sweeps runs whose owner is dead and, when {@code includeManual}, runs made by {@code bin/hapair-netns up}.
     * Runs owned by a living process are never touched.
     */
    public List<String> sweep(boolean includeManual) {
        return sweep(includeManual, id -> true);
    }

    /**
     * As {@link #sweep(boolean)}, limited to the runs {@code runFilter} accepts: a test of the manual case must
     * not delete the labs and demos other people made with {@code bin/hapair-netns up} on the same machine.
     */
    synchronized List<String> sweep(boolean includeManual, Predicate<String> runFilter) {
        Map<String, List<String>> byRun = new LinkedHashMap<>();
        for (String ns : Netns.list()) {
            RunNames.runIdOf(ns).ifPresent(id -> byRun.computeIfAbsent(id, k -> new ArrayList<>())
                    .add(ns));
        }
        Set<String> runs = new TreeSet<>(byRun.keySet());
        runs.addAll(registeredRuns());
        List<String> deleted = new ArrayList<>();
        for (String id : runs) {
            if (!runFilter.test(id)) {
                continue;
            }
            RunRegistry.Owner owner = registry.owner(id);
            boolean remove = owner == RunRegistry.Owner.DEAD || (includeManual && owner == RunRegistry.Owner.MANUAL);
            if (!remove) {
                continue;
            }
            List<String> namespaces = byRun.getOrDefault(id, List.of());
            deleted.addAll(removeRun(namespaces));
            registry.release(id);
        }
        return deleted;
    }

    /** Kills every process inside {@code namespaces}, then deletes them (hosts first, bridge namespace last). */
    static List<String> removeRun(List<String> namespaces) {
        List<String> ordered = new ArrayList<>(namespaces);
        ordered.sort((a, b) ->
                Boolean.compare(a.endsWith("-" + RunNames.SWITCH_HOST), b.endsWith("-" + RunNames.SWITCH_HOST)));
        for (String ns : ordered) {
            Netns.killAll(ns);
        }
        List<String> deleted = new ArrayList<>();
        for (String ns : ordered) {
            if (Netns.delete(ns)) {
                deleted.add(ns);
            }
        }
        return deleted;
    }

    private List<String> registeredRuns() {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(registry.dir())) {
            return ids;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(registry.dir(), "*.owner")) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                String id = name.substring(0, name.length() - ".owner".length());
                if (id.matches("[0-9a-z]{4}")) {
                    ids.add(id);
                }
            }
        } catch (IOException e) {
            // nothing to add; namespaces found by listing are still swept
        }
        return ids;
    }
}
