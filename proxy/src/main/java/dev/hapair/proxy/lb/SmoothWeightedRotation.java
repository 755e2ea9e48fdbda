package dev.hapair.proxy.lb;

/**
 * Smooth weighted round robin: every pick adds each candidate's weight to its running score, takes the
 * highest score (lowest id on ties) and subtracts the round's total from the winner. Weights 3:1 give
 * a a b a; heavy servers are interleaved, never bunched, and weight changes act on the next pick.
 * Full servers sit out the round so others are not starved of their share.
 */
final class SmoothWeightedRotation<S extends LbServer> {

    private final ServerPool<S> pool;
    private final long[] score;

    SmoothWeightedRotation(ServerPool<S> pool) {
        this.pool = pool;
        this.score = new long[pool.servers().size()];
    }

    /** Forgets the scores of servers that left the pool so a returning server starts fresh. */
    void poolChanged() {
        boolean[] member = new boolean[score.length];
        for (int i : pool.poolIndexes()) {
            member[i] = true;
        }
        for (int i = 0; i < score.length; i++) {
            if (!member[i]) {
                score[i] = 0;
            }
        }
    }

    /** @return the next server, or null when every pool member is full */
    S next() {
        int[] members = pool.poolIndexes();
        long total = 0;
        int best = -1;
        for (int i : members) {
            if (pool.serverAt(i).full()) {
                continue;
            }
            int w = pool.weightAt(i);
            score[i] += w;
            total += w;
            if (best < 0 || score[i] > score[best]) {
                best = i;
            }
        }
        if (best < 0) {
            return null;
        }
        score[best] -= total;
        return pool.serverAt(best);
    }
}
