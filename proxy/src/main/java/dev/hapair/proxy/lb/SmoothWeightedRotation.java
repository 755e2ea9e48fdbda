package dev.hapair.proxy.lb;

import java.util.List;

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
        for (S s : pool.pool()) {
            member[pool.indexOf(s)] = true;
        }
        for (int i = 0; i < score.length; i++) {
            if (!member[i]) {
                score[i] = 0;
            }
        }
    }

    /** @return the next server, or null when every pool member is full */
    S next() {
        List<S> members = pool.pool();
        long total = 0;
        int best = -1;
        S bestServer = null;
        for (S s : members) {
            if (s.full()) {
                continue;
            }
            int i = pool.indexOf(s);
            int w = pool.weightAt(i);
            score[i] += w;
            total += w;
            if (best < 0 || score[i] > score[best]) {
                best = i;
                bestServer = s;
            }
        }
        if (bestServer != null) {
            score[best] -= total;
        }
        return bestServer;
    }
}
