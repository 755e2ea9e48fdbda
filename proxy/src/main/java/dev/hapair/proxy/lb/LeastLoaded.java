package dev.hapair.proxy.lb;

/**
 * Keeps, among the servers offered, the one with the lowest (connections + 1) / weight; full servers are
 * skipped and the first offered wins a tie. Shared by leastconn and random's draws. One per selection.
 */
final class LeastLoaded<S extends LbServer> {

    private S best;
    private long bestLoad;
    private int bestWeight = 1;

    void offer(S server, int weight) {
        if (server.full()) {
            return;
        }
        long load = server.currentConnections() + 1L;
        // load/weight < bestLoad/bestWeight, without division
        if (best == null || load * bestWeight < bestLoad * weight) {
            best = server;
            bestLoad = load;
            bestWeight = weight;
        }
    }

    /** The least loaded server offered, or null when every one was full (or none was offered). */
    S best() {
        return best;
    }
}
