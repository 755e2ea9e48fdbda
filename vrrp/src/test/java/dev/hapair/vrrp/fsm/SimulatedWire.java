package dev.hapair.vrrp.fsm;

import dev.hapair.vrrp.packet.AdvertFilter;
import dev.hapair.vrrp.packet.DecodeResult;
import dev.hapair.vrrp.packet.DropCounters;
import dev.hapair.vrrp.packet.Ipv4Header;
import dev.hapair.vrrp.packet.ReceivePolicy;
import dev.hapair.vrrp.packet.VrrpAdvert;
import dev.hapair.vrrp.packet.VrrpCodec;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * A LAN segment in a test: routers exchange real encoded adverts (codec + receive filter), timers fire from a
 * fake clock, and every action is logged with its time. Deterministic: events at the same time run in the
 * order they were scheduled.
 */
final class SimulatedWire {
    record Logged(long time, String router, VrrpAction action) {}

    record Sent(long time, String router, int priority) {}

    /** The client's neighbour entry for the VIPs moved to {@code router} (a GARP it heard) at {@code time}. */
    record ClientMove(long time, String router) {}

    /** {@code deadline}: for a timer, the deadline it was armed for (a stalled router runs it late). */
    private record Scheduled(long time, long seq, String router, VrrpEvent event, long deadline) {}

    /** The host sending requests to the VIP: its neighbour entry follows the last gratuitous ARP it hears. */
    static final String CLIENT = "client";

    final class Router {
        final String name;
        final VrrpInstance instance;
        final AdvertFilter filter;
        final DropCounters drops = new DropCounters();
        boolean cabled = true;
        boolean holdsVips;
        long timerDeadline = Long.MIN_VALUE;

        Router(String name, InstanceSpec spec) {
            this.name = name;
            this.instance = new VrrpInstance(spec);
            ReceivePolicy policy = spec.version() == 2
                    ? ReceivePolicy.v2(
                            spec.vrid(),
                            spec.authType(),
                            VrrpAdvert.passwordBytes(spec.authPassword()),
                            spec.advertIntervalCentis() / 100,
                            Set.copyOf(spec.vips()))
                    : ReceivePolicy.v3(spec.vrid(), spec.advertIntervalCentis(), Set.copyOf(spec.vips()));
            this.filter = new AdvertFilter(policy.withLocalAddresses(Set.of(spec.primaryAddress())), codec, drops);
        }

        VrrpState state() {
            return instance.state();
        }
    }

    private final VrrpCodec codec = new VrrpCodec();
    private final Map<String, Router> routers = new LinkedHashMap<>();
    private final PriorityQueue<Scheduled> queue =
            new PriorityQueue<>((a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
    final List<Logged> log = new ArrayList<>();
    final List<Sent> sent = new ArrayList<>();
    private long seq;
    private long now;
    private int ipId;
    private final long latencyNanos;
    private final Set<String> blocked = new HashSet<>();
    private final Map<String, long[]> frozen = new LinkedHashMap<>();
    final List<ClientMove> clientMoves = new ArrayList<>();

    SimulatedWire(long startNanos, long latencyNanos) {
        this.now = startNanos;
        this.latencyNanos = latencyNanos;
    }

    Router add(String name, InstanceSpec spec) {
        Router r = new Router(name, spec);
        routers.put(name, r);
        return r;
    }

    Router router(String name) {
        return routers.get(name);
    }

    long now() {
        return now;
    }

    /** Schedules an event for a router at an absolute time. */
    void at(long time, String router, VrrpEvent event) {
        queue.add(new Scheduled(time, seq++, router, event, time));
    }

    /** Drops everything {@code from} sends to {@code to} (a router or {@link #CLIENT}) until unblocked. */
    void block(String from, String to) {
        blocked.add(from + ">" + to);
    }

    void unblock(String from, String to) {
        blocked.remove(from + ">" + to);
    }

    private boolean reaches(String from, String to) {
        return !blocked.contains(from + ">" + to);
    }

    /**
     * The router's daemon does not run from {@code start} until {@code end} (SIGSTOP): its timers and the adverts
     * it receives meanwhile are handled at {@code end}, in the order they were due.
     */
    void freeze(String router, long start, long end) {
        frozen.put(router, new long[] {start, end});
    }

    /** Where the client's neighbour entry points at {@code time} (null before any GARP). */
    String clientEntryAt(long time) {
        String entry = null;
        for (ClientMove m : clientMoves) {
            if (m.time() <= time) {
                entry = m.router();
            }
        }
        return entry;
    }

    /** Cuts a router off the wire (a crash: it neither sends nor hears anything). */
    void unplug(String router) {
        routers.get(router).cabled = false;
    }

    void runUntil(long end) {
        while (!queue.isEmpty() && queue.peek().time <= end) {
            Scheduled s = queue.poll();
            long[] stop = frozen.get(s.router);
            if (stop != null && s.time >= stop[0] && s.time < stop[1]) {
                queue.add(new Scheduled(stop[1], seq++, s.router, s.event, s.deadline));
                continue;
            }
            now = s.time;
            Router r = routers.get(s.router);
            if (s.event instanceof VrrpEvent.TimerExpired && s.deadline != r.timerDeadline) {
                continue; // superseded timer
            }
            perform(r, r.instance.handle(s.event, now));
        }
        now = end;
    }

    private void perform(Router r, List<VrrpAction> actions) {
        for (VrrpAction a : actions) {
            log.add(new Logged(now, r.name, a));
            if (a instanceof VrrpAction.ArmTimer t) {
                r.timerDeadline = t.deadlineNanos();
                at(t.deadlineNanos(), r.name, new VrrpEvent.TimerExpired());
            } else if (a instanceof VrrpAction.CancelTimer) {
                r.timerDeadline = Long.MIN_VALUE;
            } else if (a instanceof VrrpAction.AddVips) {
                r.holdsVips = true;
            } else if (a instanceof VrrpAction.RemoveVips) {
                r.holdsVips = false;
            } else if (a instanceof VrrpAction.SendAdvert s && r.cabled) {
                transmit(r, s.priority());
            } else if (a instanceof VrrpAction.SendGarp && r.cabled && reaches(r.name, CLIENT)) {
                clientMoves.add(new ClientMove(now + latencyNanos, r.name));
            }
        }
    }

    private void transmit(Router from, int priority) {
        sent.add(new Sent(now, from.name, priority));
        InstanceSpec spec = from.instance.spec();
        Inet4Address src = (Inet4Address) spec.primaryAddress();
        byte[] packet = codec.encodeIpv4(spec.advert(priority), src, Ipv4Header.VRRP_MULTICAST, ++ipId);
        for (Router to : routers.values()) {
            if (to == from || !to.cabled || !reaches(from.name, to.name)) {
                continue;
            }
            DecodeResult r = to.filter.receive(packet);
            if (r instanceof DecodeResult.Accepted a) {
                at(now + latencyNanos, to.name, VrrpEvent.AdvertReceived.of(a));
            }
        }
    }

    /** Times at which {@code router} entered {@code state}. */
    List<Long> entered(String router, VrrpState state) {
        List<Long> times = new ArrayList<>();
        for (Logged l : log) {
            if (l.router.equals(router) && l.action instanceof VrrpAction.StateChange sc && sc.to() == state) {
                times.add(l.time);
            }
        }
        return times;
    }

    /** Last advert {@code router} put on the wire at or before {@code time}, with any priority but 0. */
    long lastAdvertBefore(String router, long time) {
        long last = Long.MIN_VALUE;
        for (Sent s : sent) {
            if (s.router.equals(router) && s.time <= time && s.priority != 0) {
                last = s.time;
            }
        }
        return last;
    }

    /** Routers on the wire holding the addresses (a crashed, unplugged host no longer counts). */
    Set<String> vipHolders() {
        Set<String> holders = new HashSet<>();
        for (Router r : routers.values()) {
            if (r.holdsVips && r.cabled) {
                holders.add(r.name);
            }
        }
        return holders;
    }
}
