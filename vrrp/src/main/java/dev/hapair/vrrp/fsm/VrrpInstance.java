package dev.hapair.vrrp.fsm;

import dev.hapair.vrrp.fsm.VrrpAction.AddVips;
import dev.hapair.vrrp.fsm.VrrpAction.ArmTimer;
import dev.hapair.vrrp.fsm.VrrpAction.CancelTimer;
import dev.hapair.vrrp.fsm.VrrpAction.Log;
import dev.hapair.vrrp.fsm.VrrpAction.LogLevel;
import dev.hapair.vrrp.fsm.VrrpAction.Notify;
import dev.hapair.vrrp.fsm.VrrpAction.RemoveVips;
import dev.hapair.vrrp.fsm.VrrpAction.SendAdvert;
import dev.hapair.vrrp.fsm.VrrpAction.SendGarp;
import dev.hapair.vrrp.fsm.VrrpAction.StateChange;
import dev.hapair.vrrp.packet.Advertisement;
import dev.hapair.vrrp.packet.VrrpAdvert;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One VRRP instance as a pure state machine (RFC 5798 section 6.4 with keepalived's tracking, preempt_delay,
 * FAULT state and GARP bursts). It never reads a clock and never does I/O: each {@link #handle} call gets the
 * time and returns the actions to carry out, including {@link ArmTimer} when the next deadline changes.
 * Not thread-safe: one event loop owns an instance.
 *
 * <p>Decisions where the RFC and keepalived differ or are silent:
 * <ul>
 *   <li>A master receiving a lower priority advert (or an equal one from a lower address) answers at once with
 *       its own advert and re-announces its addresses (garp_lower_prio_repeat GARPs now, the same again after
 *       garp_lower_prio_delay), as keepalived does; RFC 5798 section 6.4.3 just discards it. Such an advert
 *       means a second master existed (partition, one-way loss, a stall), and clients may have followed its
 *       GARP: without the re-announce they keep sending to the wrong host until their neighbour entry expires.
 *       The regular advert timer is not reset. Only the latest pending second burst is kept.</li>
 *   <li>higher_prio_send_advert: a master yielding to a higher priority sends one advert of its own first, so
 *       the winner hears a lower priority and re-announces (otherwise, after a partition heals, whichever
 *       master's advert crosses first decides whether clients are fixed at once).</li>
 *   <li>Stalls: a timer firing more than one advert interval late means the daemon did not run (SIGSTOP, CPU
 *       starvation, a long pause) and a peer may have taken over meanwhile. A master then advertises and
 *       re-announces at once (garp_master_repeat). A backup whose master-down timer fires that late does not
 *       take over yet: the master's adverts may be waiting in the socket; it waits one more advert interval.</li>
 *   <li>A master that sees another host announce one of its addresses (gratuitous ARP from a foreign MAC) re-announces
 *       them and advertises one advert interval later, if it is still master then. keepalived does not do this.
 *       Under packet loss a backup that missed a few adverts takes over for a moment and announces the addresses;
 *       when every advert it sent as master (and the one it sends when yielding) is lost, the real master
 *       learns of it only from its gratuitous ARPs, and without a re-announce a client that sends nothing stays on
 *       the wrong host until its neighbour entry goes stale. The delay lets the short-lived master yield first;
 *       two masters that hear each other's ARPs but not their adverts would answer each other for ever, so at most
 *       {@value #CLAIM_REACTIONS} such re-announces happen per {@code CLAIM_WINDOW} (a claim seen meanwhile is
 *       answered when the window allows, so the last word still belongs to whoever is master then).</li>
 *   <li>A master whose effective priority changes advertises the new priority at once rather than at the next
 *       interval, so a preempting backup learns it one interval sooner.</li>
 *   <li>A master going to FAULT (tracking or sync group) sends a priority-0 advert first, so the backup takes
 *       over after Skew_Time instead of Master_Down_Interval.</li>
 *   <li>preempt_delay: after startup, and after first hearing a lower-priority master, a preempting backup
 *       keeps accepting that master for preempt_delay; afterwards it ignores its adverts and takes over when
 *       its master-down timer expires (keepalived's behaviour).</li>
 *   <li>An address owner (priority 255) always preempts, even with nopreempt (RFC 5798 section 6.1).</li>
 *   <li>Leaving FAULT follows the Startup rules: owner to MASTER, others to BACKUP with a full
 *       Master_Down_Interval.</li>
 * </ul>
 */
public final class VrrpInstance {
    private static final long UNSET = Long.MIN_VALUE;
    /** At most this many re-announces for foreign claims per {@link #CLAIM_WINDOW_NANOS}. */
    static final int CLAIM_REACTIONS = 5;

    static final long CLAIM_WINDOW_NANOS = 10_000_000_000L;

    private final InstanceSpec spec;
    private final Map<String, Boolean> trackUp = new HashMap<>();
    private VrrpState state = VrrpState.INIT;
    private int effectivePriority;
    private long masterAdverIntervalNanos;
    private long masterDownDeadline = UNSET;
    private long advertDeadline = UNSET;
    private long garpBurstDeadline = UNSET;
    private long garpRefreshDeadline = UNSET;
    private long garpLowerPrioDeadline = UNSET;
    private long preemptNotBefore = UNSET;
    private long claimDeadline = UNSET;
    /** When the last {@link #CLAIM_REACTIONS} foreign-claim re-announces happened (ring, oldest at claimNext). */
    private final long[] claimReactions = new long[CLAIM_REACTIONS];

    private int claimReactionCount;
    private int claimNext;
    private long armedDeadline = UNSET;
    /** Since when the backup waits: the last accepted advert, or entering BACKUP. */
    private long waitingSince;

    private boolean masterSentPriorityZero;
    private int ignoredLowerPriority = -1;
    private boolean groupFault;
    private InetAddress currentMaster;

    public VrrpInstance(InstanceSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        for (TrackSpec t : spec.tracks()) {
            trackUp.put(t.name(), t.initiallyUp());
        }
        this.effectivePriority = EffectivePriority.compute(spec.priority(), spec.tracks(), trackUp);
        this.masterAdverIntervalNanos = spec.advertIntervalNanos();
    }

    public InstanceSpec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    public VrrpState state() {
        return state;
    }

    /** Base priority adjusted by tracked objects (what our adverts carry). */
    public int effectivePriority() {
        return effectivePriority;
    }

    /** The interval a backup assumes for the master: ours, or (v3) the one the master advertises. */
    public long masterAdverIntervalNanos() {
        return masterAdverIntervalNanos;
    }

    public long skewTimeNanos() {
        return Timers.skewTimeNanos(effectivePriority, masterAdverIntervalNanos);
    }

    public long masterDownIntervalNanos() {
        return Timers.masterDownIntervalNanos(effectivePriority, masterAdverIntervalNanos);
    }

    /** The deadline last armed, or empty when no timer is needed. */
    public java.util.OptionalLong nextDeadline() {
        return armedDeadline == UNSET ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(armedDeadline);
    }

    /** Source address of the master we last accepted an advert from (null if none, or we are master). */
    public InetAddress currentMaster() {
        return currentMaster;
    }

    /** Is any tracked object with weight 0 down (the instance's own FAULT reason, not the group's)? */
    public boolean ownFault() {
        return EffectivePriority.faultingTrack(spec.tracks(), trackUp) != null;
    }

    /** Feeds one event at time {@code nowNanos}; returns the actions in the order to perform them. */
    public List<VrrpAction> handle(VrrpEvent event, long nowNanos) {
        Objects.requireNonNull(event, "event");
        List<VrrpAction> out = new ArrayList<>();
        if (event instanceof VrrpEvent.Startup) {
            onStartup(nowNanos, out);
        } else if (event instanceof VrrpEvent.Shutdown) {
            onShutdown(out);
        } else if (event instanceof VrrpEvent.TimerExpired) {
            if (!stalled(nowNanos, out)) {
                onTimer(nowNanos, out);
            }
        } else if (event instanceof VrrpEvent.AdvertReceived a) {
            onAdvert(a.advert(), a.source(), nowNanos, out);
        } else if (event instanceof VrrpEvent.AddressClaimed c) {
            onClaim(c, nowNanos, out);
        } else if (event instanceof VrrpEvent.TrackChanged t) {
            onTrack(t.track(), t.up(), nowNanos, out);
        } else if (event instanceof VrrpEvent.SyncGroupFollow f) {
            onFollow(f, nowNanos, out);
        } else if (event instanceof VrrpEvent.SyncGroupFault f) {
            onGroupFault(f, nowNanos, out);
        }
        rearm(out);
        return out;
    }

    // ------------------------------------------------------------------ events

    private void onStartup(long now, List<VrrpAction> out) {
        if (state != VrrpState.INIT) {
            return;
        }
        masterAdverIntervalNanos = spec.advertIntervalNanos();
        String faulting = EffectivePriority.faultingTrack(spec.tracks(), trackUp);
        if (faulting != null || groupFault) {
            enterFault(
                    faulting != null ? "track '" + faulting + "' down at startup" : "sync group in fault",
                    faulting == null,
                    out);
        } else if (effectivePriority == EffectivePriority.OWNER) {
            becomeMaster(now, "address owner (priority 255)", false, out);
        } else {
            becomeBackup(now, "startup", false, out);
            if (spec.preempt() && !spec.preemptDelay().isZero()) {
                preemptNotBefore = now + spec.preemptDelay().toNanos();
            }
        }
    }

    private void onShutdown(List<VrrpAction> out) {
        if (state == VrrpState.INIT) {
            return;
        }
        VrrpState from = state;
        out.add(new StateChange(from, VrrpState.INIT, "shutdown", false));
        if (from == VrrpState.MASTER) {
            out.add(new SendAdvert(VrrpAdvert.PRIORITY_STOP));
            out.add(new RemoveVips(spec.heldAddresses()));
        }
        out.add(new Notify(NotifyType.STOP));
        state = VrrpState.INIT;
        clearDeadlines();
        currentMaster = null;
    }

    /**
     * Handles a timer that fired more than one advert interval after its deadline; returns true when the normal
     * timer handling must not run (a backup waiting for queued adverts).
     */
    private boolean stalled(long now, List<VrrpAction> out) {
        if (armedDeadline == UNSET || now - armedDeadline <= spec.advertIntervalNanos()) {
            return false;
        }
        long late = now - armedDeadline;
        out.add(new Log(LogLevel.WARNING, "A thread timer expired " + Timers.secondsLong(late) + " ago"));
        if (state == VrrpState.MASTER) {
            out.add(new Log(
                    LogLevel.WARNING,
                    "stalled for " + Timers.seconds(late)
                            + " as MASTER: advertising and re-announcing the addresses at once"));
            advertDeadline = now; // advertise now even if the overdue deadline was another one
            onTimer(now, out);
            sendGarp(spec.garpMasterRepeat(), AnnounceReason.STALL, out);
            return true;
        }
        if (state == VrrpState.BACKUP && masterDownDeadline != UNSET && now >= masterDownDeadline) {
            out.add(new Log(
                    LogLevel.WARNING,
                    "stalled for " + Timers.seconds(late) + " as BACKUP: waiting one more"
                            + " advert interval for adverts queued meanwhile before taking over"));
            masterDownDeadline = now + masterAdverIntervalNanos;
            return true;
        }
        return false;
    }

    private void onTimer(long now, List<VrrpAction> out) {
        if (state == VrrpState.BACKUP) {
            if (masterDownDeadline != UNSET && now >= masterDownDeadline) {
                becomeMaster(now, takeoverReason(now), false, out);
            }
        } else if (state == VrrpState.MASTER) {
            if (advertDeadline != UNSET && now >= advertDeadline) {
                out.add(new SendAdvert(effectivePriority));
                advertDeadline = next(advertDeadline, spec.advertIntervalNanos(), now);
            }
            if (garpBurstDeadline != UNSET && now >= garpBurstDeadline) {
                sendGarp(spec.garpMasterRepeat(), AnnounceReason.MASTER_DELAY, out);
                garpBurstDeadline = UNSET;
            }
            if (garpLowerPrioDeadline != UNSET && now >= garpLowerPrioDeadline) {
                sendGarp(spec.garpLowerPrioRepeat(), AnnounceReason.LOWER_PRIORITY_DELAY, out);
                garpLowerPrioDeadline = UNSET;
            }
            if (claimDeadline != UNSET && now >= claimDeadline) {
                claimDeadline = UNSET;
                claimReactions[claimNext] = now;
                claimNext = (claimNext + 1) % CLAIM_REACTIONS;
                claimReactionCount = Math.min(CLAIM_REACTIONS, claimReactionCount + 1);
                out.add(new SendAdvert(effectivePriority)); // a master still on the other side yields to it
                sendGarp(spec.garpMasterRepeat(), AnnounceReason.FOREIGN_CLAIM, out);
            }
            if (garpRefreshDeadline != UNSET && now >= garpRefreshDeadline) {
                sendGarp(spec.garpMasterRefreshRepeat(), AnnounceReason.REFRESH, out);
                garpRefreshDeadline =
                        next(garpRefreshDeadline, spec.garpMasterRefresh().toNanos(), now);
            }
        }
    }

    private String takeoverReason(long now) {
        String waited = Timers.seconds(now - waitingSince);
        if (masterSentPriorityZero) {
            return "master sent priority 0, took over after " + waited;
        }
        if (ignoredLowerPriority >= 0) {
            return "preempting master with lower priority " + ignoredLowerPriority + " (ours " + effectivePriority
                    + ") after " + waited;
        }
        return "master down after " + waited;
    }

    private void onAdvert(Advertisement adv, InetAddress source, long now, List<VrrpAction> out) {
        if (adv.vrid() != spec.vrid() || adv.version() != spec.version()) {
            return; // the filter drops these; never let a stray one move the state machine
        }
        if (state == VrrpState.BACKUP) {
            backupReceives(adv, source, now, out);
        } else if (state == VrrpState.MASTER) {
            masterReceives(adv, source, now, out);
        }
    }

    /** RFC 5798 section 6.4.2, with keepalived's preempt_delay. */
    private void backupReceives(Advertisement adv, InetAddress source, long now, List<VrrpAction> out) {
        if (adv.priority() == VrrpAdvert.PRIORITY_STOP) {
            masterDownDeadline = now + skewTimeNanos();
            waitingSince = now;
            masterSentPriorityZero = true;
            return;
        }
        boolean lower = adv.priority() < effectivePriority;
        boolean preempting = spec.preempt() || effectivePriority == EffectivePriority.OWNER;
        if (lower && preempting) {
            boolean delayed = !spec.preemptDelay().isZero();
            if (delayed && preemptNotBefore == UNSET) {
                preemptNotBefore = now + spec.preemptDelay().toNanos();
            }
            if (!delayed || now >= preemptNotBefore) {
                ignoredLowerPriority = adv.priority(); // let the master-down timer run out
                out.add(new Log(
                        LogLevel.INFO,
                        "received lower priority (" + adv.priority() + ") advert from " + source.getHostAddress()
                                + " - discarding")); // keepalived's words, for each such advert as it logs them
                return;
            }
        } else if (!lower) {
            preemptNotBefore = UNSET;
        }
        if (spec.version() == 3) {
            masterAdverIntervalNanos = Timers.centisToNanos(adv.advertIntervalCentis());
        }
        masterDownDeadline = now + masterDownIntervalNanos();
        waitingSince = now;
        masterSentPriorityZero = false;
        ignoredLowerPriority = -1;
        currentMaster = source;
    }

    /** RFC 5798 section 6.4.3. */
    private void masterReceives(Advertisement adv, InetAddress source, long now, List<VrrpAction> out) {
        if (adv.priority() == VrrpAdvert.PRIORITY_STOP) {
            out.add(new SendAdvert(effectivePriority));
            advertDeadline = now + spec.advertIntervalNanos();
            return;
        }
        int cmp = Integer.compare(adv.priority(), effectivePriority);
        if (cmp > 0 || (cmp == 0 && compareAddresses(source, spec.primaryAddress()) > 0)) {
            if (spec.version() == 3) {
                masterAdverIntervalNanos = Timers.centisToNanos(adv.advertIntervalCentis());
            }
            String reason = cmp > 0
                    ? "higher priority " + adv.priority() + " (ours " + effectivePriority + ") from "
                            + source.getHostAddress()
                    : "equal priority " + adv.priority() + " from higher address " + source.getHostAddress();
            if (spec.higherPrioSendAdvert()) {
                out.add(new Log(
                        LogLevel.INFO,
                        "Received advert from " + source.getHostAddress()
                                + " with higher priority " + adv.priority() + ", ours " + effectivePriority
                                + ": sending an advert before yielding (higher_prio_send_advert)"));
                out.add(new SendAdvert(effectivePriority));
            }
            becomeBackup(now, reason, false, out);
            currentMaster = source;
            return;
        }
        out.add(new Log(
                LogLevel.INFO,
                "Received advert from " + source.getHostAddress()
                        + (cmp < 0
                                ? " with lower priority " + adv.priority() + ", ours " + effectivePriority
                                : " with equal priority " + adv.priority() + " and a lower address than ours")
                        + ", forcing new election"));
        out.add(new SendAdvert(effectivePriority)); // keepalived: reassert at once, forcing a new election
        if (spec.garpLowerPrioRepeat() > 0) {
            sendGarp(spec.garpLowerPrioRepeat(), AnnounceReason.LOWER_PRIORITY_ADVERT, out);
            if (!spec.garpLowerPrioDelay().isZero()) {
                garpLowerPrioDeadline = now + spec.garpLowerPrioDelay().toNanos();
            }
        }
    }

    private void onClaim(VrrpEvent.AddressClaimed c, long now, List<VrrpAction> out) {
        if (state != VrrpState.MASTER
                || claimDeadline != UNSET
                || !spec.heldAddresses().contains(c.address())) {
            return;
        }
        long at = now + spec.advertIntervalNanos();
        if (claimReactionCount == CLAIM_REACTIONS) {
            at = Math.max(at, claimReactions[claimNext] + CLAIM_WINDOW_NANOS); // the oldest of the last few
        }
        claimDeadline = at;
        out.add(new Log(
                LogLevel.WARNING,
                (c.address() instanceof Inet6Address ? "Neighbour advertisement from " : "Gratuitous ARP from ")
                        + c.claimant() + " claims " + c.address().getHostAddress()
                        + ", which we hold as MASTER: re-announcing in " + Timers.seconds(at - now)
                        + (at - now > spec.advertIntervalNanos()
                                ? " (" + CLAIM_REACTIONS + " re-announces for such claims in the last "
                                        + CLAIM_WINDOW_NANOS / 1_000_000_000L + " s)"
                                : "")));
    }

    private void onTrack(String name, boolean up, long now, List<VrrpAction> out) {
        Boolean previous = trackUp.get(name);
        if (previous == null || previous == up) {
            return;
        }
        trackUp.put(name, up);
        int oldPriority = effectivePriority;
        effectivePriority = EffectivePriority.compute(spec.priority(), spec.tracks(), trackUp);
        if (effectivePriority != oldPriority) {
            out.add(new Log(
                    LogLevel.INFO,
                    "Changing effective priority from " + oldPriority + " to " + effectivePriority + " (track '" + name
                            + "' " + (up ? "up" : "down") + ")"));
        }
        if (state == VrrpState.INIT) {
            return;
        }
        String faulting = EffectivePriority.faultingTrack(spec.tracks(), trackUp);
        if (faulting != null && state != VrrpState.FAULT) {
            enterFault("track '" + faulting + "' down (weight 0)", false, out);
        } else if (faulting == null && state == VrrpState.FAULT && !groupFault) {
            leaveFault(now, "track '" + name + "' " + (up ? "up" : "down") + ", fault cleared", false, out);
        } else if (state == VrrpState.MASTER && effectivePriority != oldPriority) {
            out.add(new SendAdvert(effectivePriority));
        }
    }

    private void onFollow(VrrpEvent.SyncGroupFollow f, long now, List<VrrpAction> out) {
        String reason = "sync group " + f.group() + ": " + f.reason();
        if (f.target() == VrrpState.MASTER && state == VrrpState.BACKUP) {
            becomeMaster(now, reason, true, out);
        } else if (f.target() == VrrpState.BACKUP && state == VrrpState.MASTER) {
            out.add(new StateChange(VrrpState.MASTER, VrrpState.BACKUP, reason, true));
            out.add(new SendAdvert(VrrpAdvert.PRIORITY_STOP)); // let the peer's member take over after skew
            enterBackupQuietly(now, true, out);
        }
    }

    private void onGroupFault(VrrpEvent.SyncGroupFault f, long now, List<VrrpAction> out) {
        groupFault = f.faulted();
        String reason = "sync group " + f.group() + ": " + f.reason();
        if (groupFault && (state == VrrpState.BACKUP || state == VrrpState.MASTER)) {
            enterFault(reason, true, out);
        } else if (!groupFault && state == VrrpState.FAULT && !ownFault()) {
            leaveFault(now, reason, true, out);
        }
    }

    // ------------------------------------------------------------------ transitions

    private void becomeMaster(long now, String reason, boolean syncForced, List<VrrpAction> out) {
        out.add(new StateChange(state, VrrpState.MASTER, reason, syncForced));
        state = VrrpState.MASTER;
        clearDeadlines();
        currentMaster = null;
        out.add(new AddVips(spec.heldAddresses()));
        out.add(new SendAdvert(effectivePriority));
        sendGarp(spec.garpMasterRepeat(), AnnounceReason.BECAME_MASTER, out);
        out.add(new Notify(NotifyType.MASTER));
        advertDeadline = now + spec.advertIntervalNanos();
        if (!spec.garpMasterDelay().isZero() && spec.garpMasterRepeat() > 0) {
            garpBurstDeadline = now + spec.garpMasterDelay().toNanos();
        }
        if (!spec.garpMasterRefresh().isZero() && spec.garpMasterRefreshRepeat() > 0) {
            garpRefreshDeadline = now + spec.garpMasterRefresh().toNanos();
        }
    }

    private void becomeBackup(long now, String reason, boolean syncForced, List<VrrpAction> out) {
        out.add(new StateChange(state, VrrpState.BACKUP, reason, syncForced));
        enterBackupQuietly(now, state == VrrpState.MASTER, out);
    }

    private void enterBackupQuietly(long now, boolean wasMaster, List<VrrpAction> out) {
        if (wasMaster) {
            out.add(new RemoveVips(spec.heldAddresses()));
        }
        out.add(new Notify(NotifyType.BACKUP));
        state = VrrpState.BACKUP;
        clearDeadlines();
        masterDownDeadline = now + masterDownIntervalNanos();
        waitingSince = now;
        masterSentPriorityZero = false;
        ignoredLowerPriority = -1;
    }

    private void enterFault(String reason, boolean syncForced, List<VrrpAction> out) {
        out.add(new StateChange(state, VrrpState.FAULT, reason, syncForced));
        if (state == VrrpState.MASTER) {
            out.add(new SendAdvert(VrrpAdvert.PRIORITY_STOP));
            out.add(new RemoveVips(spec.heldAddresses()));
        }
        out.add(new Notify(NotifyType.FAULT));
        state = VrrpState.FAULT;
        clearDeadlines();
        currentMaster = null;
    }

    private void leaveFault(long now, String reason, boolean syncForced, List<VrrpAction> out) {
        masterAdverIntervalNanos = spec.advertIntervalNanos();
        if (effectivePriority == EffectivePriority.OWNER) {
            becomeMaster(now, reason, syncForced, out);
        } else {
            becomeBackup(now, reason, syncForced, out);
        }
    }

    private void sendGarp(int repeat, AnnounceReason reason, List<VrrpAction> out) {
        if (repeat > 0 && !spec.heldAddresses().isEmpty()) {
            out.add(new SendGarp(spec.heldAddresses(), repeat, reason));
        }
    }

    /**
     * RFC 5798 section 6.4.3: the higher primary address wins a tie, compared as unsigned integers in network
     * order (IPv4 addresses, or the IPv6 link-local sources). The receive filter keeps the families apart.
     */
    static int compareAddresses(InetAddress a, InetAddress b) {
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        if (x.length != y.length) {
            return Integer.compare(x.length, y.length);
        }
        return Arrays.compareUnsigned(x, y);
    }

    // ------------------------------------------------------------------ timers

    private void clearDeadlines() {
        masterDownDeadline = UNSET;
        advertDeadline = UNSET;
        garpBurstDeadline = UNSET;
        garpRefreshDeadline = UNSET;
        garpLowerPrioDeadline = UNSET;
        preemptNotBefore = UNSET;
        claimDeadline = UNSET;
    }

    /** The next periodic deadline after {@code previous}; skips periods the caller slept through. */
    private static long next(long previous, long period, long now) {
        long n = previous + period;
        return n > now ? n : now + period;
    }

    private void rearm(List<VrrpAction> out) {
        long next = UNSET;
        for (long d : new long[] {
            masterDownDeadline,
            advertDeadline,
            garpBurstDeadline,
            garpRefreshDeadline,
            garpLowerPrioDeadline,
            claimDeadline
        }) {
            if (d != UNSET && (next == UNSET || d < next)) {
                next = d;
            }
        }
        if (next != armedDeadline) {
            out.add(next == UNSET ? new CancelTimer() : new ArmTimer(next));
            armedDeadline = next;
        }
    }

    @Override
    public String toString() {
        return "VrrpInstance[" + spec.name() + " vrid=" + spec.vrid() + " " + state + " prio=" + effectivePriority
                + "]";
    }
}
