package dev.hapair.proxy.lb;

import java.util.List;

/**
 * {@code balance static-rr}: weighted round robin over a precomputed slot table. As in HAProxy, weights
 * are fixed at start: a weight change only matters when it drains a server (0) or revives it.
 */
public final class StaticRoundRobinSelector<S extends LbServer> extends AbstractServerSelector<S> {

    private final int[] initialWeight;
    private List<S> slots = List.of();
    private int cursor;

    public StaticRoundRobinSelector(List<S> servers, boolean allBackups) {
        super(servers, allBackups);
        List<S> all = pool.servers();
        initialWeight = new int[all.size()];
        for (int i = 0; i < all.size(); i++) {
            initialWeight[i] = pool.weightAt(i);
        }
        init();
    }

    @Override
    protected Selection<S> choose(LbRequest request) {
        int n = slots.size();
        for (int step = 0; step < n; step++) {
            S s = slots.get(cursor);
            cursor = (cursor + 1) % n;
            if (!s.full()) {
                return Selection.of(s);
            }
        }
        return Selection.queue();
    }

    @Override
    protected void poolChanged() {
        slots = WeightedMap.build(pool.pool(), s -> {
            int i = pool.indexOf(s);
            return initialWeight[i] > 0 ? initialWeight[i] : pool.weightAt(i);
        });
        cursor = slots.isEmpty() ? 0 : cursor % slots.size();
    }

    @Override
    protected void weightChanged(S server) {
        // static: only drain/revive (handled as pool changes) has an effect
    }
}
