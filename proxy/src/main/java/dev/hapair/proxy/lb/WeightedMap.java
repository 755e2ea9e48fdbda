package dev.hapair.proxy.lb;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * A table with one slot per unit of weight, servers interleaved as smooth round robin would order them.
 * Used by static-rr (walked in order) and map-based hashing (indexed by hash modulo size).
 */
final class WeightedMap {

    private WeightedMap() {}

    static <S> List<S> build(List<S> servers, ToIntFunction<S> weight) {
        int n = servers.size();
        long[] score = new long[n];
        int[] w = new int[n];
        int total = 0;
        for (int i = 0; i < n; i++) {
            w[i] = Math.max(0, weight.applyAsInt(servers.get(i)));
            total += w[i];
        }
        List<S> slots = new ArrayList<>(total);
        for (int slot = 0; slot < total; slot++) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (w[i] == 0) {
                    continue;
                }
                score[i] += w[i];
                if (best < 0 || score[i] > score[best]) {
                    best = i;
                }
            }
            score[best] -= total;
            slots.add(servers.get(best));
        }
        return slots;
    }
}
