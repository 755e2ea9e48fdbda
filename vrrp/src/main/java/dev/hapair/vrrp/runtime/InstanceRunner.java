package dev.hapair.vrrp.runtime;

import dev.hapair.common.time.MonotonicClock;
import dev.hapair.vrrp.auth.AdvertAuthenticator;
import dev.hapair.vrrp.fsm.VrrpAction;
import dev.hapair.vrrp.fsm.VrrpEvent;
import dev.hapair.vrrp.fsm.VrrpInstance;
import dev.hapair.vrrp.fsm.VrrpState;
import dev.hapair.vrrp.fsm.VrrpSyncGroup;
import dev.hapair.vrrp.os.AddressManager;
import dev.hapair.vrrp.os.Errno;
import dev.hapair.vrrp.os.IfAddress;
import dev.hapair.vrrp.os.NativeException;
import dev.hapair.vrrp.packet.AdvertFilter;
import dev.hapair.vrrp.packet.DecodeResult;
import dev.hapair.vrrp.packet.DropCounters;
import dev.hapair.vrrp.packet.ReceivePolicy;
import dev.hapair.vrrp.packet.Vrrp6DecodeResult;
import dev.hapair.vrrp.packet.VrrpAdvert;
import dev.hapair.vrrp.packet.VrrpCodec;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one vrrp_instance: carries the state machine's actions out through the OS layer (adverts on the raw
 * socket, VIPs through netlink, gratuitous ARP, notify scripts, the one timer) and feeds it the adverts its
 * receive policy accepts. Every method but {@link #onDecoded} runs on the daemon loop.
 */
final class InstanceRunner implements AdvertReceiver.Subscriber {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceRunner.class);

    /** What the runner needs from the daemon around it. */
    interface Context {
        ScheduledExecutorService loop();

        MonotonicClock clock();

        AddressManager addresses();

        GarpSender garp();

        NotifyRunner notifier();

        VrrpCodec codec();

        /** Where timers report how late they ran. */
        LoopLateness lateness();

        /** Feeds an event to the instance, through its sync group if it has one. */
        void dispatch(String instance, VrrpEvent event);
    }

    /** The last state change, for the dump. */
    record Transition(VrrpState from, VrrpState to, String reason, Instant at) {}

    private final InstancePlan plan;
    private final VrrpInstance instance;
    private final Context ctx;
    private final AdvertReceiver receiver;
    private final AdvertFilter filter;
    /** Signs and verifies adverts when the instance has an auth_hmac block; null otherwise. */
    private final AdvertAuthenticator auth;

    private static final dev.hapair.vrrp.packet.Vrrp6Codec CODEC6 = new dev.hapair.vrrp.packet.Vrrp6Codec();

    private final DropCounters counters = new DropCounters();
    private final AuthRejectLog authRejects = new AuthRejectLog();
    private final Map<String, Boolean> trackStates = new LinkedHashMap<>();
    private VrrpSyncGroup group;
    private ScheduledFuture<?> timer;
    private volatile Transition lastTransition;
    private volatile boolean closed;
    private long advertsSent;
    private final Map<dev.hapair.vrrp.fsm.AnnounceReason, Long> garpsSent =
            new java.util.EnumMap<>(dev.hapair.vrrp.fsm.AnnounceReason.class);
    private final Map<dev.hapair.vrrp.fsm.AnnounceReason, Long> nasSent =
            new java.util.EnumMap<>(dev.hapair.vrrp.fsm.AnnounceReason.class);
    /** Transitions by "TO_STATE cause", e.g. "MASTER master_down" (for the metrics). */
    private final Map<String, Long> transitions = new java.util.TreeMap<>();

    private volatile long lastTransitionNanos = Long.MIN_VALUE;

    InstanceRunner(InstancePlan plan, Context ctx, AdvertReceiver receiver, Set<InetAddress> localAddresses) {
        this.plan = plan;
        this.instance = new VrrpInstance(plan.spec());
        this.ctx = ctx;
        this.receiver = receiver;
        var spec = plan.spec();
        ReceivePolicy policy = spec.version() == 2
                ? ReceivePolicy.v2(
                        spec.vrid(),
                        spec.authType(),
                        VrrpAdvert.passwordBytes(spec.authPassword()),
                        spec.advertIntervalCentis() / 100,
                        new HashSet<>(spec.vips()))
                : ReceivePolicy.v3(spec.vrid(), spec.advertIntervalCentis(), new HashSet<>(spec.vips()));
        this.auth = plan.config()
                .authHmac()
                .map(a -> new AdvertAuthenticator(
                        a, java.time.Clock.systemUTC(), plan.peers().size()))
                .orElse(null);
        // keepalived does not insist on TTL 255 for unicast adverts (they may cross a router)
        this.filter = new AdvertFilter(
                policy.withCheckTtl(!plan.unicast()).withLocalAddresses(localAddresses), ctx.codec(), counters, auth);
        spec.tracks().forEach(t -> trackStates.put(t.name(), t.initiallyUp()));
    }

    InstancePlan plan() {
        return plan;
    }

    VrrpInstance instance() {
        return instance;
    }

    String name() {
        return plan.name();
    }

    AdvertReceiver receiver() {
        return receiver;
    }

    VrrpSyncGroup group() {
        return group;
    }

    void joinGroup(VrrpSyncGroup g) {
        this.group = g;
    }

    DropCounters counters() {
        return counters;
    }

    Map<String, Boolean> trackStates() {
        return Map.copyOf(trackStates);
    }

    Transition lastTransition() {
        return lastTransition;
    }

    long advertsSent() {
        return advertsSent;
    }

    /** Gratuitous ARPs sent (frames), by why they were sent. Loop thread only. */
    Map<dev.hapair.vrrp.fsm.AnnounceReason, Long> garpsSent() {
        return Map.copyOf(garpsSent);
    }

    /** Unsolicited neighbour advertisements sent (frames), by why. Loop thread only. */
    Map<dev.hapair.vrrp.fsm.AnnounceReason, Long> nasSent() {
        return Map.copyOf(nasSent);
    }

    /** State changes by "TO_STATE cause". Loop thread only. */
    Map<String, Long> transitions() {
        return Map.copyOf(transitions);
    }

    /** Clock time of the last state change, or empty before the first. */
    java.util.OptionalLong lastTransitionNanos() {
        long t = lastTransitionNanos;
        return t == Long.MIN_VALUE ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(t);
    }

    @Override
    public int vrid() {
        return plan.spec().vrid();
    }

    /** Receiver thread: apply our policy, then queue the IPv6 advert for the loop. */
    @Override
    public void onDecoded6(Vrrp6DecodeResult.Accepted advert) {
        if (closed) {
            return;
        }
        Vrrp6DecodeResult r = filter.check6(advert);
        if (r instanceof Vrrp6DecodeResult.Accepted a) {
            queue(VrrpEvent.AdvertReceived.of(a));
        } else if (r instanceof Vrrp6DecodeResult.Dropped d) {
            logDrop(d.reason(), d.detail());
        }
    }

    /** Receiver thread: apply our policy, then queue the advert for the loop. */
    @Override
    public void onDecoded(DecodeResult.Accepted advert) {
        if (closed) {
            return;
        }
        DecodeResult r = filter.check(advert);
        if (r instanceof DecodeResult.Accepted a) {
            authRejects.accepted(a.ipHeader().source());
            if (auth != null
                    && a.signed() != null
                    && auth.skewNearWindow(a.signed().trailer())
                    && authRejects.shouldLogSkew()) {
                LOG.info(
                        "({}) authentication clock skew {} sec from {} approaching window {} sec",
                        name(),
                        auth.skewSeconds(a.signed().trailer()),
                        a.ipHeader().source().getHostAddress(),
                        auth.config().timeWindowSeconds());
            }
            queue(VrrpEvent.AdvertReceived.of(a));
        } else if (r instanceof DecodeResult.Dropped d) {
            if (authRejects.shouldLog(d.reason())) {
                LOG.info("({}) {}", name(), d.detail()); // keepalived's words, once per kind (AuthRejectLog)
            } else {
                logDrop(d.reason(), d.detail());
            }
        }
    }

    private void queue(VrrpEvent.AdvertReceived event) {
        ctx.loop().execute(() -> {
            if (!closed) {
                ctx.dispatch(name(), event);
            }
        });
    }

    private void logDrop(dev.hapair.vrrp.packet.DropReason reason, String detail) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}: dropped advert: {} {}", name(), reason, detail);
        }
    }

    /** A tracker changed: translate to the spec's track (reverse applied) and feed the state machine. */
    void onTrack(String trackerKey, boolean up, String detail) {
        Boolean reverse = plan.trackRefs().get(trackerKey);
        if (reverse == null || closed) {
            return;
        }
        boolean effective = reverse != up;
        Boolean before = trackStates.put(trackerKey, effective);
        if (before != null && before == effective) {
            return;
        }
        LOG.info("{}: {}", name(), detail);
        if (up && trackerKey.equals(dev.hapair.vrrp.track.Tracker.interfaceKey(plan.interfaceName()))) {
            followInterface();
        }
        ctx.dispatch(name(), new VrrpEvent.TrackChanged(trackerKey, effective));
    }

    /** The instance's interface is back: a re-created one gets the advert socket moved onto it. */
    private void followInterface() {
        try {
            int index = receiver.followInterface();
            if (index >= 0) {
                LOG.info(
                        "{}: {} was re-created (ifindex {}): VRRP socket reopened on it",
                        name(),
                        plan.interfaceName(),
                        index);
            }
        } catch (dev.hapair.vrrp.os.NativeException e) {
            LOG.warn("{}: reopening the VRRP socket on {} failed: {}", name(), plan.interfaceName(), e.getMessage());
        }
    }

    /** Carries the actions out in order. A failing action is logged; the rest still run. */
    void perform(List<VrrpAction> actions) {
        for (VrrpAction a : actions) {
            try {
                performOne(a);
            } catch (RuntimeException e) {
                LOG.error("{}: action {} failed", name(), a, e);
            }
        }
    }

    private void performOne(VrrpAction a) {
        if (a instanceof VrrpAction.SendAdvert s) {
            sendAdvert(s.priority());
        } else if (a instanceof VrrpAction.AddVips v) {
            v.addresses().forEach(vip -> addVip(plan.vips().get(vip)));
        } else if (a instanceof VrrpAction.RemoveVips v) {
            v.addresses().forEach(vip -> removeVip(plan.vips().get(vip)));
        } else if (a instanceof VrrpAction.SendGarp g) {
            announce(g);
        } else if (a instanceof VrrpAction.Notify n) {
            ctx.notifier().instance(plan.config().notifyScripts(), name(), n.type(), instance.effectivePriority());
        } else if (a instanceof VrrpAction.ArmTimer t) {
            arm(t.deadlineNanos());
        } else if (a instanceof VrrpAction.CancelTimer) {
            cancelTimer();
        } else if (a instanceof VrrpAction.Log l) {
            if (l.level() == VrrpAction.LogLevel.WARNING) {
                LOG.warn("({}) {}", name(), l.message());
            } else {
                LOG.info("({}) {}", name(), l.message());
            }
        } else if (a instanceof VrrpAction.StateChange c) {
            if (c.from() == VrrpState.MASTER || c.to() == VrrpState.MASTER) {
                authRejects.reset();
            }
            lastTransition = new Transition(c.from(), c.to(), c.reason(), Instant.now());
            lastTransitionNanos = ctx.clock().nanoTime();
            transitions.merge(
                    c.to() + " " + dev.hapair.vrrp.fsm.TransitionCause.of(c).label(), 1L, Long::sum);
            LOG.info("{}: {} -> {} ({})", name(), c.from(), c.to(), c.reason());
            // and as keepalived words it, for log-based alerting written for keepalived
            String words = KeepalivedWords.entering(name(), c.from(), c.to());
            if (words != null) LOG.info("{}", words);
        }
    }

    /**
     * Takes a reload's new auth_hmac keys, active key or mode without restarting the instance (no flap);
     * false when the instance has no auth_hmac block to update.
     */
    boolean updateAuthHmac(java.util.Optional<dev.hapair.vrrp.config.AuthHmac> next) {
        if (auth == null || next.isEmpty()) {
            return false;
        }
        auth.update(next.get());
        LOG.info("{}: auth_hmac updated in place: {}", name(), next.get());
        return true;
    }

    /**
     * Gratuitous ARPs for the IPv4 addresses, then unsolicited neighbour advertisements for the IPv6 ones
     * (keepalived applies the same garp_* settings to both), each address {@code repeat} times.
     */
    private void announce(VrrpAction.SendGarp g) {
        List<IfAddress> v4 = new java.util.ArrayList<>();
        List<dev.hapair.vrrp.os.Ip6Address> v6 = new java.util.ArrayList<>();
        for (InetAddress address : g.addresses()) {
            if (plan.vips().get(address) instanceof IfAddress ifa) {
                v4.add(ifa);
            } else if (plan.vips().get(address) instanceof dev.hapair.vrrp.os.Ip6Address ip6) {
                v6.add(ip6);
            }
        }
        boolean quiet = g.reason() == dev.hapair.vrrp.fsm.AnnounceReason.BECAME_MASTER;
        if (!v4.isEmpty()) {
            int sent = 0;
            for (int i = 0; i < g.repeat(); i++) {
                for (IfAddress ifa : v4) {
                    if (ctx.garp().send(ifa.interfaceName(), ifa.address())) {
                        sent++;
                    }
                }
            }
            garpsSent.merge(g.reason(), (long) sent, Long::sum);
            logAnnounce(quiet, "{}: sent {} gratuitous ARPs ({})", sent, g);
        }
        if (!v6.isEmpty()) {
            int na = 0;
            for (int i = 0; i < g.repeat(); i++) {
                for (dev.hapair.vrrp.os.Ip6Address ip6 : v6) {
                    if (ctx.garp().sendNa(ip6.interfaceName(), ip6.address())) {
                        na++;
                    }
                }
            }
            nasSent.merge(g.reason(), (long) na, Long::sum);
            logAnnounce(quiet, "{}: sent {} unsolicited neighbour advertisements ({})", na, g);
        }
    }

    private void logAnnounce(boolean quiet, String format, int count, VrrpAction.SendGarp g) {
        if (quiet) {
            LOG.debug(format, name(), count, g.reason());
        } else {
            LOG.info(format, name(), count, g.reason());
        }
    }

    private void sendAdvert(int priority) {
        if (plan.ipv6()) {
            sendAdvert6(priority);
            return;
        }
        VrrpAdvert advert = plan.spec().advert(priority);
        try {
            // One trailer per advert: the HMAC covers neither the destination nor the checksum, so every
            // unicast copy carries the same sequence, as keepalived's do.
            byte[] trailer = null;
            if (plan.unicast()) {
                for (Inet4Address peer : plan.peers()) {
                    byte[] pdu = ctx.codec().encode(advert, (Inet4Address) plan.source(), peer);
                    if (trailer == null) {
                        trailer = trailerFor(pdu, advert);
                    }
                    receiver.channel().send(withTrailer(pdu, trailer), peer);
                }
            } else {
                Inet4Address group = dev.hapair.vrrp.os.AdvertChannel.VRRP_GROUP;
                byte[] pdu = ctx.codec().encode(advert, (Inet4Address) plan.source(), group);
                receiver.channel().send(withTrailer(pdu, trailerFor(pdu, advert)), group);
            }
            advertsSent++;
        } catch (IOException e) {
            LOG.warn("{}: sending advert (priority {}) failed: {}", name(), priority, e.getMessage());
        }
    }

    /**
     * An IPv6 advert to ff02::12. The checksum computed here (over our link-local source) is what the kernel
     * writes too: the socket has IPV6_CHECKSUM set, so the packet is right even if the kernel picked another
     * link-local address.
     */
    private void sendAdvert6(int priority) {
        java.net.Inet6Address group = dev.hapair.vrrp.packet.Ipv6Header.VRRP_MULTICAST;
        try {
            byte[] pdu = CODEC6.encode(plan.spec().advert6(priority), (java.net.Inet6Address) plan.source(), group);
            receiver.channel().send(pdu, group);
            advertsSent++;
        } catch (IOException e) {
            LOG.warn("{}: sending advert (priority {}) failed: {}", name(), priority, e.getMessage());
        }
    }

    /** The auth_hmac trailer for this advert, or an empty array when the instance does not sign. */
    private byte[] trailerFor(byte[] pdu, VrrpAdvert advert) {
        if (auth == null || !auth.signs()) {
            return new byte[0];
        }
        return auth.sign(pdu, advert.version(), advert.vrid(), (Inet4Address) plan.source());
    }

    private static byte[] withTrailer(byte[] pdu, byte[] trailer) {
        if (trailer.length == 0) {
            return pdu;
        }
        byte[] out = java.util.Arrays.copyOf(pdu, pdu.length + trailer.length);
        System.arraycopy(trailer, 0, out, pdu.length, trailer.length);
        return out;
    }

    private void addVip(dev.hapair.vrrp.os.VipAssignment vip) {
        if (vip instanceof dev.hapair.vrrp.os.Ip6Address a) {
            addVip6(a);
            return;
        }
        IfAddress ifa = (IfAddress) vip;
        try {
            ctx.addresses().add(ifa);
            LOG.info("{}: added {}", name(), ifa);
        } catch (NativeException e) {
            if (e.errno() == Errno.EEXIST) {
                LOG.info("{}: {} already present", name(), ifa);
            } else {
                LOG.error("{}: cannot add {}: {}", name(), ifa, e.getMessage());
            }
        }
    }

    private void addVip6(dev.hapair.vrrp.os.Ip6Address a) {
        try {
            ctx.addresses().add6(a);
            LOG.info("{}: added {}", name(), a);
        } catch (NativeException e) {
            if (e.errno() == Errno.EEXIST) {
                LOG.info("{}: {} already present", name(), a);
            } else {
                LOG.error("{}: cannot add {}: {}", name(), a, e.getMessage());
            }
        }
    }

    private void removeVip6(dev.hapair.vrrp.os.Ip6Address a) {
        try {
            if (VipRelease.removeIfPresent(ctx.addresses(), a)) {
                LOG.info("{}: removed {}", name(), a);
            }
        } catch (IllegalStateException e) {
            LOG.error("{}: cannot remove {}: {}", name(), a, e.getMessage());
        }
    }

    private void removeVip(dev.hapair.vrrp.os.VipAssignment vip) {
        if (vip instanceof dev.hapair.vrrp.os.Ip6Address a) {
            removeVip6(a);
        } else {
            removeVip((IfAddress) vip);
        }
    }

    /** Removes a VIP if present; true when it was there. */
    boolean removeVip(IfAddress ifa) {
        try {
            ctx.addresses().delete(ifa.withLabel(null)); // any label: see VipRelease.removeIfPresent
            LOG.info("{}: removed {}", name(), ifa);
            return true;
        } catch (NativeException e) {
            if (e.errno() != Errno.EADDRNOTAVAIL && e.errno() != Errno.ENODEV) {
                LOG.error("{}: cannot remove {}: {}", name(), ifa, e.getMessage());
            }
            return false;
        }
    }

    private void arm(long deadlineNanos) {
        cancelTimer();
        long delay = Math.max(0, deadlineNanos - ctx.clock().nanoTime());
        timer = ctx.loop()
                .schedule(
                        () -> {
                            ctx.lateness().record(ctx.clock().nanoTime() - deadlineNanos);
                            if (!closed) {
                                ctx.dispatch(name(), new VrrpEvent.TimerExpired());
                            }
                        },
                        delay,
                        TimeUnit.NANOSECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /**
     * Stops the instance: a master sends priority 0 and drops its VIPs (the state machine's shutdown
     * actions), then every configured VIP is made absent whatever the state said, and the timer stops.
     * The advert socket is released by the daemon (it may be shared).
     */
    void stop() {
        if (closed) {
            return;
        }
        perform(instance.handle(new VrrpEvent.Shutdown(), ctx.clock().nanoTime()));
        plan.vips().values().forEach(this::removeVip);
        closed = true;
        cancelTimer();
    }

    boolean closed() {
        return closed;
    }
}
