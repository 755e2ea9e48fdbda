package dev.hapair.vrrp.fsm;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/** Outputs of {@link VrrpInstance#handle}: the daemon carries them out in list order. */
public sealed interface VrrpAction {

    /** Send one advert with this priority (the rest of the advert comes from {@link InstanceSpec#advert}). */
    record SendAdvert(int priority) implements VrrpAction {}

    /** Add the virtual addresses to the interface. */
    record AddVips(List<? extends InetAddress> addresses) implements VrrpAction {
        public AddVips {
            addresses = List.copyOf(addresses);
        }
    }

    /** Remove the virtual addresses from the interface. */
    record RemoveVips(List<? extends InetAddress> addresses) implements VrrpAction {
        public RemoveVips {
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * Announce each address {@code repeat} times: a gratuitous ARP for an IPv4 address (see {@code GarpFrames}),
     * an unsolicited neighbour advertisement for an IPv6 one (see {@code NeighbourAdvertFrames}); {@code reason}
     * says which rule asked for them (for logs and the {@code garp_sent}/{@code na_sent} metrics).
     */
    record SendGarp(List<? extends InetAddress> addresses, int repeat, AnnounceReason reason) implements VrrpAction {
        public SendGarp {
            addresses = List.copyOf(addresses);
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Something an operator must be able to read in the log, worded like keepalived's message for the same
     * event (e.g. {@code Received advert from 10.0.0.2 with lower priority 100, ours 101, forcing new election}).
     */
    record Log(LogLevel level, String message) implements VrrpAction {
        public Log {
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Severity of a {@link Log} action. */
    enum LogLevel {
        INFO,
        WARNING
    }

    /** Run the notify scripts for this transition (notify_master/backup/fault/stop and notify). */
    record Notify(NotifyType type) implements VrrpAction {
        public Notify {
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * Call {@link VrrpInstance#handle} with {@link VrrpEvent.TimerExpired} at {@code deadlineNanos} (on the
     * clock that supplies {@code now}); replaces any earlier deadline.
     */
    record ArmTimer(long deadlineNanos) implements VrrpAction {}

    /** No timer is needed any more (INIT, FAULT). */
    record CancelTimer() implements VrrpAction {}

    /**
     * The instance changed state; {@code reason} is for logs, e.g. {@code master down after 3.61 s}.
     * {@code syncForced} is true when a sync group caused it (the group does not propagate those again).
     */
    record StateChange(VrrpState from, VrrpState to, String reason, boolean syncForced) implements VrrpAction {
        public StateChange {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
