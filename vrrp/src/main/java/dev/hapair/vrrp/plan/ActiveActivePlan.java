package dev.hapair.vrrp.plan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * N-way active-active VRRP: N nodes, N VIPs, node i is MASTER of VIP i and BACKUP of every other VIP.
 *
 * <p>The priority rule (so nobody hand-computes priorities): for VIP i, the node at ring distance
 * {@code d = (j - i) mod N} from its owner gets {@code OWNER_PRIORITY - STEP * d}. The owner has 150, the next
 * node in list order 140, the one after 130, and so on. So when node i fails, VIP i goes to node i+1 (wrapping
 * from the last node to the first); if that one is down as well, to i+2; the failed node's VIP never lands on
 * an arbitrary survivor, and every VIP has a strictly ordered list of holders. When node i comes back, its
 * higher priority takes its VIP back (preempt). A survivor then carries two VIPs until then: the plan spreads
 * the normal load, not the failover load. Priorities stay distinct per VIP, so ties (decided by the highest
 * address in VRRP) never happen; with the step of 10 up to {@link #MAX_NODES} nodes fit in 1..254.
 */
public final class ActiveActivePlan {
    public static final int OWNER_PRIORITY = 150;
    public static final int STEP = 10;
    /** 150 - 10 * 14 = 10: the lowest priority still well above 0 (0 means "giving up"). */
    public static final int MAX_NODES = 15;

    private final List<PlanNode> nodes;
    private final List<PlanVip> vips;
    private final PlanOptions options;

    public ActiveActivePlan(List<PlanNode> nodes, List<PlanVip> vips, PlanOptions options) {
        this.nodes = List.copyOf(nodes);
        this.vips = List.copyOf(vips);
        this.options = Objects.requireNonNull(options, "options");
        if (this.nodes.size() < 2) {
            throw new IllegalArgumentException(
                    "an active-active plan needs at least 2 nodes, got " + this.nodes.size());
        }
        if (this.nodes.size() > MAX_NODES) {
            throw new IllegalArgumentException(
                    "at most " + MAX_NODES + " nodes (priority step " + STEP + "), got " + this.nodes.size());
        }
        if (this.vips.size() != this.nodes.size()) {
            throw new IllegalArgumentException(
                    "one VIP per node: " + this.nodes.size() + " node(s) but " + this.vips.size() + " VIP(s)");
        }
        if (options.firstVrid() + this.nodes.size() - 1 > 255) {
            throw new IllegalArgumentException("VRIDs " + options.firstVrid() + ".."
                    + (options.firstVrid() + this.nodes.size() - 1) + " go past 255: choose a lower first VRID");
        }
        Set<String> seen = new HashSet<>();
        for (PlanNode n : this.nodes) {
            if (!seen.add("node " + n.name()) || !seen.add("address " + n.ip())) {
                throw new IllegalArgumentException("node " + n.name() + " (" + n.ip() + ") appears twice");
            }
        }
        for (PlanVip v : this.vips) {
            if (!seen.add("address " + v.ip())) {
                throw new IllegalArgumentException("VIP " + v.ip() + " appears twice or is a node's own address");
            }
        }
    }

    public List<PlanNode> nodes() {
        return nodes;
    }

    public List<PlanVip> vips() {
        return vips;
    }

    public PlanOptions options() {
        return options;
    }

    /** Priority of node {@code node} (0-based) for VIP {@code vip} (0-based). */
    public int priority(int vip, int node) {
        int distance = Math.floorMod(node - vip, nodes.size());
        return OWNER_PRIORITY - STEP * distance;
    }

    public int vrid(int vip) {
        return options.firstVrid() + vip;
    }

    /**
     * Who holds VIP {@code vip} when the nodes in {@code down} have failed: the surviving node with the highest
     * priority for it, or -1 when every node is down.
     */
    public int holder(int vip, Set<Integer> down) {
        int best = -1;
        for (int n = 0; n < nodes.size(); n++) {
            if (!down.contains(n) && (best < 0 || priority(vip, n) > priority(vip, best))) {
                best = n;
            }
        }
        return best;
    }

    /** The order in which nodes take VIP {@code vip}: its owner first, then each failover in turn. */
    public List<PlanNode> succession(int vip) {
        List<PlanNode> order = new ArrayList<>();
        for (int d = 0; d < nodes.size(); d++) {
            order.add(nodes.get((vip + d) % nodes.size()));
        }
        return order;
    }
}
