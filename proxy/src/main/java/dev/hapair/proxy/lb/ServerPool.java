package dev.hapair.proxy.lb;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pushed up/down/weight state of a backend's servers and the pool derived from it, shared by every
 * algorithm so backup semantics live in one place. Not thread-safe: selectors guard it.
 */
final class ServerPool<S extends LbServer> {

    private final List<S> servers;
    private final boolean allBackups;
    private final Map<S, Integer> index = new IdentityHashMap<>();
    private final boolean[] up;
    private final int[] weight;
    private List<S> pool = List.of();
    private int[] poolIndexes = new int[0];
    private boolean usingBackups;

    ServerPool(List<S> servers, boolean allBackups) {
        List<S> sorted = new ArrayList<>(servers);
        sorted.sort(Comparator.comparingInt(LbServer::id));
        this.servers = List.copyOf(sorted);
        this.allBackups = allBackups;
        this.up = new boolean[sorted.size()];
        this.weight = new int[sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            S s = sorted.get(i);
            if (index.put(s, i) != null) {
                throw new IllegalArgumentException("server listed twice: " + s.name());
            }
            up[i] = s.usable();
            weight[i] = clampWeight(s.weight());
        }
        recompute();
    }

    private static int clampWeight(int w) {
        return Math.max(0, Math.min(256, w));
    }

    List<S> servers() {
        return servers;
    }

    /** Position of {@code s} in {@link #servers()}, or -1 when it is not part of this backend. */
    int indexOf(S s) {
        Integer i = index.get(s);
        return i == null ? -1 : i;
    }

    /** @return true when the pool changed */
    boolean setUp(S s, boolean isUp) {
        int i = require(s);
        if (up[i] == isUp) {
            return false;
        }
        up[i] = isUp;
        return recompute();
    }

    /** Refreshes the cached weight; @return true when the weight changed. */
    boolean refreshWeight(S s) {
        int i = require(s);
        int w = clampWeight(s.weight());
        if (weight[i] == w) {
            return false;
        }
        weight[i] = w;
        recompute();
        return true;
    }

    boolean isUp(S s) {
        int i = indexOf(s);
        return i >= 0 && up[i];
    }

    int weight(S s) {
        return weight[require(s)];
    }

    int weightAt(int i) {
        return weight[i];
    }

    /** The servers balancing may choose from now, in id order. Immutable. */
    List<S> pool() {
        return pool;
    }

    /** Positions in {@link #servers()} of the pool members, in pool order: no map lookups per request. */
    int[] poolIndexes() {
        return poolIndexes;
    }

    S serverAt(int i) {
        return servers.get(i);
    }

    boolean usingBackups() {
        return usingBackups;
    }

    int usableServers() {
        if (!usingBackups) {
            return pool.size();
        }
        int n = 0;
        for (int i = 0; i < servers.size(); i++) {
            if (servers.get(i).backup() && up[i] && weight[i] > 0) {
                n++;
            }
        }
        return allBackups ? n : Math.min(n, 1);
    }

    private int require(S s) {
        int i = indexOf(s);
        if (i < 0) {
            throw new IllegalArgumentException("server not in this backend: " + s.name());
        }
        return i;
    }

    private boolean recompute() {
        List<S> active = new ArrayList<>();
        List<S> backups = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            if (!up[i] || weight[i] == 0) {
                continue;
            }
            S s = servers.get(i);
            (s.backup() ? backups : active).add(s);
        }
        List<S> next;
        if (!active.isEmpty()) {
            next = active;
            usingBackups = false;
        } else {
            usingBackups = !backups.isEmpty();
            next = allBackups || backups.isEmpty() ? backups : backups.subList(0, 1);
        }
        boolean changed = !next.equals(pool);
        pool = List.copyOf(next);
        poolIndexes = new int[pool.size()];
        for (int k = 0; k < poolIndexes.length; k++) {
            poolIndexes[k] = index.get(pool.get(k));
        }
        return changed;
    }
}
