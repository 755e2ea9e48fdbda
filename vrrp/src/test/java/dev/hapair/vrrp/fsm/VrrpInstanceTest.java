package dev.hapair.vrrp.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.hapair.vrrp.packet.Ipv4Addresses;
import dev.hapair.vrrp.packet.VrrpAdvert;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per RFC 5798 / keepalived rule, driven with a fake clock (plain nanosecond values). */
class VrrpInstanceTest {
    static final long SEC = 1_000_000_000L;
    static final Inet4Address SELF = Ipv4Addresses.parse("10.213.0.12");
    static final Inet4Address LOWER_PEER = Ipv4Addresses.parse("10.213.0.5");
    static final Inet4Address HIGHER_PEER = Ipv4Addresses.parse("10.213.0.20");
    static final Inet4Address VIP = Ipv4Addresses.parse("10.213.0.100");
    static final List<Inet4Address> VIPS = List.of(VIP);

    /** Start of the fake timeline: not zero, so that absolute deadlines are visibly absolute. */
    static final long T0 = 1_000 * SEC;

    static InstanceSpec.Builder spec(int priority) {
        return InstanceSpec.builder("VI_1", 51)
                .priority(priority)
                .primaryAddress(SELF)
                .vips(VIPS);
    }

    static VrrpEvent.AdvertReceived advert(int priority, Inet4Address from) {
        return new VrrpEvent.AdvertReceived(VrrpAdvert.v2(51, priority, 0, new byte[8], 1, VIPS), from);
    }

    static VrrpEvent.AdvertReceived advertV3(int priority, int intervalCentis, Inet4Address from) {
        return new VrrpEvent.AdvertReceived(VrrpAdvert.v3(51, priority, intervalCentis, VIPS), from);
    }

    /** Master_Down_Interval written out from RFC 5798 section 6.1, independent of {@link Timers}. */
    static long mdi(int priority, long intervalNanos) {
        return 3 * intervalNanos + (256 - priority) * intervalNanos / 256;
    }

    static long skew(int priority, long intervalNanos) {
        return (256 - priority) * intervalNanos / 256;
    }

    static VrrpInstance started(InstanceSpec s, long now) {
        VrrpInstance i = new VrrpInstance(s);
        i.handle(new VrrpEvent.Startup(), now);
        return i;
    }

    /** An instance that became master at {@code T0 + mdi} by its down timer. */
    static VrrpInstance master(InstanceSpec s) {
        VrrpInstance i = started(s, T0);
        i.handle(new VrrpEvent.TimerExpired(), T0 + mdi(s.priority(), SEC));
        assertEquals(VrrpState.MASTER, i.state());
        return i;
    }

    static StateChange stateChange(List<VrrpAction> actions) {
        return actions.stream()
                .filter(StateChange.class::isInstance)
                .map(StateChange.class::cast)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no state change in " + actions));
    }

    @Test
    void takeoverFiguresFromTheIssue() {
        // 3.609 s after the last advert, 0.609 s after a priority-0 advert, at priority 100 and advert_int 1
        assertEquals(3_609_375_000L, mdi(100, SEC));
        assertEquals(609_375_000L, skew(100, SEC));
        assertEquals(mdi(100, SEC), Timers.masterDownIntervalNanos(100, SEC));
        assertEquals(skew(100, SEC), Timers.skewTimeNanos(100, SEC));
        assertEquals(Duration.ofNanos(mdi(100, SEC)), Timers.masterDownInterval(100, Duration.ofSeconds(1)));
    }

    @Test
    void startupEntersBackupAndArmsMasterDownTimer() {
        VrrpInstance i = new VrrpInstance(spec(100).build());
        List<VrrpAction> a = i.handle(new VrrpEvent.Startup(), T0);
        assertEquals(
                List.of(
                        new StateChange(VrrpState.INIT, VrrpState.BACKUP, "startup", false),
                        new Notify(NotifyType.BACKUP),
                        new ArmTimer(T0 + mdi(100, SEC))),
                a);
        assertEquals(VrrpState.BACKUP, i.state());
    }

    @Test
    void stateMasterIsOnlyAWishForNonOwners() {
        VrrpInstance i =
                new VrrpInstance(spec(150).initialState(VrrpState.MASTER).build());
        List<VrrpAction> a = i.handle(new VrrpEvent.Startup(), T0);
        assertEquals(VrrpState.BACKUP, i.state());
        assertTrue(a.contains(new ArmTimer(T0 + mdi(150, SEC))));
    }

    @Test
    void backupBecomesMasterWhenMasterDownIntervalElapses() {
        VrrpInstance i = started(spec(100).build(), T0);
        long lastAdvert = T0 + 2 * SEC;
        List<VrrpAction> heard = i.handle(advert(150, LOWER_PEER), lastAdvert);
        assertEquals(List.of(new ArmTimer(lastAdvert + mdi(100, SEC))), heard);
        long takeover = lastAdvert + mdi(100, SEC);
        assertEquals(List.of(), i.handle(new VrrpEvent.TimerExpired(), takeover - 1), "not one nanosecond early");
        assertEquals(VrrpState.BACKUP, i.state());
        List<VrrpAction> a = i.handle(new VrrpEvent.TimerExpired(), takeover);
        assertEquals(
                List.of(
                        new StateChange(VrrpState.BACKUP, VrrpState.MASTER, "master down after 3.61 s", false),
                        new AddVips(VIPS),
                        new SendAdvert(100),
                        new SendGarp(VIPS, 5, AnnounceReason.BECAME_MASTER),
                        new Notify(NotifyType.MASTER),
                        new ArmTimer(takeover + SEC)),
                a);
        assertEquals(VrrpState.MASTER, i.state());
    }

    @Test
    void priorityZeroAdvertMakesBackupTakeOverAfterSkewTime() {
        VrrpInstance i = started(spec(100).build(), T0);
        i.handle(advert(150, LOWER_PEER), T0 + SEC);
        long stop = T0 + 1_500_000_000L;
        assertEquals(List.of(new ArmTimer(stop + skew(100, SEC))), i.handle(advert(0, LOWER_PEER), stop));
        assertEquals(List.of(), i.handle(new VrrpEvent.TimerExpired(), stop + skew(100, SEC) - 1));
        List<VrrpAction> a = i.handle(new VrrpEvent.TimerExpired(), stop + skew(100, SEC));
        assertEquals(
                "master sent priority 0, took over after 0.61 s", stateChange(a).reason());
        assertEquals(VrrpState.MASTER, i.state());
    }

    @Test
    void addressOwnerBecomesMasterImmediately() {
        VrrpInstance i = new VrrpInstance(spec(255).build());
        List<VrrpAction> a = i.handle(new VrrpEvent.Startup(), T0);
        assertEquals(
                List.of(
                        new StateChange(VrrpState.INIT, VrrpState.MASTER, "address owner (priority 255)", false),
                        new AddVips(VIPS),
                        new SendAdvert(255),
                        new SendGarp(VIPS, 5, AnnounceReason.BECAME_MASTER),
                        new Notify(NotifyType.MASTER),
                        new ArmTimer(T0 + SEC)),
                a);
    }

    @Test
    void backupAcceptsHigherOrEqualPriorityAndRestartsItsTimer() {
        VrrpInstance i = started(spec(100).build(), T0);
        for (int k = 1; k <= 10; k++) {
            long t = T0 + k * SEC;
            assertEquals(
                    List.of(new ArmTimer(t + mdi(100, SEC))), i.handle(advert(k % 2 == 0 ? 100 : 200, LOWER_PEER), t));
        }
        assertEquals(VrrpState.BACKUP, i.state());
        assertEquals(LOWER_PEER, i.currentMaster());
    }

    /** keepalived's line for each lower-priority advert a preempting backup discards. */
    static List<VrrpAction> discarded(int priority) {
        return List.of(new Log(
                LogLevel.INFO,
                "received lower priority (" + priority + ") advert from " + HIGHER_PEER.getHostAddress()
                        + " - discarding"));
    }

    @Test
    void preemptingBackupIgnoresLowerPriorityMaster() {
        VrrpInstance i = started(spec(110).build(), T0);
        for (int k = 1; k <= 3; k++) {
            assertEquals(discarded(100), i.handle(advert(100, HIGHER_PEER), T0 + k * SEC));
        }
        List<VrrpAction> a = i.handle(new VrrpEvent.TimerExpired(), T0 + mdi(110, SEC));
        assertEquals(VrrpState.MASTER, i.state());
        assertEquals(
                "preempting master with lower priority 100 (ours 110) after 3.57 s",
                stateChange(a).reason());
    }

    @Test
    void nopreemptKeepsLowerPriorityMaster() {
        VrrpInstance i = started(spec(110).preempt(false).build(), T0);
        for (int k = 1; k <= 30; k++) {
            long t = T0 + k * SEC;
            assertEquals(List.of(new ArmTimer(t + mdi(110, SEC))), i.handle(advert(100, HIGHER_PEER), t));
            i.handle(new VrrpEvent.TimerExpired(), t + SEC / 2);
        }
        assertEquals(VrrpState.BACKUP, i.state());
    }

    @Test
    void nopreemptIsRejectedWithStateMaster() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> spec(100).preempt(false).initialState(VrrpState.MASTER).build());
        assertTrue(e.getMessage().contains("nopreempt requires state BACKUP"), e.getMessage());
    }

    @Test
    void ownerPreemptsEvenWithNopreempt() {
        // an owner that stepped down to an equal priority from a higher address
        VrrpInstance i = master(spec(255).preempt(false).build());
        i.handle(advert(255, HIGHER_PEER), T0 + 10 * SEC);
        assertEquals(VrrpState.BACKUP, i.state());
        assertEquals(discarded(200), i.handle(advert(200, HIGHER_PEER), T0 + 11 * SEC), "lower priority ignored");
    }

    @Test
    void preemptDelayAcceptsLowerMasterForTheDelayAfterStartup() {
        InstanceSpec s = spec(110).preemptDelay(Duration.ofSeconds(5)).build();
        VrrpInstance i = started(s, T0);
        long lastAccepted = 0;
        for (int k = 0; k < 10; k++) {
            long t = T0 + SEC / 2 + k * SEC;
            List<VrrpAction> a = i.handle(advert(100, HIGHER_PEER), t);
            if (t < T0 + 5 * SEC) {
                assertEquals(List.of(new ArmTimer(t + mdi(110, SEC))), a, "accepted inside the delay at " + k);
                lastAccepted = t;
            } else {
                assertEquals(discarded(100), a, "ignored after the delay at " + k);
            }
            if (i.nextDeadline().getAsLong() <= t + SEC) {
                i.handle(new VrrpEvent.TimerExpired(), i.nextDeadline().getAsLong());
                break;
            }
        }
        assertEquals(VrrpState.MASTER, i.state());
        assertEquals(T0 + 4 * SEC + SEC / 2, lastAccepted);
        // took over Master_Down_Interval after the last accepted advert
        assertEquals(lastAccepted + mdi(110, SEC) + SEC, i.nextDeadline().getAsLong());
    }

    @Test
    void preemptDelayStartsWhenALowerMasterIsFirstHeard() {
        InstanceSpec s = spec(110).preemptDelay(Duration.ofSeconds(2)).build();
        VrrpInstance i = started(s, T0);
        long t = T0 + 10 * SEC; // startup window long gone; a higher master was followed until now
        i.handle(advert(120, HIGHER_PEER), t - SEC);
        assertEquals(List.of(new ArmTimer(t + mdi(110, SEC))), i.handle(advert(100, HIGHER_PEER), t));
        assertEquals(List.of(new ArmTimer(t + SEC + mdi(110, SEC))), i.handle(advert(100, HIGHER_PEER), t + SEC));
        assertEquals(discarded(100), i.handle(advert(100, HIGHER_PEER), t + 2 * SEC));
    }

    @Test
    void masterStepsDownOnHigherPriority() {
        VrrpInstance i = master(spec(100).build());
        long t = T0 + 10 * SEC;
        List<VrrpAction> a = i.handle(advert(101, LOWER_PEER), t);
        assertEquals(
                List.of(
                        new StateChange(
                                VrrpState.MASTER,
                                VrrpState.BACKUP,
                                "higher priority 101 (ours 100) from 10.213.0.5",
                                false),
                        new RemoveVips(VIPS),
                        new Notify(NotifyType.BACKUP),
                        new ArmTimer(t + mdi(100, SEC))),
                a);
    }

    @Test
    void masterStepsDownOnEqualPriorityFromHigherAddress() {
        VrrpInstance i = master(spec(100).build());
        List<VrrpAction> a = i.handle(advert(100, HIGHER_PEER), T0 + 10 * SEC);
        assertEquals(
                "equal priority 100 from higher address 10.213.0.20",
                stateChange(a).reason());
        assertEquals(VrrpState.BACKUP, i.state());
    }

    @Test
    void masterReassertsAndReannouncesAgainstLowerPriorityOrEqualFromLowerAddress() {
        // keepalived defaults: garp_lower_prio_repeat = garp_master_repeat (5), delay = garp_master_delay (5 s)
        VrrpInstance i = master(spec(101).build());
        long m = T0 + mdi(101, SEC);
        i.handle(new VrrpEvent.TimerExpired(), m + SEC);
        long t = m + SEC + SEC / 2;
        assertEquals(
                List.of(
                        new Log(
                                LogLevel.INFO,
                                "Received advert from 10.213.0.20 with lower priority 100, ours 101,"
                                        + " forcing new election"),
                        new SendAdvert(101),
                        new SendGarp(VIPS, 5, AnnounceReason.LOWER_PRIORITY_ADVERT)),
                i.handle(advert(100, HIGHER_PEER), t));
        assertEquals(
                List.of(
                        new Log(
                                LogLevel.INFO,
                                "Received advert from 10.213.0.5 with equal priority 101 and a lower address"
                                        + " than ours, forcing new election"),
                        new SendAdvert(101),
                        new SendGarp(VIPS, 5, AnnounceReason.LOWER_PRIORITY_ADVERT)),
                i.handle(advert(101, LOWER_PEER), t + 1));
        assertEquals(VrrpState.MASTER, i.state());
        // the second burst comes garp_lower_prio_delay after the latest lower advert (the first burst at
        // m + 5 s is garp_master_delay's)
        for (int k = 2; k <= 4; k++) {
            i.handle(new VrrpEvent.TimerExpired(), m + k * SEC);
        }
        assertEquals(
                List.of(
                        new SendAdvert(101),
                        new SendGarp(VIPS, 5, AnnounceReason.MASTER_DELAY),
                        new ArmTimer(m + 6 * SEC)),
                i.handle(new VrrpEvent.TimerExpired(), m + 5 * SEC));
        assertEquals(
                List.of(new SendAdvert(101), new ArmTimer(t + 1 + 5 * SEC)),
                i.handle(new VrrpEvent.TimerExpired(), m + 6 * SEC));
        assertEquals(
                List.of(new SendGarp(VIPS, 5, AnnounceReason.LOWER_PRIORITY_DELAY), new ArmTimer(m + 7 * SEC)),
                i.handle(new VrrpEvent.TimerExpired(), t + 1 + 5 * SEC));
    }

    static final dev.hapair.vrrp.packet.MacAddress OTHER_MAC =
            dev.hapair.vrrp.packet.MacAddress.parse("02:00:00:00:00:02");

    /** 0.1 s adverts as in the loss acceptance, and no garp_master_delay burst in the way. */
    static InstanceSpec claimSpec() {
        return spec(101)
                .version(3)
                .advertIntervalCentis(10)
                .garpMasterDelay(Duration.ZERO)
                .build();
    }

    static final long CLAIM_MASTER_AT = T0 + mdi(101, SEC / 10);

    /** An instance of {@code s} that became master by its down timer at {@code at}. */
    static VrrpInstance master(InstanceSpec s, long at) {
        VrrpInstance i = started(s, T0);
        i.handle(new VrrpEvent.TimerExpired(), at);
        assertEquals(VrrpState.MASTER, i.state());
        return i;
    }

    @Test
    void masterReannouncesOneIntervalAfterAnotherHostClaimsItsAddress() {
        InstanceSpec s = claimSpec();
        VrrpInstance i = master(s, CLAIM_MASTER_AT);
        long m = CLAIM_MASTER_AT;
        long t = m + SEC / 20; // between two adverts
        VrrpEvent.AddressClaimed claim = new VrrpEvent.AddressClaimed(VIP, OTHER_MAC);
        assertEquals(
                List.of(new Log(
                        LogLevel.WARNING,
                        "Gratuitous ARP from 02:00:00:00:00:02 claims 10.213.0.100, which we hold as MASTER:"
                                + " re-announcing in 0.10 s")),
                i.handle(claim, t));
        // the rest of the burst (5 GARPs) changes nothing: one re-announce is pending
        assertEquals(List.of(), i.handle(claim, t + 1));
        assertEquals(
                List.of(new SendAdvert(101), new ArmTimer(t + SEC / 10)),
                i.handle(new VrrpEvent.TimerExpired(), m + SEC / 10));
        assertEquals(
                List.of(
                        new SendAdvert(101),
                        new SendGarp(VIPS, 5, AnnounceReason.FOREIGN_CLAIM),
                        new ArmTimer(m + 2 * SEC / 10)),
                i.handle(new VrrpEvent.TimerExpired(), t + SEC / 10));
        // addresses we do not hold, and claims while not master, are none of our business
        assertEquals(
                List.of(),
                i.handle(new VrrpEvent.AddressClaimed(Ipv4Addresses.parse("10.213.0.99"), OTHER_MAC), t + SEC));
        VrrpInstance backup = started(s, T0);
        assertEquals(List.of(), backup.handle(claim, T0 + 1));
    }

    @Test
    void claimsThatKeepComingAreAnsweredAtMostFiveTimesPerTenSecondsAndTheLastOneStillGetsAnAnswer() {
        // two masters that hear each other's ARPs but not their adverts would answer each other for ever
        VrrpInstance i = master(claimSpec(), CLAIM_MASTER_AT);
        long m = CLAIM_MASTER_AT;
        VrrpEvent.AddressClaimed claim = new VrrpEvent.AddressClaimed(VIP, OTHER_MAC);
        long now = m;
        List<Long> answers = new java.util.ArrayList<>();
        List<VrrpAction> sixth = List.of();
        for (int k = 0; k < 8; k++) {
            List<VrrpAction> logged = i.handle(claim, now);
            if (k == 5) {
                sixth = logged;
            }
            long due = i.nextDeadline().orElseThrow();
            // run the timers up to the pending re-announce
            while (true) {
                long d = i.nextDeadline().orElseThrow();
                List<VrrpAction> out = i.handle(new VrrpEvent.TimerExpired(), d);
                if (out.contains(new SendGarp(VIPS, 5, AnnounceReason.FOREIGN_CLAIM))) {
                    answers.add(d);
                    now = d + 1;
                    break;
                }
                assertTrue(d <= due + 10 * SEC, "re-announce never came");
            }
        }
        assertEquals(8, answers.size());
        for (int k = 5; k < answers.size(); k++) {
            assertTrue(
                    answers.get(k) - answers.get(k - 5) >= 10 * SEC,
                    "answers " + (k - 5) + " and " + k + " less than 10 s apart: " + answers);
        }
        assertTrue(answers.get(4) - answers.get(0) < SEC, "the first five come one interval after each claim");
        List<VrrpAction> deferredLog = sixth;
        assertTrue(
                deferredLog.get(0) instanceof Log l
                        && l.message().contains("(5 re-announces for such claims in the last 10 s)"),
                deferredLog.toString());
    }

    @Test
    void garpLowerPrioSettings() {
        VrrpInstance quiet = master(spec(101).garpLowerPrioRepeat(0).build());
        assertTrue(
                quiet.handle(advert(100, HIGHER_PEER), T0 + 4 * SEC).stream().noneMatch(SendGarp.class::isInstance),
                "no GARP with garp_lower_prio_repeat 0");
        InstanceSpec s = spec(101)
                .garpMasterDelay(Duration.ZERO)
                .garpLowerPrioRepeat(2)
                .garpLowerPrioDelay(Duration.ofMillis(300))
                .build();
        assertEquals(Duration.ofMillis(300), s.garpLowerPrioDelay());
        VrrpInstance i = master(s);
        long m = T0 + mdi(101, SEC);
        long t = m + SEC / 2;
        assertEquals(
                List.of(
                        new Log(
                                LogLevel.INFO,
                                "Received advert from 10.213.0.20 with lower priority 100, ours"
                                        + " 101, forcing new election"),
                        new SendAdvert(101),
                        new SendGarp(VIPS, 2, AnnounceReason.LOWER_PRIORITY_ADVERT),
                        new ArmTimer(t + 300_000_000L)),
                i.handle(advert(100, HIGHER_PEER), t));
        assertEquals(
                List.of(new SendGarp(VIPS, 2, AnnounceReason.LOWER_PRIORITY_DELAY), new ArmTimer(m + SEC)),
                i.handle(new VrrpEvent.TimerExpired(), t + 300_000_000L));
        InstanceSpec defaults = spec(100)
                .garpMasterDelay(Duration.ofSeconds(2))
                .garpMasterRepeat(3)
                .build();
        assertEquals(Duration.ofSeconds(2), defaults.garpLowerPrioDelay(), "defaults to garp_master_delay");
        assertEquals(3, defaults.garpLowerPrioRepeat(), "defaults to garp_master_repeat");
    }

    @Test
    void higherPrioSendAdvertSendsOurAdvertBeforeYielding() {
        VrrpInstance i = master(spec(100).higherPrioSendAdvert(true).build());
        long t = T0 + 10 * SEC;
        assertEquals(
                List.of(
                        new Log(
                                LogLevel.INFO,
                                "Received advert from 10.213.0.5 with higher priority 101, ours 100:"
                                        + " sending an advert before yielding (higher_prio_send_advert)"),
                        new SendAdvert(100),
                        new StateChange(
                                VrrpState.MASTER,
                                VrrpState.BACKUP,
                                "higher priority 101 (ours 100) from 10.213.0.5",
                                false),
                        new RemoveVips(VIPS),
                        new Notify(NotifyType.BACKUP),
                        new ArmTimer(t + mdi(100, SEC))),
                i.handle(advert(101, LOWER_PEER), t));
    }

    @Test
    void masterAnswersPriorityZeroWithAnAdvertAndRestartsItsTimer() {
        VrrpInstance i = master(spec(100).garpMasterDelay(Duration.ZERO).build());
        long t = T0 + 10 * SEC + 123;
        assertEquals(List.of(new SendAdvert(100), new ArmTimer(t + SEC)), i.handle(advert(0, LOWER_PEER), t));
    }

    @Test
    void masterAdvertisesEveryIntervalAndSendsSecondGarpBurstAfterDelay() {
        InstanceSpec s = spec(100)
                .garpMasterDelay(Duration.ofMillis(2500))
                .garpMasterRepeat(3)
                .build();
        VrrpInstance i = master(s);
        long m = T0 + mdi(100, SEC);
        assertEquals(
                List.of(new SendAdvert(100), new ArmTimer(m + 2 * SEC)),
                i.handle(new VrrpEvent.TimerExpired(), m + SEC));
        assertEquals(
                List.of(new SendAdvert(100), new ArmTimer(m + 2500_000_000L)),
                i.handle(new VrrpEvent.TimerExpired(), m + 2 * SEC));
        assertEquals(
                List.of(new SendGarp(VIPS, 3, AnnounceReason.MASTER_DELAY), new ArmTimer(m + 3 * SEC)),
                i.handle(new VrrpEvent.TimerExpired(), m + 2500_000_000L));
        assertEquals(
                List.of(new SendAdvert(100), new ArmTimer(m + 4 * SEC)),
                i.handle(new VrrpEvent.TimerExpired(), m + 3 * SEC));
    }

    @Test
    void garpRefreshWhileMaster() {
        InstanceSpec s = spec(100)
                .garpMasterDelay(Duration.ZERO)
                .garpMasterRefresh(Duration.ofSeconds(2))
                .garpMasterRefreshRepeat(2)
                .build();
        VrrpInstance i = master(s);
        long m = T0 + mdi(100, SEC);
        i.handle(new VrrpEvent.TimerExpired(), m + SEC);
        List<VrrpAction> a = i.handle(new VrrpEvent.TimerExpired(), m + 2 * SEC);
        assertEquals(
                List.of(new SendAdvert(100), new SendGarp(VIPS, 2, AnnounceReason.REFRESH), new ArmTimer(m + 3 * SEC)),
                a);
    }

    @Test
    void earlyOrStaleTimerCallsDoNothing() {
        VrrpInstance i = master(spec(100).build());
        long m = T0 + mdi(100, SEC);
        assertEquals(List.of(), i.handle(new VrrpEvent.TimerExpired(), m + SEC / 2));
    }

    @Test
    void lateTimerWithinOneIntervalIsNoStall() {
        VrrpInstance i = master(spec(100).garpMasterDelay(Duration.ZERO).build());
        long m = T0 + mdi(100, SEC);
        assertEquals(
                List.of(new SendAdvert(100), new ArmTimer(m + 2 * SEC)),
                i.handle(new VrrpEvent.TimerExpired(), m + SEC + SEC / 2));
    }

    @Test
    void masterStalledLongerThanAnIntervalAdvertisesAndReannouncesAtOnce() {
        VrrpInstance i = master(spec(100).garpMasterDelay(Duration.ZERO).build());
        long m = T0 + mdi(100, SEC);
        // a 5 s SIGSTOP: the timer due at m + 1 s fires at m + 5.9 s; missed adverts are not burst
        long resumed = m + 5_900_000_000L;
        assertEquals(
                List.of(
                        new Log(LogLevel.WARNING, "A thread timer expired 4.900 seconds ago"),
                        new Log(
                                LogLevel.WARNING,
                                "stalled for 4.90 s as MASTER: advertising and re-announcing the addresses"
                                        + " at once"),
                        new SendAdvert(100),
                        new SendGarp(VIPS, 5, AnnounceReason.STALL),
                        new ArmTimer(resumed + SEC)),
                i.handle(new VrrpEvent.TimerExpired(), resumed));
        assertEquals(VrrpState.MASTER, i.state());
    }

    @Test
    void backupStalledPastItsMasterDownTimerWaitsForQueuedAdvertsFirst() {
        VrrpInstance i = started(spec(100).build(), T0);
        long resumed = T0 + mdi(100, SEC) + 3 * SEC;
        assertEquals(
                List.of(
                        new Log(LogLevel.WARNING, "A thread timer expired 3.000 seconds ago"),
                        new Log(
                                LogLevel.WARNING,
                                "stalled for 3.00 s as BACKUP: waiting one more advert interval for"
                                        + " adverts queued meanwhile before taking over"),
                        new ArmTimer(resumed + SEC)),
                i.handle(new VrrpEvent.TimerExpired(), resumed));
        assertEquals(VrrpState.BACKUP, i.state());
        // the master's queued advert arrives: it stays backup
        assertEquals(
                List.of(new ArmTimer(resumed + 1 + mdi(100, SEC))), i.handle(advert(150, LOWER_PEER), resumed + 1));
        assertEquals(VrrpState.BACKUP, i.state());
        // nothing queued: it takes over one interval later
        VrrpInstance j = started(spec(100).build(), T0);
        j.handle(new VrrpEvent.TimerExpired(), resumed);
        j.handle(new VrrpEvent.TimerExpired(), resumed + SEC);
        assertEquals(VrrpState.MASTER, j.state());
    }

    @Test
    void shutdownOfMasterSendsPriorityZeroBeforeReleasingAddresses() {
        VrrpInstance i = master(spec(100).build());
        List<VrrpAction> a = i.handle(new VrrpEvent.Shutdown(), T0 + 10 * SEC);
        assertEquals(
                List.of(
                        new StateChange(VrrpState.MASTER, VrrpState.INIT, "shutdown", false),
                        new SendAdvert(0),
                        new RemoveVips(VIPS),
                        new Notify(NotifyType.STOP),
                        new CancelTimer()),
                a);
        assertEquals(List.of(), i.handle(new VrrpEvent.TimerExpired(), T0 + 20 * SEC));
    }

    @Test
    void shutdownOfBackupSendsNothing() {
        VrrpInstance i = started(spec(100).build(), T0);
        assertEquals(
                List.of(
                        new StateChange(VrrpState.BACKUP, VrrpState.INIT, "shutdown", false),
                        new Notify(NotifyType.STOP),
                        new CancelTimer()),
                i.handle(new VrrpEvent.Shutdown(), T0 + SEC));
    }

    @Test
    void v3BackupUsesTheMastersAdvertisedInterval() {
        InstanceSpec s = spec(100).version(3).advertIntervalCentis(100).build();
        VrrpInstance i = started(s, T0);
        long t = T0 + SEC;
        long masterInterval = 50 * Timers.NANOS_PER_CENTI;
        assertEquals(List.of(new ArmTimer(t + mdi(100, masterInterval))), i.handle(advertV3(150, 50, LOWER_PEER), t));
        assertEquals(masterInterval, i.masterAdverIntervalNanos());
        // skew uses the master's interval too (RFC 5798 section 6.1)
        long stop = t + SEC / 4;
        assertEquals(
                List.of(new ArmTimer(stop + skew(100, masterInterval))), i.handle(advertV3(0, 50, LOWER_PEER), stop));
    }

    @Test
    void v3IntervalOfTenCentiseconds() {
        InstanceSpec s = spec(102).version(3).advertIntervalCentis(10).build();
        VrrpInstance i = started(s, T0);
        assertEquals(
                List.of(
                        new StateChange(VrrpState.INIT, VrrpState.BACKUP, "startup", false),
                        new Notify(NotifyType.BACKUP),
                        new ArmTimer(T0 + mdi(102, SEC / 10))),
                List.of(
                        new StateChange(VrrpState.INIT, VrrpState.BACKUP, "startup", false),
                        new Notify(NotifyType.BACKUP),
                        new ArmTimer(i.nextDeadline().getAsLong())));
        assertEquals(300_000_000L + 154 * 100_000_000L / 256, mdi(102, SEC / 10));
    }

    // ------------------------------------------------------------------ tracking

    @Test
    void positiveWeightIsAddedWhileUp() {
        TrackSpec chk = new TrackSpec("script:chk_haproxy", 2);
        VrrpInstance i = new VrrpInstance(spec(101).tracks(List.of(chk)).build());
        assertEquals(103, i.effectivePriority());
        i.handle(new VrrpEvent.TrackChanged("script:chk_haproxy", false), T0);
        assertEquals(101, i.effectivePriority());
    }

    @Test
    void negativeWeightIsAddedWhileDown() {
        TrackSpec chk = new TrackSpec("script:chk", -20);
        VrrpInstance i = new VrrpInstance(spec(100).tracks(List.of(chk)).build());
        assertEquals(100, i.effectivePriority());
        i.handle(new VrrpEvent.TrackChanged("script:chk", false), T0);
        assertEquals(80, i.effectivePriority());
        i.handle(new VrrpEvent.TrackChanged("script:chk", true), T0);
        assertEquals(100, i.effectivePriority());
    }

    @Test
    void initFailTrackStartsDown() {
        VrrpInstance i = new VrrpInstance(
                spec(100).tracks(List.of(new TrackSpec("s", -30, false))).build());
        assertEquals(70, i.effectivePriority());
    }

    @Test
    void effectivePriorityIsClampedTo1To254() {
        VrrpInstance high = new VrrpInstance(
                spec(250).tracks(List.of(new TrackSpec("a", 100))).build());
        assertEquals(254, high.effectivePriority());
        VrrpInstance low = new VrrpInstance(
                spec(10).tracks(List.of(new TrackSpec("a", -100, false))).build());
        assertEquals(1, low.effectivePriority());
    }

    @Test
    void ownerIsNotWeighted() {
        VrrpInstance i = new VrrpInstance(spec(255)
                .tracks(List.of(new TrackSpec("a", -50, false), new TrackSpec("b", 10)))
                .build());
        assertEquals(255, i.effectivePriority());
    }

    @Test
    void masterAdvertisesANewPriorityAtOnce() {
        VrrpInstance i = master(spec(101)
                .tracks(List.of(new TrackSpec("script:chk_haproxy", 2)))
                .build());
        assertEquals(
                List.of(
                        new Log(
                                LogLevel.INFO,
                                "Changing effective priority from 103 to 101 (track" + " 'script:chk_haproxy' down)"),
                        new SendAdvert(101)),
                i.handle(new VrrpEvent.TrackChanged("script:chk_haproxy", false), T0 + 10 * SEC));
        assertEquals(
                List.of(new SendAdvert(101)),
                i.handle(new VrrpEvent.TimerExpired(), i.nextDeadline().getAsLong())
                        .subList(0, 1));
        assertEquals(
                List.of(),
                i.handle(new VrrpEvent.TrackChanged("script:chk_haproxy", false), T0 + 11 * SEC),
                "no change, nothing sent");
        assertEquals(List.of(), i.handle(new VrrpEvent.TrackChanged("unknown", false), T0 + 11 * SEC));
    }

    @Test
    void weightZeroFailureSendsMasterToFaultWithPriorityZeroAdvertFirst() {
        VrrpInstance i = master(
                spec(100).tracks(List.of(new TrackSpec("interface:eth0", 0))).build());
        List<VrrpAction> a = i.handle(new VrrpEvent.TrackChanged("interface:eth0", false), T0 + 10 * SEC);
        assertEquals(
                List.of(
                        new StateChange(
                                VrrpState.MASTER, VrrpState.FAULT, "track 'interface:eth0' down (weight 0)", false),
                        new SendAdvert(0),
                        new RemoveVips(VIPS),
                        new Notify(NotifyType.FAULT),
                        new CancelTimer()),
                a);
        assertEquals(List.of(), i.handle(advert(50, LOWER_PEER), T0 + 11 * SEC), "FAULT ignores adverts");
        long back = T0 + 20 * SEC;
        List<VrrpAction> b = i.handle(new VrrpEvent.TrackChanged("interface:eth0", true), back);
        assertEquals(
                List.of(
                        new StateChange(
                                VrrpState.FAULT, VrrpState.BACKUP, "track 'interface:eth0' up, fault cleared", false),
                        new Notify(NotifyType.BACKUP),
                        new ArmTimer(back + mdi(100, SEC))),
                b);
    }

    @Test
    void weightZeroFailureAtStartupStartsInFault() {
        VrrpInstance i = new VrrpInstance(
                spec(100).tracks(List.of(new TrackSpec("script:x", 0, false))).build());
        List<VrrpAction> a = i.handle(new VrrpEvent.Startup(), T0);
        assertEquals(
                List.of(
                        new StateChange(VrrpState.INIT, VrrpState.FAULT, "track 'script:x' down at startup", false),
                        new Notify(NotifyType.FAULT)),
                a);
    }

    @Test
    void backupFaultsWithoutSendingAnything() {
        VrrpInstance i =
                started(spec(100).tracks(List.of(new TrackSpec("t", 0))).build(), T0);
        List<VrrpAction> a = i.handle(new VrrpEvent.TrackChanged("t", false), T0 + SEC);
        assertEquals(
                List.of(
                        new StateChange(VrrpState.BACKUP, VrrpState.FAULT, "track 't' down (weight 0)", false),
                        new Notify(NotifyType.FAULT),
                        new CancelTimer()),
                a);
    }

    @Test
    void ownerLeavingFaultGoesStraightToMaster() {
        VrrpInstance i = master(spec(255).tracks(List.of(new TrackSpec("t", 0))).build());
        i.handle(new VrrpEvent.TrackChanged("t", false), T0 + 10 * SEC);
        List<VrrpAction> a = i.handle(new VrrpEvent.TrackChanged("t", true), T0 + 20 * SEC);
        assertEquals(VrrpState.MASTER, stateChange(a).to());
        assertTrue(a.contains(new AddVips(VIPS)));
    }

    @Test
    void specValidation() {
        assertThrows(IllegalArgumentException.class, () -> spec(0).build());
        assertThrows(IllegalArgumentException.class, () -> spec(256).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> spec(100).advertIntervalCentis(150).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> spec(100).version(3).advertIntervalCentis(4096).build());
        assertThrows(IllegalArgumentException.class, () -> spec(100)
                .tracks(List.of(new TrackSpec("a", 1), new TrackSpec("a", 2)))
                .build());
        assertThrows(IllegalArgumentException.class, () -> new TrackSpec("a", 255));
        assertThrows(
                IllegalArgumentException.class,
                () -> InstanceSpec.builder("x", 0).primaryAddress(SELF).build());
    }

    @Test
    void excludedAddressesAreHeldAndAnnouncedButNotAdvertised() {
        Inet4Address extra = Ipv4Addresses.parse("10.213.0.101");
        InstanceSpec s = spec(100).excludedVips(List.of(extra)).build();
        assertEquals(VIPS, s.advert(100).addresses(), "adverts list virtual_ipaddress only");
        VrrpInstance i = started(s, T0);
        List<VrrpAction> a = i.handle(new VrrpEvent.TimerExpired(), T0 + mdi(100, SEC));
        List<Inet4Address> held = List.of(VIP, extra);
        assertTrue(a.contains(new AddVips(held)), a.toString());
        assertTrue(a.contains(new SendGarp(held, 5, AnnounceReason.BECAME_MASTER)), a.toString());
        a = i.handle(advert(200, HIGHER_PEER), T0 + mdi(100, SEC) + SEC);
        assertTrue(a.contains(new RemoveVips(held)), a.toString());
        assertThrows(
                IllegalArgumentException.class,
                () -> spec(100).excludedVips(VIPS).build());
    }

    @Test
    void specBuildsTheAdvertItSends() {
        InstanceSpec s = spec(100).authPass("s3cr3t").build();
        VrrpAdvert a = s.advert(103);
        assertEquals(VrrpAdvert.v2(51, 103, VrrpAdvert.AUTH_PASS, VrrpAdvert.passwordBytes("s3cr3t"), 1, VIPS), a);
        assertEquals(
                VrrpAdvert.v3(51, 0, 10, VIPS),
                spec(100).version(3).advertIntervalCentis(10).build().advert(0));
    }
}
