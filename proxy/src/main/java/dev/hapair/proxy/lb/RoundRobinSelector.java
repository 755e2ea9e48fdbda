package dev.hapair.proxy.lb;

import java.util.List;

/** {@code balance roundrobin}: smooth weighted round robin honouring dynamic weights. */
public final class RoundRobinSelector<S extends LbServer> extends AbstractServerSelector<S> {

    private final SmoothWeightedRotation<S> rotation;

    public RoundRobinSelector(List<S> servers, boolean allBackups) {
        super(servers, allBackups);
        this.rotation = new SmoothWeightedRotation<>(pool);
        init();
    }

    @Override
    protected Selection<S> choose(LbRequest request) {
        S s = rotation.next();
        return s == null ? Selection.queue() : Selection.of(s);
    }

    @Override
    protected void poolChanged() {
        rotation.poolChanged();
    }

    @Override
    protected void weightChanged(S server) {
        // Scores are kept: the new weight simply takes effect from the next pick.
    }
}
