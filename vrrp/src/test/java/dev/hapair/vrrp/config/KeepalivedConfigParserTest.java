package dev.hapair.vrrp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.common.config.SourceLocation;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The model built from every keyword hapair implements, and the lexical forms keepalived accepts. */
class KeepalivedConfigParserTest {

    private static KeepalivedConfig parse(String text) {
        ConfigResult r = KeepalivedConfigParser.parse(text, "keepalived.conf");
        assertFalse(r.hasErrors(), () -> r.diagnostics().toString());
        return r.config().orElseThrow();
    }

    private static final String FULL =
            """
            ! full example, every implemented keyword
            global_defs {
              router_id lb1
              script_user keepalived_script scripts
              enable_script_security
              vrrp_version 3
              vrrp_garp_master_delay 2
              vrrp_garp_master_repeat 3
              vrrp_garp_master_refresh 60
            }
            vrrp_script chk_haproxy {
              script "/usr/bin/check 'a b' c"
              interval 0.5
              timeout 3
              weight -20 reverse
              rise 2
              fall 3
              user nobody nogroup
              init_fail
            }
            vrrp_track_process haproxy {
              process haproxy -f /etc/haproxy/haproxy.cfg
              param_match initial
              weight 10
              quorum 1
              quorum_max 2
              delay 0.2
              terminate_delay 0.5
              pidfile /run/haproxy.pid
            }
            vrrp_track_process by_pid {
              pidfile /run/hapair-proxy.pid
            }
            vrrp_instance VI_1 {
              state MASTER
              interface veth0
              virtual_router_id 42
              priority 150
              advert_int 0.1
              preempt_delay 2.5
              virtual_ipaddress {
                10.213.0.100/24 brd + dev veth1 scope link label veth1:vip
                10.213.0.101
              }
              virtual_ipaddress_excluded {
                10.213.9.1/32
              }
              unicast_src_ip 10.213.0.1
              unicast_peer {
                10.213.0.2
                10.213.0.3
              }
              track_script {
                chk_haproxy
                chk_haproxy weight 5 ! listed twice: ignored
              }
              track_interface {
                veth0
                veth2 weight -10 reverse
              }
              track_process {
                haproxy
                by_pid weight -30
              }
              notify_master "/etc/hapair/notify.sh master" root
              notify_backup /etc/hapair/backup.sh
              notify_fault /etc/hapair/fault.sh nobody nogroup
              notify_stop /etc/hapair/stop.sh
              notify /etc/hapair/any.sh
              garp_master_delay 1
              garp_master_repeat 2
              garp_master_refresh 30
              dont_track_primary
            }
            vrrp_instance VI_2 {
              interface veth0
              virtual_router_id 43
              version 2
              authentication {
                auth_type PASS
                auth_pass secret
              }
              virtual_ipaddress {
                10.213.1.100/24
              }
            }
            vrrp_sync_group G1 {
              group {
                VI_1
                VI_2
              }
              notify_master /etc/hapair/group-master.sh
            }
            """;

    @Test
    void fullExampleBuildsTheModel() throws Exception {
        ConfigResult r = KeepalivedConfigParser.parse(FULL, "keepalived.conf");
        assertFalse(r.hasErrors(), () -> r.diagnostics().toString());
        KeepalivedConfig c = r.config().orElseThrow();

        GlobalDefs g = c.globalDefs();
        assertEquals(
                new GlobalDefs(
                        Optional.of("lb1"),
                        Optional.of("keepalived_script"),
                        Optional.of("scripts"),
                        true,
                        3,
                        Duration.ofSeconds(2),
                        3,
                        Duration.ofSeconds(60),
                        Reannounce.defaults(Duration.ofSeconds(2), 3),
                        Optional.empty(),
                        new SourceLocation("keepalived.conf", 2)),
                g);

        VrrpScriptConfig s = c.script("chk_haproxy").orElseThrow();
        assertEquals(
                new VrrpScriptConfig(
                        "chk_haproxy",
                        "/usr/bin/check 'a b' c",
                        Duration.ofMillis(500),
                        Duration.ofSeconds(3),
                        -20,
                        true,
                        2,
                        3,
                        Optional.of("nobody"),
                        Optional.of("nogroup"),
                        true,
                        new SourceLocation("keepalived.conf", 11)),
                s);
        assertEquals(List.of("/usr/bin/check", "a b", "c"), s.argv());

        TrackProcessConfig p = c.trackProcess("haproxy").orElseThrow();
        assertEquals(
                new TrackProcessConfig(
                        "haproxy",
                        Optional.of("haproxy"),
                        List.of("-f", "/etc/haproxy/haproxy.cfg"),
                        ParamMatch.INITIAL,
                        false,
                        10,
                        false,
                        1,
                        OptionalInt.of(2),
                        Duration.ofMillis(200),
                        Duration.ofMillis(500),
                        Optional.of(Path.of("/run/haproxy.pid")),
                        new SourceLocation("keepalived.conf", 21)),
                p);
        TrackProcessConfig byPid = c.trackProcess("by_pid").orElseThrow();
        assertEquals(Optional.empty(), byPid.process());
        assertEquals(ParamMatch.NONE, byPid.paramMatch());
        assertEquals(TrackProcessConfig.DEFAULT_WEIGHT, byPid.weight());
        assertEquals(1, byPid.quorum());
        assertEquals(Optional.of(Path.of("/run/hapair-proxy.pid")), byPid.pidfile());

        VrrpInstanceConfig i = c.instance("VI_1").orElseThrow();
        assertEquals(InitialState.MASTER, i.state());
        assertEquals("veth0", i.interfaceName());
        assertEquals(42, i.virtualRouterId());
        assertEquals(150, i.priority());
        assertEquals(3, i.version(), "from global vrrp_version");
        assertEquals(Duration.ofMillis(100), i.advertInterval());
        assertEquals(10, i.advertIntervalCentis());
        assertTrue(i.preempt());
        assertEquals(Duration.ofMillis(2500), i.preemptDelay());
        VirtualAddress vip = i.virtualAddresses().get(0);
        assertEquals(
                new VirtualAddress(
                        InetAddress.getByName("10.213.0.100"),
                        24,
                        Optional.of(InetAddress.getByName("10.213.0.255")),
                        Optional.of("veth1"),
                        VirtualAddressScope.LINK,
                        Optional.of("veth1:vip"),
                        new SourceLocation("keepalived.conf", 42)),
                vip);
        assertEquals("veth1", vip.deviceOr(i.interfaceName()));
        assertEquals("veth0", i.virtualAddresses().get(1).deviceOr(i.interfaceName()));
        assertEquals(
                List.of("10.213.9.1/32"),
                i.excludedAddresses().stream().map(VirtualAddress::cidr).toList());
        assertEquals(Optional.of(InetAddress.getByName("10.213.0.1")), i.unicastSrcIp());
        assertEquals(
                List.of(InetAddress.getByName("10.213.0.2"), InetAddress.getByName("10.213.0.3")), i.unicastPeers());
        assertTrue(i.unicast());
        // VI_1 is in sync group G1: keepalived zeroes member tracking weights (a warning says so).
        assertEquals(List.of(0), i.trackScripts().stream().map(TrackRef::weight).toList());
        assertEquals(
                List.of(true),
                i.trackScripts().stream().map(TrackRef::reverse).toList(),
                "reverse comes from the script unless the line overrides the weight");
        assertEquals(
                List.of("veth0", "veth2"),
                i.trackInterfaces().stream().map(TrackRef::name).toList());
        assertEquals(
                List.of("haproxy", "by_pid"),
                i.trackProcesses().stream().map(TrackRef::name).toList());
        NotifyScripts n = i.notifyScripts();
        assertEquals("/etc/hapair/notify.sh master", n.master().orElseThrow().command());
        assertEquals(
                List.of("/etc/hapair/notify.sh", "master"),
                n.master().orElseThrow().argv());
        assertEquals(Optional.of("root"), n.master().orElseThrow().user());
        assertEquals(Optional.empty(), n.master().orElseThrow().group());
        assertEquals(Optional.of("nogroup"), n.fault().orElseThrow().group());
        assertEquals("/etc/hapair/stop.sh", n.stop().orElseThrow().command());
        assertEquals("/etc/hapair/any.sh", n.any().orElseThrow().command());
        assertEquals(Duration.ofSeconds(1), i.garpMasterDelay());
        assertEquals(2, i.garpMasterRepeat());
        assertEquals(Duration.ofSeconds(30), i.garpMasterRefresh());
        assertTrue(i.dontTrackPrimary());
        assertEquals(Optional.of("G1"), i.syncGroup());

        VrrpInstanceConfig i2 = c.instance("VI_2").orElseThrow();
        assertEquals(2, i2.version(), "instance version overrides vrrp_version");
        assertEquals(InitialState.BACKUP, i2.state());
        assertEquals(100, i2.priority());
        assertEquals(Duration.ofSeconds(1), i2.advertInterval());
        assertEquals(Duration.ofSeconds(2), i2.garpMasterDelay(), "from vrrp_garp_master_delay");
        assertEquals(3, i2.garpMasterRepeat());
        assertEquals("secret", i2.authentication().orElseThrow().password());
        assertFalse(i2.authentication().toString().contains("secret"), "passwords stay out of logs");

        SyncGroupConfig grp = c.syncGroup("G1").orElseThrow();
        assertEquals(List.of("VI_1", "VI_2"), grp.instances());
        assertEquals(
                "/etc/hapair/group-master.sh",
                grp.notifyScripts().master().orElseThrow().command());

        List<String> warnings = r.warnings().stream().map(Diagnostic::toString).toList();
        assertEquals(
                List.of(
                        "keepalived.conf:54: warning: weight -20 of track_script 'chk_haproxy' in vrrp_instance VI_1 is set to 0"
                                + " because the instance is in vrrp_sync_group G1 (as keepalived does): a failure means FAULT",
                        "keepalived.conf:55: warning: track_script 'chk_haproxy' in vrrp_instance VI_1 is already tracked at"
                                + " keepalived.conf:54: this line is ignored",
                        "keepalived.conf:59: warning: weight -10 of track_interface 'veth2' in vrrp_instance VI_1 is set to 0"
                                + " because the instance is in vrrp_sync_group G1 (as keepalived does): a failure means FAULT",
                        "keepalived.conf:62: warning: weight 10 of track_process 'haproxy' in vrrp_instance VI_1 is set to 0"
                                + " because the instance is in vrrp_sync_group G1 (as keepalived does): a failure means FAULT",
                        "keepalived.conf:63: warning: weight -30 of track_process 'by_pid' in vrrp_instance VI_1 is set to 0"
                                + " because the instance is in vrrp_sync_group G1 (as keepalived does): a failure means FAULT"),
                warnings);
    }

    @Test
    void trackWeightsResolveFromDefinitionOrLineOverride() {
        KeepalivedConfig c = parse(
                """
                vrrp_script chk {
                  script /bin/true
                  weight -20
                }
                vrrp_script other {
                  script /bin/false
                }
                vrrp_track_process proxy {
                  process haproxy
                }
                vrrp_track_process proxy2 {
                  process haproxy
                }
                vrrp_instance VI_1 {
                  interface eth0
                  virtual_router_id 51
                  virtual_ipaddress {
                    10.213.0.10
                  }
                  track_script {
                    chk
                  }
                  track_script {
                    other weight 7
                  }
                  track_interface {
                    eth0
                    eth1 weight 3
                  }
                  track_process {
                    proxy
                    proxy2 weight -4 reverse
                  }
                }
                """);
        VrrpInstanceConfig i = c.instances().get(0);
        assertEquals(
                List.of(-20, 7), i.trackScripts().stream().map(TrackRef::weight).toList());
        assertEquals(
                List.of(0, 3),
                i.trackInterfaces().stream().map(TrackRef::weight).toList());
        assertTrue(i.trackInterfaces().get(0).faultOnFailure());
        assertEquals(
                List.of(1, -4),
                i.trackProcesses().stream().map(TrackRef::weight).toList(),
                "vrrp_track_process weight defaults to 1 as in keepalived");
        assertEquals(
                List.of(false, true),
                i.trackProcesses().stream().map(TrackRef::reverse).toList());
        assertEquals(6, i.allTrackers().size());
    }

    @Test
    void lexicalForms() {
        // Brace on the next line, one-line blocks, glued braces, trailing # and ! comments, quotes with spaces and
        // escapes, tabs, CRLF line ends, a quoted string joined to a word as keepalived does.
        String text = "global_defs\n{\n\trouter_id \"lb 1\" # trailing\n}\r\n"
                + "vrrp_script chk{\n  script \"/bin/echo \\\"hi\\\"\" ! bang comment\n  interval 2 }\n"
                + "vrrp_instance VI_1\n"
                + "{\n"
                + "  interface eth0   # the NIC\n"
                + "  virtual_router_id 51 ! vrid\n"
                + "  virtual_ipaddress { 10.213.0.10/24 }\n"
                + "  track_script { chk }\n"
                + "  notify_master pre\"fix suf\"fix\n"
                + "}\n";
        KeepalivedConfig c = parse(text);
        assertEquals(Optional.of("lb 1"), c.globalDefs().routerId());
        assertEquals("/bin/echo \"hi\"", c.script("chk").orElseThrow().script());
        assertEquals(Duration.ofSeconds(2), c.script("chk").orElseThrow().interval());
        VrrpInstanceConfig i = c.instances().get(0);
        assertEquals("eth0", i.interfaceName());
        assertEquals(51, i.virtualRouterId());
        assertEquals("10.213.0.10/24", i.virtualAddresses().get(0).cidr());
        assertEquals(
                List.of("chk"), i.trackScripts().stream().map(TrackRef::name).toList());
        assertEquals("prefix suffix", i.notifyScripts().master().orElseThrow().command());
        assertEquals(new SourceLocation("keepalived.conf", 8), i.location());
        assertEquals(12, i.virtualAddresses().get(0).location().line());
    }

    @Test
    void quotedBraceIsAStringNotABlock() {
        KeepalivedConfig c = parse("vrrp_script chk {\n  script \"/bin/echo {\"\n}\n"
                + "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n  virtual_ipaddress {\n"
                + "    10.213.0.10\n  }\n}\n");
        assertEquals("/bin/echo {", c.script("chk").orElseThrow().script());
    }

    @Test
    void ipv6InstanceIsVrrpv3OverIpv6() {
        // keepalived decides the family from the VIPs: IPv6 VIPs make a VRRPv3-over-IPv6 instance
        ConfigResult r = KeepalivedConfigParser.parse(
                "vrrp_instance V6 {\n  interface eth0\n  virtual_router_id 9\n"
                        + "  virtual_ipaddress {\n    fe80::10/64\n    fd00::10/64\n  }\n"
                        + "  virtual_ipaddress_excluded {\n    10.0.0.10/24\n  }\n}\n",
                "keepalived.conf");
        assertTrue(r.diagnostics().isEmpty(), r.diagnostics().toString());
        var v6 = r.config().orElseThrow().instances().get(0);
        assertEquals(3, v6.version());
        assertEquals(2, v6.virtualAddresses().size());
    }

    @Test
    void reannounceKeywordsWithKeepalivedDefaultsAndInheritance() {
        KeepalivedConfig c = parse("global_defs {\n  vrrp_garp_master_delay 3\n  vrrp_garp_master_repeat 4\n}\n"
                + "vrrp_instance A {\n  interface eth0\n  virtual_router_id 1\n"
                + "  virtual_ipaddress {\n    10.213.0.10\n  }\n}\n"
                + "vrrp_instance B {\n  interface eth0\n  virtual_router_id 2\n  garp_lower_prio_delay 0.5\n"
                + "  garp_lower_prio_repeat 2\n  garp_master_refresh 30\n  garp_master_refresh_repeat 3\n"
                + "  higher_prio_send_advert\n  virtual_ipaddress {\n    10.213.0.11\n  }\n}\n");
        // keepalived: the lower-priority burst defaults to the global garp_master_delay/repeat
        assertEquals(
                new Reannounce(Duration.ofSeconds(3), 4, 1, false),
                c.globalDefs().reannounce());
        assertEquals(
                new Reannounce(Duration.ofSeconds(3), 4, 1, false),
                c.instance("A").orElseThrow().reannounce());
        assertEquals(
                new Reannounce(Duration.ofMillis(500), 2, 3, true),
                c.instance("B").orElseThrow().reannounce());

        KeepalivedConfig g = parse("global_defs {\n  vrrp_garp_lower_prio_delay 7\n  vrrp_garp_lower_prio_repeat 0\n"
                + "  vrrp_garp_master_refresh_repeat 2\n  vrrp_higher_prio_send_advert true\n}\n"
                + "vrrp_instance A {\n  interface eth0\n  virtual_router_id 1\n  higher_prio_send_advert off\n"
                + "  virtual_ipaddress {\n    10.213.0.10\n  }\n}\n");
        assertEquals(
                new Reannounce(Duration.ofSeconds(7), 0, 2, true),
                g.globalDefs().reannounce());
        assertEquals(
                new Reannounce(Duration.ofSeconds(7), 0, 2, false),
                g.instance("A").orElseThrow().reannounce());
        assertTrue(
                KeepalivedConfigParser.parse(
                                "vrrp_instance A {\n  interface eth0\n  virtual_router_id 1\n"
                                        + "  garp_master_refresh_repeat 0\n  virtual_ipaddress {\n    10.213.0.10\n  }\n}\n",
                                "keepalived.conf")
                        .hasErrors(),
                "refresh repeat must be at least 1");
    }

    @Test
    void versionMayComeAfterAdvertInt() {
        KeepalivedConfig c = parse("vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n"
                + "  advert_int 0.25\n  version 3\n  virtual_ipaddress {\n    10.213.0.10\n  }\n}\n");
        assertEquals(Duration.ofMillis(250), c.instances().get(0).advertInterval());
    }

    @Test
    void conditionalLinesFollowTheConfigId() {
        String text = "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n"
                + "@high  priority 170\n@low\tpriority 85\n@^high state MASTER\n"
                + "  virtual_ipaddress {\n    10.213.0.10\n  }\n}\n"
                + "@low include missing-only-for-low.conf\n";
        ConfigResult high = KeepalivedConfigParser.parse(text, "k.conf", Path.of(""), "high");
        assertEquals(List.of(), high.diagnostics());
        assertEquals(170, high.config().orElseThrow().instances().get(0).priority());
        assertEquals(
                InitialState.BACKUP,
                high.config().orElseThrow().instances().get(0).state());
        ConfigResult low = KeepalivedConfigParser.parse(text, "k.conf", Path.of(""), "low");
        assertEquals(85, low.config().orElseThrow().instances().get(0).priority());
        assertEquals(
                InitialState.MASTER,
                low.config().orElseThrow().instances().get(0).state());
        assertEquals(
                List.of("k.conf:11: warning: include 'missing-only-for-low.conf' matched no file"),
                low.diagnostics().stream().map(Diagnostic::toString).toList());
        ConfigResult other = KeepalivedConfigParser.parse(text, "k.conf", Path.of(""), "lb9");
        assertEquals(100, other.config().orElseThrow().instances().get(0).priority());
        assertFalse(KeepalivedConfigParser.defaultConfigId().contains("."));
    }

    @Test
    void emptyFileIsValidAndEmpty() {
        KeepalivedConfig c = parse("! nothing here\n\n   # still nothing\n");
        assertEquals(List.of(), c.instances());
        assertEquals(GlobalDefs.DEFAULTS, c.globalDefs());
    }

    @Test
    void commandLineSplitterHonoursSingleQuotes() {
        assertEquals(List.of("a", "b c", "d"), CommandLineSplitter.split("a 'b c'  d"));
        assertEquals(List.of("x", ""), CommandLineSplitter.split("x ''"));
        assertEquals(List.of(), CommandLineSplitter.split("   "));
    }
}
