package dev.hapair.vrrp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BgpConfigTest {
    /** Any executable stands in for ExaBGP here: the check is "exists and is executable". */
    static final String SPEAKER =
            """
            bgp_speaker {
                exabgp /bin/sh
                router_id 10.1.0.11
                local_as 65001
                local_address 10.1.0.11
                neighbor 10.1.0.1 {
                    peer_as 65000
                    hold_time 3
                }
            }
            """;

    static final String PROCESS =
            """
            vrrp_track_process proxy {
                pidfile /run/hapair/hapair-proxy.pid
            }
            vrrp_script chk {
                script /bin/true
            }
            """;
    static final String ANNOUNCE =
            """
            bgp_announce web {
                vip 192.0.2.10/32 192.0.2.11
                next_hop self
                track_process {
                    proxy
                }
                track_script {
                    chk
                }
                track_interface {
                    eth0
                }
                proxy_backend servers
                proxy_stats_socket /run/hapair/stats.sock
                interval 0.5
                rise 2
                fall 1
                drain_timeout 20
            }
            """;

    static ConfigResult parse(String text) {
        return KeepalivedConfigParser.parse(text, "k.conf");
    }

    /** The one error of {@code text}, as {@code file:line: message}. */
    static String onlyError(String text) {
        ConfigResult r = parse(text);
        assertEquals(1, r.errors().size(), r.diagnostics().toString());
        return r.errors().get(0).toString();
    }

    @Test
    void fullBlocksResolve() {
        ConfigResult r = parse(PROCESS + SPEAKER + ANNOUNCE);
        assertEquals(List.of(), r.diagnostics());
        BgpConfig bgp = r.config().orElseThrow().bgp();
        BgpSpeakerConfig s = bgp.speaker().orElseThrow();
        assertEquals(Path.of("/bin/sh"), s.exabgp());
        assertEquals(65001, s.localAs());
        assertEquals("10.1.0.11", s.routerId().getHostAddress());
        assertEquals(1, s.neighbors().size());
        assertEquals(65000, s.neighbors().get(0).peerAs());
        assertEquals(3, s.neighbors().get(0).holdTime());
        BgpAnnounceConfig a = bgp.announces().get(0);
        assertEquals("web", a.name());
        assertEquals("[192.0.2.10/32, 192.0.2.11/32]", a.vips().toString());
        assertEquals("self", a.nextHopText());
        assertEquals(
                List.of("proxy"),
                a.trackProcesses().stream().map(TrackRef::name).toList());
        assertEquals(
                List.of("chk"), a.trackScripts().stream().map(TrackRef::name).toList());
        assertEquals(
                List.of("eth0"),
                a.trackInterfaces().stream().map(TrackRef::name).toList());
        assertEquals(Optional.of("servers"), a.proxyBackend());
        assertEquals(Duration.ofMillis(500), a.interval());
        assertEquals(2, a.rise());
        assertEquals(1, a.fall());
        assertEquals(Duration.ofSeconds(20), a.drainTimeout());
    }

    @Test
    void defaultsAndFourByteAsInAsdot() {
        ConfigResult r = parse(PROCESS + SPEAKER.replace("local_as 65001", "local_as 1.10")
                + "bgp_announce w {\n vip 192.0.2.0/24\n next_hop 10.1.0.11\n track_process {\n proxy\n }\n}\n");
        assertEquals(List.of(), r.diagnostics());
        BgpConfig bgp = r.config().orElseThrow().bgp();
        assertEquals(65546, bgp.speaker().orElseThrow().localAs());
        BgpAnnounceConfig a = bgp.announces().get(0);
        assertEquals("10.1.0.11", a.nextHopText());
        assertEquals(BgpAnnounceConfig.DEFAULT_INTERVAL, a.interval());
        assertEquals(1, a.rise());
        assertEquals(1, a.fall());
        assertEquals(Duration.ofSeconds(30), a.drainTimeout());
    }

    @Test
    void badNeighbourIsAnErrorWithFileAndLine() {
        assertEquals(
                "k.conf:12: invalid address '10.1.0.300' for 'neighbor' in bgp_speaker"
                        + " (a unicast IPv4 or IPv6 address)",
                onlyError(PROCESS + SPEAKER.replace("neighbor 10.1.0.1", "neighbor 10.1.0.300") + ANNOUNCE));
        assertTrue(onlyError(PROCESS + SPEAKER.replace("neighbor 10.1.0.1", "neighbor 10.1.0.11") + ANNOUNCE)
                .startsWith("k.conf:12: neighbor 10.1.0.11 is this node itself"));
        assertTrue(onlyError(PROCESS + SPEAKER.replace("peer_as 65000\n", "") + ANNOUNCE)
                .startsWith("k.conf:12: neighbor 10.1.0.1 has no 'peer_as N'"));
        assertTrue(onlyError(PROCESS
                        + SPEAKER.replace("        hold_time 3\n", "        hold_time 3\n        peer_ass 1\n")
                        + ANNOUNCE)
                .contains("unknown keyword 'peer_ass'"));
        assertTrue(onlyError(PROCESS + SPEAKER.replace("hold_time 3", "hold_time 2") + ANNOUNCE)
                .startsWith("k.conf:14: hold_time 2 in neighbor 10.1.0.1 of bgp_speaker is invalid"));
        String noNeighbour = SPEAKER.substring(0, SPEAKER.indexOf("    neighbor")) + "}\n";
        assertTrue(onlyError(PROCESS + noNeighbour + ANNOUNCE).startsWith("k.conf:7: bgp_speaker has no 'neighbor"));
    }

    @Test
    void badAsNumbersAreErrorsWithFileAndLine() {
        assertEquals(
                "k.conf:13: invalid AS number '4294967296' for 'peer_as' in neighbor 10.1.0.1 of bgp_speaker"
                        + " (1..4294967295)",
                onlyError(PROCESS + SPEAKER.replace("peer_as 65000", "peer_as 4294967296") + ANNOUNCE));
        assertTrue(onlyError(PROCESS + SPEAKER.replace("local_as 65001", "local_as 0") + ANNOUNCE)
                .startsWith("k.conf:10: invalid AS number '0' for 'local_as'"));
        assertTrue(onlyError(PROCESS + SPEAKER.replace("local_as 65001", "local_as 65x") + ANNOUNCE)
                .startsWith("k.conf:10: invalid AS number '65x'"));
        assertTrue(onlyError(PROCESS + SPEAKER.replace("local_as 65001", "local_as 23456") + ANNOUNCE)
                .contains("AS_TRANS"));
        assertTrue(onlyError(PROCESS + SPEAKER.replace("    local_as 65001\n", "") + ANNOUNCE)
                .startsWith("k.conf:7: bgp_speaker has no 'local_as'"));
    }

    @Test
    void missingExabgpIsAnError(@org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
        Path notExecutable = java.nio.file.Files.writeString(dir.resolve("exabgp"), "#!/bin/sh\n");
        assertEquals(
                "k.conf:8: ExaBGP not found: /nonexistent/exabgp is not an executable file (install the"
                        + " 'exabgp' package or set 'exabgp PATH' in bgp_speaker)",
                onlyError(PROCESS + SPEAKER.replace("/bin/sh", "/nonexistent/exabgp") + ANNOUNCE));
        assertTrue(
                onlyError(PROCESS + SPEAKER.replace("/bin/sh", notExecutable.toString()) + ANNOUNCE)
                        .contains("ExaBGP not found: " + notExecutable),
                "a file that is not executable");
    }

    @Test
    void announceChecks() {
        assertTrue(onlyError(PROCESS + ANNOUNCE).contains("bgp_announce web needs a 'bgp_speaker"));
        assertTrue(
                onlyError(PROCESS + SPEAKER + ANNOUNCE.replace("    proxy_stats_socket /run/hapair/stats.sock\n", ""))
                        .contains("proxy_backend servers in bgp_announce web needs 'proxy_stats_socket PATH'"));
        assertTrue(onlyError(PROCESS + SPEAKER + ANNOUNCE.replace("        proxy\n", "        proxi\n"))
                .contains("track_process 'proxi' in bgp_announce web names no vrrp_track_process"));
        assertTrue(onlyError(PROCESS + SPEAKER + ANNOUNCE.replace("        chk\n", "        chk weight 5\n"))
                .contains("weights do not apply to BGP"));
        assertTrue(onlyError(PROCESS + SPEAKER + ANNOUNCE.replace("192.0.2.11", "192.0.2.11/24"))
                .contains("vip 192.0.2.11/24 in bgp_announce web has host bits set"));
        assertTrue(onlyError(PROCESS + SPEAKER + ANNOUNCE.replace("192.0.2.11", "2001:db8::1"))
                .contains("invalid IPv4 address '2001:db8::1' for 'vip'"));
        assertTrue(onlyError(PROCESS + SPEAKER + ANNOUNCE.replace("next_hop self", "next_hop myself"))
                .contains("invalid IPv4 address 'myself' for 'next_hop'"));
        assertTrue(onlyError(PROCESS
                        + SPEAKER
                        + ANNOUNCE
                        + ANNOUNCE.replace("web", "web2").replace("192.0.2.10/32 ", ""))
                .contains("vip 192.0.2.11/32 of bgp_announce web2 is already announced by bgp_announce web"));
        assertTrue(onlyError(PROCESS + SPEAKER + "bgp_announce x {\n vip 192.0.2.1\n}\n")
                .contains("bgp_announce x tracks nothing"));
        assertTrue(onlyError(PROCESS + SPEAKER + ANNOUNCE + SPEAKER).contains("second 'bgp_speaker'"));
        assertTrue(onlyError(PROCESS + SPEAKER + ANNOUNCE.replace("rise 2", "rise 0"))
                .contains("rise 0 out of range"));
    }
}
