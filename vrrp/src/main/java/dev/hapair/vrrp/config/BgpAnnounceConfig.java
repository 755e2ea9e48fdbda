package dev.hapair.vrrp.config;

import dev.hapair.common.config.SourceLocation;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code bgp_announce NAME { vip A.B.C.D[/LEN]...; next_hop self|A.B.C.D; track_process|track_script|
 * track_interface { NAME [reverse] }; proxy_backend BACKEND; proxy_stats_socket PATH; interval S; rise N;
 * fall N; drain_timeout S }}. Its VIPs are announced while every tracker is up and (with proxy_backend) the
 * proxy reports at least one usable server in that backend, for {@code rise} evaluations in a row; withdrawn
 * after {@code fall} failed evaluations (a tracker going down is evaluated at once, so with the default
 * {@code fall 1} the withdraw is immediate). Trackers carry no weight here: any failure withdraws.
 *
 * @param nextHop      empty means {@code next-hop self}
 * @param interval     how often health is re-evaluated (and the proxy's stats socket polled)
 * @param drainTimeout on a planned stop, how long to wait after the withdraw for the proxy's sessions to end
 */
public record BgpAnnounceConfig(
        String name,
        List<Prefix> vips,
        Optional<Inet4Address> nextHop,
        List<TrackRef> trackScripts,
        List<TrackRef> trackInterfaces,
        List<TrackRef> trackProcesses,
        Optional<String> proxyBackend,
        Optional<Path> proxyStatsSocket,
        Duration interval,
        int rise,
        int fall,
        Duration drainTimeout,
        SourceLocation location) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    public static final int DEFAULT_RISE = 1;
    public static final int DEFAULT_FALL = 1;
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

    public BgpAnnounceConfig {
        Objects.requireNonNull(name, "name");
        vips = List.copyOf(vips);
        Objects.requireNonNull(nextHop, "nextHop");
        trackScripts = List.copyOf(trackScripts);
        trackInterfaces = List.copyOf(trackInterfaces);
        trackProcesses = List.copyOf(trackProcesses);
        Objects.requireNonNull(proxyBackend, "proxyBackend");
        Objects.requireNonNull(proxyStatsSocket, "proxyStatsSocket");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(location, "location");
    }

    /** An IPv4 prefix announced as a route, normally a /32 VIP. */
    public record Prefix(Inet4Address address, int length) {
        public Prefix {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public String toString() {
            return address.getHostAddress() + "/" + length;
        }
    }

    /** ExaBGP's next-hop word: {@code self} or the address. */
    public String nextHopText() {
        return nextHop.map(Inet4Address::getHostAddress).orElse("self");
    }
}
