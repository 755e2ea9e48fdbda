package dev.hapair.proxy.lb;

import dev.hapair.proxy.config.HashType;
import java.util.List;

/**
 * Hash-based balancing (source, uri, url_param, hdr): the key's hash picks the server; without a key the
 * request is balanced by smooth round robin. A hashed server that is full is still returned — the runtime
 * queues on it — because moving the key elsewhere would break the affinity hashing exists for.
 */
abstract class AbstractHashSelector<S extends LbServer> extends AbstractServerSelector<S> {

    private final HashKey key;
    protected final HashType hashType;
    private final HashFunction function;
    private final SmoothWeightedRotation<S> fallback;

    protected AbstractHashSelector(List<S> servers, boolean allBackups, HashKey key, HashType hashType) {
        super(servers, allBackups);
        this.key = key;
        this.hashType = hashType;
        this.function = HashFunction.byKeyword(hashType.function());
        this.fallback = new SmoothWeightedRotation<>(pool);
    }

    @Override
    protected final Selection<S> choose(LbRequest request) {
        long h = key.hash(request, function);
        if (h == HashKey.ABSENT) {
            S s = fallback.next();
            return s == null ? Selection.queue() : Selection.of(s);
        }
        return Selection.of(lookup(hashType.avalanche() ? HashFunction.avalanche(h) : h));
    }

    @Override
    protected final Selection<S> chooseAvoiding(LbRequest request, java.util.Set<?> avoid) {
        long h = key.hash(request, function);
        if (h == HashKey.ABSENT) {
            return choose(request);
        }
        return Selection.of(lookupAvoiding(hashType.avalanche() ? HashFunction.avalanche(h) : h, avoid));
    }

    /** The server owning an (unsigned 32-bit) hash; the pool is not empty. */
    protected abstract S lookup(long hash);

    /** {@link #lookup} for a redispatch: by default the same server (map-based hashing has no alternative). */
    protected S lookupAvoiding(long hash, java.util.Set<?> avoid) {
        return lookup(hash);
    }

    @Override
    protected void poolChanged() {
        fallback.poolChanged();
        rebuild();
    }

    /** Rebuilds the hash structure from {@link ServerPool#pool()} and current weights. */
    protected abstract void rebuild();

    public HashKey key() {
        return key;
    }
}
