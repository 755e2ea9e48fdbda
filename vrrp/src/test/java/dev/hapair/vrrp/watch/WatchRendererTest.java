package dev.hapair.vrrp.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class WatchRendererTest {
    @Test
    void tableHasOneLinePerRouterAndConflictLines() {
        WatchTable t = new WatchTable();
        for (double s = 0; s <= 4; s += 1) {
            t.observe(WatchTableTest.advert(s, WatchTableTest.A, 51, 150, List.of(WatchTableTest.VIP)));
            t.observe(WatchTableTest.advert(s + 0.5, WatchTableTest.B, 51, 100, List.of(WatchTableTest.VIP2)));
        }
        String out = WatchRenderer.render("eth0", t.snapshot(WatchTableTest.at(4.6)));
        List<String> lines = out.lines().toList();
        assertTrue(
                lines.get(0).startsWith("hapair-vrrp watch eth0  2026-01-01T00:00:04.600Z  2 routers"), lines.get(0));
        assertEquals(WatchRenderer.HEADER, lines.get(1));
        assertEquals(
                "  51  10.0.0.11        02:00:00:00:00:0b   v2   150   1.00s  PASS  MASTER         5    1.00     0.6s  10.0.0.100",
                lines.get(2));
        assertTrue(lines.get(3).startsWith("  51  10.0.0.12 "), lines.get(3));
        assertTrue(
                out.contains(
                        "CONFLICT TWO_MASTERS vrid 51: 2 sources advertise vrid 51 at once: 10.0.0.11 (priority 150), 10.0.0.12 (priority 100)"),
                out);
        assertTrue(out.contains("CONFLICT VIP_SET_MISMATCH vrid 51"), out);
    }

    @Test
    void emptyTableSaysSo() {
        String out = WatchRenderer.render("eth0", new WatchTable().snapshot(WatchTableTest.T0));
        assertTrue(out.contains("(no VRRP advertisement seen)"), out);
    }
}
