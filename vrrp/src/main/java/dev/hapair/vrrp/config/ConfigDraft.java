package dev.hapair.vrrp.config;

import dev.hapair.common.config.SourceLocation;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the parser read, before defaults and cross-checks: one mutable draft per section, {@code null} meaning
 * "not written". Only {@link ConfigResolver} turns drafts into the immutable model.
 */
final class ConfigDraft {
    final GlobalDefsDraft globalDefs = new GlobalDefsDraft();
    final List<VrrpScriptDraft> scripts = new ArrayList<>();
    final List<TrackProcessDraft> trackProcesses = new ArrayList<>();
    final List<VrrpInstanceDraft> instances = new ArrayList<>();
    final List<SyncGroupDraft> syncGroups = new ArrayList<>();
    final BgpDraft bgp = new BgpDraft();

    /**
     * Base of every section draft: the keywords written in it (or misspelt, with that keyword suggested), so
     * the resolver reports a missing required keyword only when it was not attempted at all: a written but
     * invalid or misspelt one already has its error.
     */
    abstract static class SectionDraft {
        final java.util.Set<String> written = new java.util.HashSet<>();
    }

    static final class GlobalDefsDraft extends SectionDraft {
        SourceLocation location = SourceLocation.NONE;
        String routerId;
        String scriptUser;
        String scriptGroup;
        boolean enableScriptSecurity;
        Integer vrrpVersion;
        Duration garpMasterDelay;
        Integer garpMasterRepeat;
        Duration garpMasterRefresh;
        Duration garpLowerPrioDelay;
        Integer garpLowerPrioRepeat;
        Integer garpMasterRefreshRepeat;
        Boolean higherPrioSendAdvert;
        java.net.InetSocketAddress metricsListen;
    }

    static final class VrrpScriptDraft extends SectionDraft {
        final String name;
        final SourceLocation location;
        String script;
        Duration interval;
        Duration timeout;
        Integer weight;
        boolean reverse;
        Integer rise;
        Integer fall;
        String user;
        String group;
        boolean initFail;

        VrrpScriptDraft(String name, SourceLocation location) {
            this.name = name;
            this.location = location;
        }
    }

    static final class TrackProcessDraft extends SectionDraft {
        final String name;
        final SourceLocation location;
        String process;
        List<String> parameters = List.of();
        ParamMatch paramMatch;
        boolean fullCommand;
        Integer weight;
        boolean reverse;
        Integer quorum;
        Integer quorumMax;
        Duration forkDelay;
        Duration terminateDelay;
        Path pidfile;

        TrackProcessDraft(String name, SourceLocation location) {
            this.name = name;
            this.location = location;
        }
    }

    /** A line of track_script / track_interface / track_process: {@code NAME [weight N] [reverse]}. */
    record TrackLine(String name, Integer weight, boolean reverse, SourceLocation location) {}

    static final class NotifyDraft {
        NotifyScript master;
        NotifyScript backup;
        NotifyScript fault;
        NotifyScript stop;
        NotifyScript any;
    }

    static final class VrrpInstanceDraft extends SectionDraft {
        final String name;
        final SourceLocation location;
        InitialState state;
        SourceLocation stateLocation;
        /** Where unicast_peer / unicast_src_ip were written, for the errors that refuse them. */
        SourceLocation unicastPeerLocation;

        SourceLocation unicastSrcIpLocation;
        String interfaceName;
        Integer virtualRouterId;
        SourceLocation virtualRouterIdLocation;
        Integer priority;
        BigDecimal advertInt;
        SourceLocation advertIntLocation;
        Integer version;
        boolean nopreempt;
        SourceLocation nopreemptLocation;
        Duration preemptDelay;
        AuthType authType;
        String authPass;
        SourceLocation authLocation;
        SourceLocation authPassLocation;
        SourceLocation authHmacLocation;
        final java.util.SortedMap<Integer, byte[]> hmacKeys = new java.util.TreeMap<>();
        Integer hmacActiveKey;
        AuthHmac.AntiReplay hmacAntiReplay;
        Integer hmacTimeWindow;
        AuthHmac.Mode hmacMode;
        final List<VirtualAddress> virtualAddresses = new ArrayList<>();
        final List<VirtualAddress> excludedAddresses = new ArrayList<>();
        InetAddress unicastSrcIp;
        final List<InetAddress> unicastPeers = new ArrayList<>();
        final List<TrackLine> trackScripts = new ArrayList<>();
        final List<TrackLine> trackInterfaces = new ArrayList<>();
        final List<TrackLine> trackProcesses = new ArrayList<>();
        final NotifyDraft notify = new NotifyDraft();
        Duration garpMasterDelay;
        Integer garpMasterRepeat;
        Duration garpMasterRefresh;
        Duration garpLowerPrioDelay;
        Integer garpLowerPrioRepeat;
        Integer garpMasterRefreshRepeat;
        Boolean higherPrioSendAdvert;
        boolean dontTrackPrimary;

        VrrpInstanceDraft(String name, SourceLocation location) {
            this.name = name;
            this.location = location;
        }
    }

    /** A member line of a sync group's {@code group { }} block. */
    record Member(String name, SourceLocation location) {}

    static final class SyncGroupDraft extends SectionDraft {
        final String name;
        final SourceLocation location;
        final List<Member> members = new ArrayList<>();
        final NotifyDraft notify = new NotifyDraft();

        SyncGroupDraft(String name, SourceLocation location) {
            this.name = name;
            this.location = location;
        }
    }
}
