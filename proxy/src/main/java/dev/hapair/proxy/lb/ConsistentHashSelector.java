package dev.hapair.proxy.lb;

import dev.hapair.proxy.config.HashType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code hash-type consistent}: a ring where each server owns {@link #POINTS_PER_WEIGHT} points per unit
 * of weight, placed by its id (not its position), so when a server leaves only its keys move (about 1/N)
 * and come back to it when it returns. Key hashes are always mixed before the ring lookup: raw sdbm
 * values of similar keys cluster, and clustered keys on a ring land on one server.
 */
public final class ConsistentHashSelector<S extends LbServer> extends AbstractHashSelector<S> {

    /** HAProxy also places 16 ring nodes per weight unit. */
    public static final int POINTS_PER_WEIGHT = 16;

    private int[] points = new int[0];
    private Object[] owners = new Object[0];

    public ConsistentHashSelector(List<S> servers, boolean allBackups, HashKey key, HashType hashType) {
        super(servers, allBackups, key, hashType);
        init();
    }

    @Override
    @SuppressWarnings("unchecked")
    protected S lookup(long hash) {
        return (S) owners[pointAt(hash)];
    }

    /**
     * The first owner at or after the key's point that is not in {@code avoid}: where the key would land if those
     * servers were down (their points gone), so a redispatched key goes where it will stay. The key's own owner
     * when every server is avoided.
     */
    @Override
    @SuppressWarnings("unchecked")
    protected S lookupAvoiding(long hash, java.util.Set<?> avoid) {
        int first = pointAt(hash);
        for (int n = 0, i = first; n < owners.length; n++, i = i + 1 == owners.length ? 0 : i + 1) {
            if (!avoid.contains(owners[i])) return (S) owners[i];
        }
        return (S) owners[first];
    }

    private int pointAt(long hash) {
        int h = (int) (hashType.avalanche() ? hash : HashFunction.avalanche(hash));
        int i = Arrays.binarySearch(points, h);
        if (i < 0) {
            i = -i - 1;
        }
        if (i == points.length) {
            i = 0;
        }
        return i;
    }

    @Override
    protected void rebuild() {
        List<S> members = pool.pool();
        Map<Integer, S> byId = new HashMap<>();
        int total = 0;
        for (S s : members) {
            byId.put(s.id(), s);
            total += pool.weight(s) * POINTS_PER_WEIGHT;
        }
        long[] packed = new long[total];
        int n = 0;
        for (int m = 0; m < members.size(); m++) {
            S s = members.get(m);
            int count = pool.weight(s) * POINTS_PER_WEIGHT;
            for (int r = 0; r < count; r++) {
                int point = pointOf(s.id(), r);
                // sort by point, then by member so equal points resolve the same way every rebuild
                packed[n++] = ((long) point << 32) | ((long) s.id() & 0xFFFFFFFFL);
            }
        }
        Arrays.sort(packed);
        points = new int[total];
        owners = new Object[total];
        for (int k = 0; k < total; k++) {
            points[k] = (int) (packed[k] >> 32);
            owners[k] = byId.get((int) packed[k]);
        }
    }

    /** Position of replica {@code r} of server {@code id}: a 64-bit mix, so points are independent. */
    static int pointOf(int id, int r) {
        long z = ((long) id << 32 | (r & 0xFFFFFFFFL)) + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (int) z;
    }
}
