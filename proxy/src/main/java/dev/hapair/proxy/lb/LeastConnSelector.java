package dev.hapair.proxy.lb;

import java.util.List;

/**
 * {@code balance leastconn}: the server with the fewest connections per unit of weight, i.e. the lowest
 * (connections + 1) / weight. Servers with equal load are taken in turn (starting after the last one
 * chosen), so idle short-lived traffic still spreads. Loads are read live from
 * {@link LbServer#currentConnections()}, which the runtime owns, so they can never drift.
 */
public final class LeastConnSelector<S extends LbServer> extends AbstractServerSelector<S> {

    private int lastId = Integer.MIN_VALUE;

    public LeastConnSelector(List<S> servers, boolean allBackups) {
        super(servers, allBackups);
        init();
    }

    @Override
    protected Selection<S> choose(LbRequest request) {
        int[] members = pool.poolIndexes();
        int n = members.length;
        int start = 0;
        while (start < n && pool.serverAt(members[start]).id() <= lastId) {
            start++;
        }
        LeastLoaded<S> least = new LeastLoaded<>();
        for (int k = 0; k < n; k++) {
            int i = members[(start + k) % n];
            least.offer(pool.serverAt(i), pool.weightAt(i));
        }
        S best = least.best();
        if (best == null) {
            return Selection.queue();
        }
        lastId = best.id();
        return Selection.of(best);
    }
}
