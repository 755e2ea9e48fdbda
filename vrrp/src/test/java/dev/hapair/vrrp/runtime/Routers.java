package dev.hapair.vrrp.runtime;

import dev.hapair.testkit.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The VRRP daemons one test started on a {@link Segment}, ours and keepalived's. After each test they are stopped
 * and the VIP is taken off every host still holding it (a killed daemon leaves it behind), so the next test
 * starts on a clean segment.
 */
final class Routers {
    /** A supplier because JUnit injects a test's {@code @TempDir} field after field initialisers run. */
    private final Supplier<Path> dir;

    private final List<VrrpNode> ours = new ArrayList<>();
    private final List<KeepalivedNode> theirs = new ArrayList<>();

    Routers(Supplier<Path> dir) {
        this.dir = dir;
    }

    /** A hapair-vrrp on {@code h} with its files in the test's directory under {@code subdir}, not started. */
    VrrpNode ours(Host h, String subdir, String config) throws IOException {
        VrrpNode n = new VrrpNode(h, Files.createDirectories(dir.get().resolve(subdir)), config);
        ours.add(n);
        return n;
    }

    /** A keepalived on {@code h}, not started. */
    KeepalivedNode keepalived(Host h, String config) {
        KeepalivedNode k = new KeepalivedNode(h, dir.get(), config);
        theirs.add(k);
        return k;
    }

    /** Stops every daemon of the test, then removes {@code vipCidr} from those of {@code hosts} that hold it. */
    void stopAll(String vipCidr, Host... hosts) {
        ours.forEach(VrrpNode::stop);
        theirs.forEach(KeepalivedNode::stop);
        ours.clear();
        theirs.clear();
        String vip = vipCidr.substring(0, vipCidr.indexOf('/'));
        for (Host h : hosts) {
            if (h != null && h.hasAddress("eth0", vip)) {
                h.removeAddress("eth0", vipCidr);
            }
        }
    }
}
