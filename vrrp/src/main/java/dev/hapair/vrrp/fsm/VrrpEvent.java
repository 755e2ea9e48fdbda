package dev.hapair.vrrp.fsm;

import dev.hapair.vrrp.packet.Advertisement;
import dev.hapair.vrrp.packet.DecodeResult;
import dev.hapair.vrrp.packet.MacAddress;
import dev.hapair.vrrp.packet.Vrrp6DecodeResult;
import java.net.InetAddress;
import java.util.Objects;

/** Inputs of {@link VrrpInstance#handle}. */
public sealed interface VrrpEvent {

    /** Leave INIT (RFC 5798 section 6.4.1 Startup). */
    record Startup() implements VrrpEvent {}

    /** Stop the instance: a master sends priority 0 and releases its addresses; back to INIT. */
    record Shutdown() implements VrrpEvent {}

    /** The deadline of the last {@link VrrpAction.ArmTimer} was reached (early or stale calls are harmless). */
    record TimerExpired() implements VrrpEvent {}

    /**
     * An advert that passed {@link dev.hapair.vrrp.packet.AdvertFilter} for this instance; {@code source} is its IP
     * source (IPv4, or the sender's IPv6 link-local address), the tie-breaker between equal priorities.
     */
    record AdvertReceived(Advertisement advert, InetAddress source) implements VrrpEvent {
        public AdvertReceived {
            Objects.requireNonNull(advert, "advert");
            Objects.requireNonNull(source, "source");
        }

        /** From a filtered packet decoded with its IP header ({@code VrrpCodec.decodeIpv4}). */
        public static AdvertReceived of(DecodeResult.Accepted accepted) {
            if (accepted.ipHeader() == null) {
                throw new IllegalArgumentException("advert decoded without its IP header: source unknown");
            }
            return new AdvertReceived(accepted.advert(), accepted.ipHeader().source());
        }

        /** From a filtered IPv6 advert decoded with its (synthesized) IPv6 header. */
        public static AdvertReceived of(Vrrp6DecodeResult.Accepted accepted) {
            if (accepted.ipHeader() == null) {
                throw new IllegalArgumentException("advert decoded without its IP header: source unknown");
            }
            return new AdvertReceived(accepted.advert(), accepted.ipHeader().source());
        }
    }

    /**
     * Another host announced {@code address} (a gratuitous ARP, or any ARP whose sender IP is the address; for
     * IPv6 an unsolicited neighbour advertisement) from {@code claimant}, a MAC that is not ours. Only addresses
     * this instance holds matter, and only as MASTER.
     */
    record AddressClaimed(InetAddress address, MacAddress claimant) implements VrrpEvent {
        public AddressClaimed {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(claimant, "claimant");
        }
    }

    /** A tracked object changed state (names as in {@link TrackSpec#name()}; unknown names are ignored). */
    record TrackChanged(String track, boolean up) implements VrrpEvent {
        public TrackChanged {
            Objects.requireNonNull(track, "track");
        }
    }

    /** A sync-group peer changed to MASTER or BACKUP: follow it (see {@link VrrpSyncGroup}). */
    record SyncGroupFollow(String group, VrrpState target, String reason) implements VrrpEvent {
        public SyncGroupFollow {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(reason, "reason");
            if (target != VrrpState.MASTER && target != VrrpState.BACKUP) {
                throw new IllegalArgumentException("sync group can only make members follow MASTER or BACKUP");
            }
        }
    }

    /** A sync-group peer is (or is no longer) in FAULT by its own tracking: the whole group is faulted. */
    record SyncGroupFault(String group, boolean faulted, String reason) implements VrrpEvent {
        public SyncGroupFault {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
