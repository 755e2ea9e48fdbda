package dev.hapair.vrrp.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * hapair's own BGP sections of keepalived.conf (no keepalived equivalent): the {@code bgp_speaker} that says
 * how ExaBGP peers with the routers, and the {@code bgp_announce} blocks whose VIPs are announced while their
 * trackers are healthy. Run by {@code hapair-vrrp bgp} as ExaBGP's {@code process}; the VRRP daemon ignores
 * them, as {@code hapair-vrrp bgp} ignores {@code vrrp_instance}s.
 */
public record BgpConfig(Optional<BgpSpeakerConfig> speaker, List<BgpAnnounceConfig> announces) {
    public static final BgpConfig NONE = new BgpConfig(Optional.empty(), List.of());

    public BgpConfig {
        Objects.requireNonNull(speaker, "speaker");
        announces = List.copyOf(announces);
    }

    public boolean isEmpty() {
        return speaker.isEmpty() && announces.isEmpty();
    }
}
