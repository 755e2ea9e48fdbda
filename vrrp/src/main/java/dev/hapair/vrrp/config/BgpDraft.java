package dev.hapair.vrrp.config;

import dev.hapair.common.config.SourceLocation;
import java.math.BigDecimal;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What the parser read of the BGP sections, before {@link BgpResolver}; {@code null} means not written. */
final class BgpDraft {
    SpeakerDraft speaker;
    final List<AnnounceDraft> announces = new ArrayList<>();

    static final class SpeakerDraft extends ConfigDraft.SectionDraft {
        final SourceLocation location;
        Path exabgp;
        SourceLocation exabgpLocation;
        Inet4Address routerId;
        Long localAs;
        InetAddress localAddress;
        final List<NeighborDraft> neighbors = new ArrayList<>();

        SpeakerDraft(SourceLocation location) {
            this.location = location;
        }
    }

    static final class NeighborDraft extends ConfigDraft.SectionDraft {
        final InetAddress address;
        final SourceLocation location;
        Long peerAs;
        Integer holdTime;

        NeighborDraft(InetAddress address, SourceLocation location) {
            this.address = address;
            this.location = location;
        }
    }

    static final class AnnounceDraft extends ConfigDraft.SectionDraft {
        final String name;
        final SourceLocation location;
        final List<BgpAnnounceConfig.Prefix> vips = new ArrayList<>();
        Inet4Address nextHop;
        boolean nextHopSelf;
        final List<ConfigDraft.TrackLine> trackScripts = new ArrayList<>();
        final List<ConfigDraft.TrackLine> trackInterfaces = new ArrayList<>();
        final List<ConfigDraft.TrackLine> trackProcesses = new ArrayList<>();
        String proxyBackend;
        SourceLocation proxyBackendLocation;
        Path proxyStatsSocket;
        Duration interval;
        Integer rise;
        Integer fall;
        Duration drainTimeout;

        AnnounceDraft(String name, SourceLocation location) {
            this.name = name;
            this.location = location;
        }
    }

    static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(3600);
}
