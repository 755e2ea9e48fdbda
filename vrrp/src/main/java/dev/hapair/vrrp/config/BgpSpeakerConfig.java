package dev.hapair.vrrp.config;

import dev.hapair.common.config.SourceLocation;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code bgp_speaker { exabgp PATH; router_id A.B.C.D; local_as N; local_address IP; neighbor IP { peer_as N;
 * hold_time S } }}: what {@code hapair-vrrp bgp --exabgp-conf} turns into ExaBGP's configuration, checked by
 * {@code -t} (the binary exists, AS numbers are usable, neighbours are addresses and not our own).
 */
public record BgpSpeakerConfig(
        Path exabgp,
        Inet4Address routerId,
        long localAs,
        Optional<InetAddress> localAddress,
        List<Neighbor> neighbors,
        SourceLocation location) {
    public static final Path DEFAULT_EXABGP = Path.of("/usr/sbin/exabgp");
    public static final long MAX_AS = 4_294_967_295L;
    /** RFC 6793's AS_TRANS: only a placeholder for 4-byte AS numbers, never a real AS. */
    public static final long AS_TRANS = 23456;

    public BgpSpeakerConfig {
        Objects.requireNonNull(exabgp, "exabgp");
        Objects.requireNonNull(routerId, "routerId");
        Objects.requireNonNull(localAddress, "localAddress");
        neighbors = List.copyOf(neighbors);
        Objects.requireNonNull(location, "location");
    }

    /** One BGP peer (an upstream router). {@code holdTime} 0 means ExaBGP's default (180 s). */
    public record Neighbor(InetAddress address, long peerAs, int holdTime, SourceLocation location) {
        public Neighbor {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(location, "location");
        }
    }
}
