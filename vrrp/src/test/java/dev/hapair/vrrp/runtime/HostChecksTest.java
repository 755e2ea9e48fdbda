package dev.hapair.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.vrrp.config.ConfigResult;
import dev.hapair.vrrp.config.Diagnostic;
import dev.hapair.vrrp.config.KeepalivedConfigParser;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The host checks on their own, with a fake interface table (no root, no real interfaces needed). */
class HostChecksTest {
    private static final HostChecks.InterfaceLookup ONLY_ETH1 = "eth1"::equals;

    private static ConfigResult parse(String text) {
        ConfigResult r = KeepalivedConfigParser.parse(text, "k.conf");
        assertFalse(r.hasErrors(), r.diagnostics().toString());
        return r;
    }

    private static final String INSTANCE = "vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n"
            + "  virtual_ipaddress {\n    10.213.0.10 dev eth1\n  }\n  track_interface {\n    eth2\n  }\n}\n";

    @Test
    void aMissingInterfaceIsAnErrorAtStartAndAWarningAtConfigTest() {
        ConfigResult r = parse(INSTANCE);
        ConfigResult started = new HostChecks(ONLY_ETH1).apply(r, HostChecks.Phase.START);
        assertTrue(started.hasErrors());
        assertTrue(started.config().isEmpty(), "a file this host cannot run is never applied");
        assertEquals(
                List.of(
                        "k.conf:1: vrrp_instance VI_1: interface eth0 does not exist on this host",
                        "k.conf:1: vrrp_instance VI_1: interface eth2 does not exist on this host"),
                started.errors().stream().map(Diagnostic::toString).toList());
        List<Diagnostic> tested =
                new HostChecks(ONLY_ETH1).check(r.config().orElseThrow(), HostChecks.Phase.CONFIG_TEST);
        assertEquals(2, tested.size());
        assertTrue(tested.stream().noneMatch(Diagnostic::isError), tested.toString());
    }

    @Test
    void allInterfacesPresentChangesNothing() {
        ConfigResult r = parse(INSTANCE);
        ConfigResult started = new HostChecks(name -> true).apply(r, HostChecks.Phase.START);
        assertEquals(r, started);
    }

    @Test
    void nothingToRunIsAnErrorAtStart() {
        ConfigResult r = parse("global_defs {\n  router_id lb1\n}\n");
        assertTrue(new HostChecks(name -> true).apply(r, HostChecks.Phase.START).hasErrors());
        assertTrue(new HostChecks(name -> true)
                .check(r.config().orElseThrow(), HostChecks.Phase.CONFIG_TEST)
                .isEmpty());
    }

    @Test
    void processNamesAreFoundInTheUsualCheckIdioms() {
        assertEquals(Set.of("haproxy"), HostChecks.processNamesIn("killall -0 haproxy"));
        assertEquals(Set.of("haproxy"), HostChecks.processNamesIn("/usr/bin/pidof haproxy"));
        assertEquals(Set.of("haproxy"), HostChecks.processNamesIn("pgrep -x haproxy"));
        assertEquals(
                Set.of("haproxy"),
                HostChecks.processNamesIn("if [ $(ps ax | grep -w [h]aproxy | wc -l) -eq 0 ]; then exit 1; fi"));
        assertEquals(Set.of("hapair-proxy"), HostChecks.processNamesIn("killall -0 hapair-proxy"));
        assertEquals(Set.of(), HostChecks.processNamesIn("curl -fs http://127.0.0.1:8711/"));
    }
}
