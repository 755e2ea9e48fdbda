package dev.hapair.vrrp.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.vrrp.packet.AdvertFilter;
import dev.hapair.vrrp.packet.DecodeResult;
import dev.hapair.vrrp.packet.DropCounters;
import dev.hapair.vrrp.packet.EthernetFrame;
import dev.hapair.vrrp.packet.GoldenVectors;
import dev.hapair.vrrp.packet.Ipv4Addresses;
import dev.hapair.vrrp.packet.PcapFile;
import dev.hapair.vrrp.packet.ReceivePolicy;
import dev.hapair.vrrp.packet.VrrpAdvert;
import dev.hapair.vrrp.packet.VrrpCodec;
import java.io.IOException;
import java.net.Inet4Address;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Replays the master's adverts from the keepalived captures into our backup (configured like the capture's
 * backup: priority 100 + track weight 2, on 10.77.0.12), with the capture timestamps as the clock, and compares
 * our takeover instant with the real keepalived backup's first advert. Ours is exact by the formulas; the real
 * one adds scheduling latency, so they must agree within a few milliseconds.
 */
class CaptureReplayTest {
    private static final Inet4Address MASTER = Ipv4Addresses.parse("10.77.0.11");
    private static final Inet4Address BACKUP = Ipv4Addresses.parse("10.77.0.12");
    private static final List<Inet4Address> VIPS = List.of(Ipv4Addresses.parse("10.77.0.100"));
    private static final long TOLERANCE_NANOS = 5_000_000L;

    /**
     * @param ours          when our backup became master
     * @param keepalived    when keepalived's backup sent its first advert
     * @param last103       the master's last advert at priority 103
     * @param lastAdvert    the master's last advert (any priority)
     * @param lastPriority  its priority
     */
    private record Outcome(long ours, long keepalived, long last103, long lastAdvert, int lastPriority) {}

    private static Outcome replay(String capture, InstanceSpec spec) throws IOException {
        List<PcapFile.Record> records =
                PcapFile.read(GoldenVectors.dir().resolve(capture)).records();
        VrrpCodec codec = new VrrpCodec();
        ReceivePolicy policy = spec.version() == 2
                ? ReceivePolicy.v2(51, VrrpAdvert.AUTH_PASS, VrrpAdvert.passwordBytes("s3cr3t"), 1, Set.copyOf(VIPS))
                : ReceivePolicy.v3(51, spec.advertIntervalCentis(), Set.copyOf(VIPS));
        AdvertFilter filter = new AdvertFilter(policy, codec, new DropCounters());
        VrrpInstance backup = new VrrpInstance(spec);
        backup.handle(new VrrpEvent.Startup(), records.get(0).timestampNanos() - 1);
        long takeover = -1;
        long last103 = -1;
        long lastAdvert = -1;
        int lastPriority = -1;
        for (PcapFile.Record rec : records) {
            long t = rec.timestampNanos();
            EthernetFrame eth = EthernetFrame.parse(rec.data()).orElseThrow();
            if (eth.etherType() != EthernetFrame.ETHERTYPE_IPV4) {
                continue;
            }
            DecodeResult.Accepted a = (DecodeResult.Accepted) filter.receive(eth.payload());
            // run our timers up to this frame
            while (backup.nextDeadline().isPresent() && backup.nextDeadline().getAsLong() <= t) {
                long d = backup.nextDeadline().getAsLong();
                VrrpState before = backup.state();
                backup.handle(new VrrpEvent.TimerExpired(), d);
                if (before == VrrpState.BACKUP && backup.state() == VrrpState.MASTER) {
                    takeover = d;
                }
            }
            if (a.ipHeader().source().equals(BACKUP)) {
                assertEquals(VrrpState.MASTER, backup.state(), "keepalived's backup spoke first");
                return new Outcome(takeover, t, last103, lastAdvert, lastPriority);
            }
            assertEquals(MASTER, a.ipHeader().source());
            backup.handle(VrrpEvent.AdvertReceived.of(a), t);
            lastAdvert = t;
            lastPriority = a.advert().priority();
            if (lastPriority == 103) {
                last103 = t;
            }
        }
        throw new AssertionError("the capture has no takeover by " + BACKUP);
    }

    private static void assertClose(long ours, long keepalived) {
        assertTrue(
                Math.abs(ours - keepalived) < TOLERANCE_NANOS,
                "ours at " + ours + ", keepalived at " + keepalived + ": " + (keepalived - ours) / 1e6 + " ms apart");
    }

    private static InstanceSpec.Builder backupSpec() {
        return InstanceSpec.builder("VI_1", 51)
                .priority(100)
                .primaryAddress(BACKUP)
                .vips(VIPS)
                .tracks(List.of(new TrackSpec("script:chk_haproxy", 2)));
    }

    @Test
    void priorityDropTakeoverMatchesKeepalived() throws IOException {
        Outcome o = replay(
                "vrrp-v2-haproxy-kill-prio-drop.pcap",
                backupSpec().authPass("s3cr3t").build());
        // the master advertised 101 after the kill: ignored by our 102, which preempts once the 103s stop
        assertEquals(101, o.lastPriority());
        assertEquals(o.last103() + Timers.masterDownIntervalNanos(102, 1_000_000_000L), o.ours());
        assertClose(o.ours(), o.keepalived());
    }

    @Test
    void v2PriorityZeroTakeoverMatchesKeepalived() throws IOException {
        Outcome o = replay(
                "vrrp-v2-graceful-stop-prio0-garp.pcap",
                backupSpec().authPass("s3cr3t").build());
        assertEquals(0, o.lastPriority());
        assertEquals(o.lastAdvert() + Timers.skewTimeNanos(102, 1_000_000_000L), o.ours());
        assertClose(o.ours(), o.keepalived());
    }

    @Test
    void v3PriorityZeroTakeoverMatchesKeepalived() throws IOException {
        Outcome o = replay(
                "vrrp-v3-graceful-stop-prio0-garp.pcap",
                backupSpec().version(3).advertIntervalCentis(10).build());
        assertEquals(0, o.lastPriority());
        assertEquals(o.lastAdvert() + Timers.skewTimeNanos(102, 100_000_000L), o.ours());
        assertClose(o.ours(), o.keepalived());
    }
}
