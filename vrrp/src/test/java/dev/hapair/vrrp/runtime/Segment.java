package dev.hapair.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hapair.testkit.ExecResult;
import dev.hapair.testkit.Host;
import dev.hapair.testkit.Prerequisites;
import dev.hapair.testkit.Topology;
import java.util.List;

/**
 * The namespace segment of one IT class: hosts on one bridge, made in {@code @BeforeAll} and, in
 * {@code @AfterAll}, deleted with a check that no namespace or link of the run is left behind.
 */
final class Segment {
    private final Topology net;

    private Segment(Topology net) {
        this.net = net;
    }

    /** A new segment; without namespace support a failure under CI=true, a skip elsewhere. */
    static Segment create() {
        Prerequisites.assumeNamespaces();
        return new Segment(Topology.create());
    }

    Host add(String name, String cidr) {
        return net.addHost(name, cidr);
    }

    Topology topology() {
        return net;
    }

    /** Runs a command in the bridge's namespace (e.g. nft rules that drop or delay frames between hosts). */
    ExecResult switchExec(String... argv) {
        return net.switchExec(argv);
    }

    /** Deletes {@code segment} (null when {@code @BeforeAll} skipped or failed first) and asserts no leftovers. */
    static void close(Segment segment) {
        if (segment == null) {
            return;
        }
        String id = segment.net.runId();
        segment.net.close();
        assertEquals(List.of(), Topology.leftovers(id), "namespaces/links left behind");
    }
}
