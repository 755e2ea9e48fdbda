package dev.hapair.proxy.lb;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * {@code balance random[(draws)]}: draws {@code draws} servers at random, each with a probability
 * proportional to its weight, and keeps the least loaded ((connections + 1) / weight) — "power of two
 * choices" by default, which avoids the herd effect of pure least-connections across many proxies.
 * The random source is injected so tests are reproducible.
 */
public final class RandomSelector<S extends LbServer> extends AbstractServerSelector<S> {

    private final int draws;
    private final RandomGenerator random;
    private long[] cumulative = new long[0];

    public RandomSelector(List<S> servers, boolean allBackups, int draws, RandomGenerator random) {
        super(servers, allBackups);
        if (draws < 1) {
            throw new IllegalArgumentException("draws must be >= 1");
        }
        this.draws = draws;
        this.random = random;
        init();
    }

    @Override
    protected Selection<S> choose(LbRequest request) {
        int[] members = pool.poolIndexes();
        long total = cumulative[cumulative.length - 1];
        LeastLoaded<S> least = new LeastLoaded<>();
        for (int d = 0; d < draws; d++) {
            long r = random.nextLong(total);
            int k = 0;
            while (cumulative[k] <= r) {
                k++;
            }
            int i = members[k];
            least.offer(pool.serverAt(i), pool.weightAt(i));
        }
        S best = least.best();
        if (best != null) {
            return Selection.of(best);
        }
        // every draw hit a full server: look for any room before queueing
        for (int i : members) {
            if (!pool.serverAt(i).full()) {
                return Selection.of(pool.serverAt(i));
            }
        }
        return Selection.queue();
    }

    @Override
    protected void poolChanged() {
        int[] members = pool.poolIndexes();
        cumulative = new long[members.length];
        long sum = 0;
        for (int k = 0; k < members.length; k++) {
            sum += pool.weightAt(members[k]);
            cumulative[k] = sum;
        }
    }
}
