package dev.hapair.vrrp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The reload diff: by name, ignoring where things were written. */
class ConfigDiffTest {
    private static KeepalivedConfig parse(String text) {
        return KeepalivedConfigParser.parse(text, "keepalived.conf").config().orElseThrow();
    }

    private static String instance(String name, int vrid, int priority) {
        return "vrrp_instance " + name + " {\n  interface eth0\n  virtual_router_id " + vrid + "\n  priority "
                + priority + "\n  virtual_ipaddress {\n    10.213.0." + vrid
                + "/24\n  }\n  track_script {\n    chk\n  }\n}\n";
    }

    private static final String CHK = "vrrp_script chk {\n  script /bin/true\n  interval 2\n}\n";

    private static List<String> names(List<VrrpInstanceConfig> l) {
        return l.stream().map(VrrpInstanceConfig::name).toList();
    }

    @Test
    void sameConfigIsEmptyDiff() {
        String text = CHK + instance("VI_1", 1, 100);
        ConfigDiff d = ConfigDiff.between(parse(text), parse(text));
        assertTrue(d.isEmpty());
        assertEquals(List.of("VI_1"), names(d.unchangedInstances()));
        assertEquals("(1 unchanged)", d.summary());
    }

    @Test
    void movedLinesAndCommentsChangeNothing() {
        KeepalivedConfig before = parse(CHK + instance("VI_1", 1, 100));
        KeepalivedConfig after = parse("! a comment\n\n# another\n" + instance("VI_1", 1, 100) + "\n" + CHK);
        assertFalse(before.instances()
                .get(0)
                .location()
                .equals(after.instances().get(0).location()));
        ConfigDiff d = ConfigDiff.between(before, after);
        assertTrue(d.isEmpty(), d.toString());
        assertEquals(
                after.instances().get(0), d.unchangedInstances().get(0), "the new version, with current locations");
    }

    @Test
    void addedRemovedChangedUnchangedByName() {
        KeepalivedConfig before =
                parse(CHK + instance("VI_1", 1, 100) + instance("VI_2", 2, 100) + instance("VI_3", 3, 100));
        KeepalivedConfig after =
                parse(CHK + instance("VI_1", 1, 100) + instance("VI_3", 3, 90) + instance("VI_4", 4, 100));
        ConfigDiff d = ConfigDiff.between(before, after);
        assertEquals(List.of("VI_4"), names(d.addedInstances()));
        assertEquals(List.of("VI_2"), names(d.removedInstances()));
        assertEquals(List.of("VI_3"), names(d.changedInstances()));
        assertEquals(90, d.changedInstances().get(0).priority());
        assertEquals(List.of("VI_1"), names(d.unchangedInstances()));
        assertEquals("+VI_4 -VI_2 ~VI_3 (1 unchanged)", d.summary());
        assertFalse(d.isEmpty());
    }

    @Test
    void vipChangeIsAChange() {
        KeepalivedConfig before = parse(CHK + instance("VI_1", 1, 100));
        KeepalivedConfig after =
                parse(CHK + instance("VI_1", 1, 100).replace("10.213.0.1/24", "10.213.0.1/24 dev eth1"));
        assertEquals(List.of("VI_1"), names(ConfigDiff.between(before, after).changedInstances()));
    }

    @Test
    void scriptChangesAreReportedSeparately() {
        KeepalivedConfig before = parse(CHK + instance("VI_1", 1, 100));
        KeepalivedConfig after = parse(CHK.replace("interval 2", "interval 3") + instance("VI_1", 1, 100)
                + "vrrp_track_process p {\n  process haproxy\n}\n");
        ConfigDiff d = ConfigDiff.between(before, after);
        assertEquals(List.of("chk"), d.changedScripts());
        assertEquals(List.of("p"), d.addedTrackProcesses());
        assertEquals(List.of("VI_1"), names(d.unchangedInstances()), "the instance itself did not change");
        assertFalse(d.isEmpty());
    }

    @Test
    void globalDefsAndSyncGroupChanges() {
        KeepalivedConfig before = parse(CHK + instance("VI_1", 1, 100) + instance("VI_2", 2, 100));
        KeepalivedConfig after = parse("global_defs {\n  router_id lb2\n}\n" + CHK + instance("VI_1", 1, 100)
                + instance("VI_2", 2, 100) + "vrrp_sync_group G {\n  group {\n    VI_1\n    VI_2\n  }\n}\n");
        ConfigDiff d = ConfigDiff.between(before, after);
        assertTrue(d.globalDefsChanged());
        assertEquals(List.of("G"), d.changedSyncGroups());
        assertEquals(List.of("VI_1", "VI_2"), names(d.changedInstances()), "sync group membership is a setting");
    }
}
