package dev.hapair.vrrp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.testkit.SharedDir;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every keepalived.conf from the guides our users follow parses to the model the guide means. */
class SharedConfigsTest {
    private static Path dir;

    @BeforeAll
    static void locate() {
        dir = SharedDir.require("configs/keepalived");
    }

    private static KeepalivedConfig parseClean(String name) {
        ConfigResult r = KeepalivedConfigParser.parse(dir.resolve(name));
        assertFalse(r.hasErrors(), () -> name + ": " + r.diagnostics());
        return r.config().orElseThrow();
    }

    @Test
    void everySharedConfigParsesWithoutError() throws Exception {
        List<Path> confs;
        try (Stream<Path> s = Files.list(dir)) {
            confs = s.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        }
        assertEquals(4, confs.size(), "expected the four guide configs: " + confs);
        for (Path p : confs) {
            ConfigResult r = KeepalivedConfigParser.parse(p);
            assertFalse(r.hasErrors(), () -> p + ": " + r.diagnostics());
            assertEquals(1, r.config().orElseThrow().instances().size(), p.toString());
        }
    }

    @Test
    void ecsPrimaryIsBackupNopreemptWithPasswordAndFaultingScript() throws Exception {
        ConfigResult r = KeepalivedConfigParser.parse(dir.resolve("ecs-guide-primary.conf"));
        assertEquals(List.of(), r.diagnostics(), "no warning: weight 0 with nopreempt is not the trap");
        KeepalivedConfig c = r.config().orElseThrow();
        assertEquals(Optional.of("root"), c.globalDefs().scriptUser());
        assertTrue(c.globalDefs().enableScriptSecurity());
        assertEquals(2, c.globalDefs().vrrpVersion());
        VrrpScriptConfig s = c.script("check_haproxy").orElseThrow();
        assertEquals("/etc/keepalived/check_haproxy.sh", s.script());
        assertEquals(List.of("/etc/keepalived/check_haproxy.sh"), s.argv());
        assertEquals(Duration.ofSeconds(2), s.interval());
        assertEquals(Duration.ofSeconds(2), s.timeout());
        assertEquals(0, s.weight());
        assertEquals(1, s.rise());
        assertEquals(1, s.fall());
        VrrpInstanceConfig i = c.instance("VI_1").orElseThrow();
        assertEquals(InitialState.BACKUP, i.state());
        assertEquals("eth0", i.interfaceName());
        assertEquals(51, i.virtualRouterId());
        assertEquals(100, i.priority());
        assertEquals(Duration.ofSeconds(1), i.advertInterval());
        assertFalse(i.preempt());
        assertEquals(AuthType.PASS, i.authentication().orElseThrow().type());
        assertEquals("1111", i.authentication().orElseThrow().password());
        assertEquals(1, i.virtualAddresses().size());
        VirtualAddress vip = i.virtualAddresses().get(0);
        assertEquals(InetAddress.getByName("10.0.0.10"), vip.address());
        assertEquals(32, vip.prefixLength());
        assertEquals("10.0.0.10/32", vip.cidr());
        assertEquals(VirtualAddressScope.GLOBAL, vip.scope());
        assertEquals(Optional.empty(), vip.device());
        assertEquals(
                List.of("check_haproxy"),
                i.trackScripts().stream().map(TrackRef::name).toList());
        assertTrue(i.trackScripts().get(0).faultOnFailure());
        assertEquals(5, i.garpMasterRepeat());
        assertEquals(Duration.ofSeconds(5), i.garpMasterDelay());
        assertEquals(dir.resolve("ecs-guide-primary.conf") + ":10", i.location().toString());
    }

    @Test
    void ecsSecondaryDiffersOnlyByPriority() {
        VrrpInstanceConfig primary =
                parseClean("ecs-guide-primary.conf").instance("VI_1").orElseThrow();
        VrrpInstanceConfig secondary =
                parseClean("ecs-guide-secondary.conf").instance("VI_1").orElseThrow();
        assertEquals(90, secondary.priority());
        assertFalse(primary.sameSettingsAs(secondary));
        VrrpInstanceConfig samePriority = new VrrpInstanceConfig(
                secondary.name(),
                secondary.state(),
                secondary.interfaceName(),
                secondary.virtualRouterId(),
                100,
                secondary.advertInterval(),
                secondary.version(),
                secondary.preempt(),
                secondary.preemptDelay(),
                secondary.authentication(),
                secondary.authHmac(),
                secondary.virtualAddresses(),
                secondary.excludedAddresses(),
                secondary.unicastSrcIp(),
                secondary.unicastPeers(),
                secondary.trackScripts(),
                secondary.trackInterfaces(),
                secondary.trackProcesses(),
                secondary.notifyScripts(),
                secondary.garpMasterDelay(),
                secondary.garpMasterRepeat(),
                secondary.garpMasterRefresh(),
                secondary.reannounce(),
                secondary.dontTrackPrimary(),
                secondary.syncGroup(),
                secondary.location());
        assertTrue(primary.sameSettingsAs(samePriority));
    }

    @Test
    void introGuideMasterWithTrailingComments() throws Exception {
        ConfigResult r = KeepalivedConfigParser.parse(dir.resolve("intro-guide-master.conf"));
        assertEquals(List.of(), r.diagnostics());
        KeepalivedConfig c = r.config().orElseThrow();
        assertEquals(Optional.of("LVS_DEVEL"), c.globalDefs().routerId());
        VrrpScriptConfig s = c.script("chk_haproxy").orElseThrow();
        assertEquals("killall -0 haproxy", s.script());
        assertEquals(List.of("killall", "-0", "haproxy"), s.argv());
        assertEquals(2, s.weight());
        VrrpInstanceConfig i = c.instance("VI_1").orElseThrow();
        assertEquals(InitialState.MASTER, i.state());
        assertEquals("enp0s25", i.interfaceName());
        assertEquals(51, i.virtualRouterId());
        assertEquals(101, i.priority());
        assertTrue(i.preempt());
        assertEquals(Optional.empty(), i.authentication());
        assertEquals(
                List.of(InetAddress.getByName("192.168.8.201")),
                i.virtualAddresses().stream().map(VirtualAddress::address).toList());
        assertEquals(
                List.of(new TrackRef(
                        "chk_haproxy", 2, false, i.trackScripts().get(0).location())),
                i.trackScripts());
        assertEquals(23, i.trackScripts().get(0).location().line());
    }

    @Test
    void keepalivedGuideThreeVips() throws Exception {
        ConfigResult r = KeepalivedConfigParser.parse(dir.resolve("keepalived-guide-three-vips.conf"));
        assertEquals(List.of(), r.diagnostics());
        KeepalivedConfig c = r.config().orElseThrow();
        assertEquals(GlobalDefs.DEFAULTS, c.globalDefs());
        VrrpInstanceConfig i = c.instance("VI_1").orElseThrow();
        assertEquals("eth0", i.interfaceName());
        assertEquals(InitialState.MASTER, i.state());
        assertEquals(101, i.priority());
        assertEquals(Duration.ofSeconds(1), i.advertInterval(), "advert_int defaults to 1 s");
        assertEquals(2, i.version());
        assertEquals(
                List.of("10.0.0.1/32", "10.0.0.2/32", "10.0.0.3/32"),
                i.virtualAddresses().stream().map(VirtualAddress::cidr).toList());
        assertEquals(
                List.of(13, 14, 15),
                i.virtualAddresses().stream().map(a -> a.location().line()).toList());
        assertEquals(2, i.trackScripts().get(0).weight());
    }
}
