package dev.hapair.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.vrrp.config.KeepalivedConfig;
import dev.hapair.vrrp.config.KeepalivedConfigParser;
import dev.hapair.vrrp.fsm.TrackSpec;
import dev.hapair.vrrp.fsm.VrrpState;
import dev.hapair.vrrp.os.AddressScope;
import dev.hapair.vrrp.os.IfAddress;
import dev.hapair.vrrp.packet.Ipv4Addresses;
import dev.hapair.vrrp.packet.VrrpAdvert;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InstancePlanTest {
    static final String CONF =
            """
            vrrp_script chk_haproxy {
                script "/usr/bin/killall -0 haproxy"
                interval 2
                weight -20
            }
            vrrp_track_process proxy {
                pidfile /run/proxy.pid
                weight 0
            }
            vrrp_instance VI_1 {
                state BACKUP
                interface eth0
                virtual_router_id 51
                priority 150
                advert_int 2
                nopreempt
                authentication {
                    auth_type PASS
                    auth_pass secret
                }
                unicast_src_ip 10.0.0.1
                unicast_peer {
                    10.0.0.2
                }
                virtual_ipaddress {
                    10.0.0.100/24 dev eth1 label eth1:vip scope link
                    10.0.0.101
                }
                track_script {
                    chk_haproxy
                }
                track_interface {
                    eth2 weight 10
                }
                track_process {
                    proxy
                }
            }
            """;

    static KeepalivedConfig parse(String text) throws Exception {
        return KeepalivedConfigParser.parse(text, "t.conf").orThrow();
    }

    @Test
    void mapsKeepalivedSettingsOntoTheSpecAndTheVipAssignments() throws Exception {
        KeepalivedConfig c = parse(CONF);
        Set<String> down = Set.of("process:proxy");
        InstancePlan p = InstancePlan.of(
                c.instances().get(0), Optional.of(Ipv4Addresses.parse("10.0.0.9")), k -> !down.contains(k));
        var s = p.spec();
        assertEquals(51, s.vrid());
        assertEquals(2, s.version());
        assertEquals(150, s.priority());
        assertEquals(200, s.advertIntervalCentis());
        assertFalse(s.preempt());
        assertEquals(VrrpState.BACKUP, s.initialState());
        assertEquals(VrrpAdvert.AUTH_PASS, s.authType());
        assertEquals("secret", s.authPassword());
        assertEquals(Ipv4Addresses.parse("10.0.0.1"), p.source(), "unicast_src_ip wins over the interface address");
        assertEquals(List.of(Ipv4Addresses.parse("10.0.0.2")), p.peers());
        assertTrue(p.unicast());
        assertEquals(
                new IfAddress(
                        "eth1",
                        Ipv4Addresses.parse("10.0.0.100"),
                        24,
                        AddressScope.LINK,
                        Optional.of("eth1:vip"),
                        Optional.empty()),
                p.vips().get(Ipv4Addresses.parse("10.0.0.100")));
        assertEquals(
                IfAddress.of("eth0", Ipv4Addresses.parse("10.0.0.101"), 32),
                p.vips().get(Ipv4Addresses.parse("10.0.0.101")),
                "no prefix: /32 on the instance's interface");
        assertEquals(
                List.of(
                        new TrackSpec("script:chk_haproxy", -20, true),
                        new TrackSpec("interface:eth2", 10, true),
                        new TrackSpec("process:proxy", 0, false),
                        new TrackSpec("interface:eth0", 0, true)),
                s.tracks(),
                "weights resolved, current tracker state, own interface tracked with weight 0");
        assertEquals(Duration.ofSeconds(5), s.garpMasterDelay());
        assertEquals(5, s.garpMasterRepeat());
        assertEquals(Duration.ofSeconds(5), s.garpLowerPrioDelay());
        assertEquals(5, s.garpLowerPrioRepeat());
        assertEquals(1, s.garpMasterRefreshRepeat());
        assertFalse(s.higherPrioSendAdvert());
    }

    @Test
    void excludedAddressesAreManagedButNotAdvertised() throws Exception {
        KeepalivedConfig c = parse(CONF.replace(
                "    track_script {\n",
                "    virtual_ipaddress_excluded {\n        10.0.1.7/24 dev eth1\n    }\n    track_script {\n"));
        InstancePlan p = InstancePlan.of(c.instances().get(0), Optional.empty(), k -> true);
        assertEquals(
                List.of(Ipv4Addresses.parse("10.0.0.100"), Ipv4Addresses.parse("10.0.0.101")),
                p.spec().vips());
        assertEquals(List.of(Ipv4Addresses.parse("10.0.1.7")), p.spec().excludedVips());
        assertEquals(
                IfAddress.of("eth1", Ipv4Addresses.parse("10.0.1.7"), 24),
                p.vips().get(Ipv4Addresses.parse("10.0.1.7")),
                "added and removed with the VIPs");
        assertTrue(
                VipRelease.addresses(c.instances().get(0))
                        .contains(IfAddress.of("eth1", Ipv4Addresses.parse("10.0.1.7"), 24)),
                "released after a crash too");
    }

    @Test
    void reverseTracksStartInverted() throws Exception {
        KeepalivedConfig c = parse(CONF.replace("        chk_haproxy\n", "        chk_haproxy weight 5 reverse\n"));
        InstancePlan p = InstancePlan.of(c.instances().get(0), Optional.empty(), k -> true);
        assertEquals(
                new TrackSpec("script:chk_haproxy", 5, false), p.spec().tracks().get(0));
        assertEquals(Boolean.TRUE, p.trackRefs().get("script:chk_haproxy"));
    }

    @Test
    void withoutAnyIpv4AddressTheInstanceCannotRun() throws Exception {
        KeepalivedConfig c = parse(CONF.replace("unicast_src_ip 10.0.0.1", ""));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> InstancePlan.of(c.instances().get(0), Optional.empty(), k -> true));
        assertTrue(e.getMessage().contains("no IPv4 address"), e.getMessage());
    }
}
