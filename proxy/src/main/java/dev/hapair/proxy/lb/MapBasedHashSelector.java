package dev.hapair.proxy.lb;

import dev.hapair.proxy.config.HashType;
import java.util.List;

/**
 * {@code hash-type map-based}: hash modulo the total weight indexes a slot table. Deterministic and
 * evenly spread, but any change in the pool remaps most keys (use consistent hashing to avoid that).
 */
public final class MapBasedHashSelector<S extends LbServer> extends AbstractHashSelector<S> {

    private List<S> slots = List.of();

    public MapBasedHashSelector(List<S> servers, boolean allBackups, HashKey key, HashType hashType) {
        super(servers, allBackups, key, hashType);
        init();
    }

    @Override
    protected S lookup(long hash) {
        return slots.get((int) (hash % slots.size()));
    }

    @Override
    protected void rebuild() {
        slots = WeightedMap.build(pool.pool(), pool::weight);
    }
}
