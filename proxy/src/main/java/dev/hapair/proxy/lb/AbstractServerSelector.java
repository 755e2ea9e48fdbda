package dev.hapair.proxy.lb;

import java.util.List;

/**
 * Event handling, backup semantics and locking shared by all algorithms; subclasses only choose within
 * the pool. One lock per backend: decisions are a few array reads, far cheaper than the I/O around them.
 */
abstract class AbstractServerSelector<S extends LbServer> implements ServerSelector<S> {

    protected final ServerPool<S> pool;

    protected AbstractServerSelector(List<S> servers, boolean allBackups) {
        this.pool = new ServerPool<>(servers, allBackups);
    }

    /** Subclasses that precompute structures must call this at the end of their constructor. */
    protected void init() {
        poolChanged();
    }

    @Override
    public final synchronized Selection<S> select(LbRequest request) {
        if (pool.pool().isEmpty()) {
            return Selection.noServer();
        }
        return choose(request);
    }

    @Override
    public final synchronized Selection<S> selectAvoiding(LbRequest request, java.util.Set<?> avoid) {
        if (pool.pool().isEmpty()) {
            return Selection.noServer();
        }
        return chooseAvoiding(request, avoid);
    }

    /** {@link #choose} for a redispatch; only algorithms with a deterministic alternative override it. */
    protected Selection<S> chooseAvoiding(LbRequest request, java.util.Set<?> avoid) {
        return choose(request);
    }

    @Override
    public final synchronized Selection<S> selectPersistent(S preferred, LbRequest request) {
        if (preferred != null && pool.isUp(preferred)) {
            return Selection.of(preferred);
        }
        return select(request);
    }

    @Override
    public final synchronized void onServerUp(S server) {
        List<S> before = pool.pool();
        boolean weightChanged = pool.refreshWeight(server);
        pool.setUp(server, true);
        if (!before.equals(pool.pool())) {
            poolChanged();
        } else if (weightChanged && pool.isUp(server)) {
            weightChanged(server);
        }
    }

    @Override
    public final synchronized void onServerDown(S server) {
        if (pool.setUp(server, false)) {
            poolChanged();
        }
    }

    @Override
    public final synchronized void onWeightChange(S server) {
        List<S> before = pool.pool();
        if (pool.refreshWeight(server)) {
            if (!before.equals(pool.pool())) {
                poolChanged();
            } else if (pool.isUp(server)) {
                weightChanged(server);
            }
        }
    }

    @Override
    public final synchronized boolean isUp(S server) {
        return pool.isUp(server);
    }

    @Override
    public final synchronized int usableServers() {
        return pool.usableServers();
    }

    @Override
    public final List<S> servers() {
        return pool.servers();
    }

    /** Chooses within a non-empty {@link ServerPool#pool()}. Called with the lock held. */
    protected abstract Selection<S> choose(LbRequest request);

    /** The set of servers in the pool changed (or its weights, for algorithms that don't override). */
    protected void poolChanged() {}

    /** A pool member's weight changed while the pool membership stayed the same. */
    protected void weightChanged(S server) {
        poolChanged();
    }
}
