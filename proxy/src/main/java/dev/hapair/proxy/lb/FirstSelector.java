package dev.hapair.proxy.lb;

import java.util.List;

/**
 * {@code balance first}: the lowest-id server that still has a free slot under its {@code maxconn}, so
 * the fewest servers carry the load (others can be powered down). Weights only matter when 0.
 */
public final class FirstSelector<S extends LbServer> extends AbstractServerSelector<S> {

    public FirstSelector(List<S> servers, boolean allBackups) {
        super(servers, allBackups);
        init();
    }

    @Override
    protected Selection<S> choose(LbRequest request) {
        for (S s : pool.pool()) {
            if (!s.full()) {
                return Selection.of(s);
            }
        }
        return Selection.queue();
    }
}
