package dev.hapair.testkit;

/**
 * Runs in a child JVM: builds a two-host topology with a process inside, prints the run id, then either
 * exits without closing (the shutdown hook must clean up) or waits to be killed with SIGKILL (the sweep must).
 */
public final class ChildRun {
    private ChildRun() {}

    public static void main(String[] args) throws Exception {
        Topology net = Topology.create();
        Host a = net.addHost("a", "10.213.5.1/24");
        net.addHost("b", "10.213.5.2/24");
        a.start("sleep", "300");
        System.out.println("RUN " + net.runId());
        System.out.flush();
        if (args.length > 0 && args[0].equals("wait")) {
            Thread.sleep(300_000);
        }
        // falls off main without close(): only the shutdown hook can clean up
    }
}
