package dev.hapair.proxy.stats;

import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.backend.ServerRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The rows of the stats in HAProxy's order: per proxy its FRONTEND row, then its servers, then its
 * BACKEND row. A {@code listen} section is one proxy with both sides.
 */
public final class StatsSnapshot {
    private final Supplier<List<FrontendRuntime>> frontends;
    private final Supplier<Map<String, BackendRuntime>> backends;
    private final ProcessInfo process;
    private final SessionRates rates;
    private volatile int firstIid = 1;
    private volatile List<Map.Entry<String, Integer>> configIds = List.of();

    public StatsSnapshot(
            Supplier<List<FrontendRuntime>> frontends,
            Supplier<Map<String, BackendRuntime>> backends,
            ProcessInfo process,
            SessionRates rates) {
        this.frontends = frontends;
        this.backends = backends;
        this.process = process;
        this.rates = rates;
    }

    /**
     * The id of the first proxy. HAProxy numbers proxies in configuration order from 1, but the internal
     * GLOBAL proxy that carries a {@code stats socket} takes a number first (its own id is 0), so with a stats
     * socket the first proxy is #2.
     */
    public void firstIid(int iid) {
        this.firstIid = iid;
    }

    /**
     * The proxies in configuration order with their {@code id} (0 = none): HAProxy numbers each proxy without an
     * id with the first number from a counter that is not an explicit id, and the counter moves on for every
     * proxy, numbered or not (haproxy 2.6.12: with a stats socket, {@code listen a id 10} then {@code frontend fe}
     * gives fe #3). Without this list, proxies are numbered in the order of {@link #proxies()}.
     */
    public void ids(List<Map.Entry<String, Integer>> inConfigOrder) {
        this.configIds = List.copyOf(inConfigOrder);
    }

    /** HAProxy's numbering of {@code inConfigOrder} (name, explicit id or 0), the first free number being {@code first}. */
    static Map<String, Integer> number(List<Map.Entry<String, Integer>> configIds, int firstIid) {
        Map<String, Integer> out = new java.util.HashMap<>();
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        for (Map.Entry<String, Integer> e : configIds) if (e.getValue() > 0) taken.add(e.getValue());
        int next = firstIid;
        for (Map.Entry<String, Integer> e : configIds) {
            if (out.containsKey(e.getKey())) continue;
            if (e.getValue() > 0) {
                out.put(e.getKey(), e.getValue());
                next++;
                continue;
            }
            while (taken.contains(next)) next++;
            taken.add(next);
            out.put(e.getKey(), next);
            next++;
        }
        return out;
    }

    public ProcessInfo process() {
        return process;
    }

    public SessionRates rates() {
        return rates;
    }

    public List<FrontendRuntime> frontends() {
        return frontends.get();
    }

    public Map<String, BackendRuntime> backends() {
        return backends.get();
    }

    /** One proxy section (frontend, backend or both for {@code listen}) and its rows. */
    public record Proxy(String name, int iid, FrontendRuntime frontend, BackendRuntime backend, List<StatRow> rows) {}

    public List<Proxy> proxies() {
        Map<String, FrontendRuntime> fe = new LinkedHashMap<>();
        for (FrontendRuntime f : frontends.get()) fe.put(f.name(), f);
        Map<String, BackendRuntime> be = backends.get();
        List<String> names = new ArrayList<>(fe.keySet());
        for (String b : be.keySet()) if (!fe.containsKey(b)) names.add(b);
        List<Proxy> out = new ArrayList<>();
        Map<String, Integer> ids = configIds.isEmpty() ? Map.of() : number(configIds, firstIid);
        int seq = firstIid - 1;
        for (String n : names) {
            seq++;
            int iid = ids.getOrDefault(n, seq);
            FrontendRuntime f = fe.get(n);
            BackendRuntime b = be.get(n);
            List<StatRow> rows = new ArrayList<>();
            if (f != null) rows.add(StatRow.frontend(f, iid, process, rates));
            if (b != null) {
                for (ServerRuntime s : b.servers()) rows.add(StatRow.server(b, s, iid, process, rates));
                rows.add(StatRow.backend(b, iid, process, rates));
            }
            out.add(new Proxy(n, iid, f, b, rows));
        }
        return out;
    }

    public List<StatRow> rows() {
        List<StatRow> out = new ArrayList<>();
        for (Proxy p : proxies()) out.addAll(p.rows());
        return out;
    }

    /** Samples every counter set for the session rates (called once a second). */
    public void sampleRates(long nowMillis) {
        for (StatRow r : rows()) rates.sample(r.counters(), nowMillis);
    }
}
