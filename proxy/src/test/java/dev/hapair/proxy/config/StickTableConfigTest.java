package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.config.StickTableConfig.DataType;
import dev.hapair.proxy.config.StickTableConfig.KeyType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code stick-table} lines: the model, and each misuse as an error naming file:line. */
class StickTableConfigTest {
    private static final String B = Cfg.TIMEOUTS + "backend b\n"; // line 6 is the next one

    private static void assertError(String cfg, String expected) {
        List<String> errors = Cfg.errors(cfg);
        assertTrue(errors.contains(expected), () -> "expected <" + expected + "> in " + errors);
    }

    @Test
    void theClassicRateLimitTable() {
        HaproxyConfig c = Cfg.parse(B + "  stick-table type ip size 100k expire 30s store http_req_rate(10s)\n");
        StickTableConfig t = c.backend("b").orElseThrow().stickTable().orElseThrow();
        assertEquals(KeyType.IP, t.type());
        assertEquals(100 * 1024, t.size());
        assertEquals(30_000, t.expireMillis());
        assertEquals(java.util.Map.of(DataType.HTTP_REQ_RATE, 10_000L), t.store());
    }

    @Test
    void storeListsAndKeyLengths() {
        HaproxyConfig c = Cfg.parse(
                B + "  stick-table type string len 64 size 1m nopurge store gpc0,conn_cnt" + " store conn_rate(3s)\n");
        StickTableConfig t = c.backend("b").orElseThrow().stickTable().orElseThrow();
        assertEquals(64, t.keyLen());
        assertTrue(t.nopurge());
        assertEquals(
                List.of(DataType.GPC0, DataType.CONN_CNT, DataType.CONN_RATE),
                List.copyOf(t.store().keySet()));
        assertEquals(
                32,
                Cfg.parse(B + "  stick-table type binary size 1\n")
                        .backend("b")
                        .orElseThrow()
                        .stickTable()
                        .orElseThrow()
                        .keyLen());
    }

    @Test
    void misuseIsAnError() {
        assertError(B + "  stick-table size 10\n", "t.cfg:6: 'stick-table' expects 'type <type>'");
        assertError(B + "  stick-table type ip\n", "t.cfg:6: 'stick-table' expects 'size <size>'");
        assertError(
                B + "  stick-table type mac size 1\n",
                "t.cfg:6: 'stick-table type' expects ip, ipv6, integer, string or binary, got 'mac'");
        assertError(
                B + "  stick-table type ip len 4 size 1\n",
                "t.cfg:6: 'stick-table': 'len' only applies to string and binary tables");
        assertError(
                B + "  stick-table type ip size 1 store http_req_rate\n",
                "t.cfg:6: 'stick-table store http_req_rate' expects a period, e.g. http_req_rate(10s)");
        assertError(
                B + "  stick-table type ip size 1 store gpc0(1s)\n",
                "t.cfg:6: 'stick-table store gpc0' takes no argument");
        assertError(
                B + "  stick-table type ip size 1 store foo\n",
                "t.cfg:6: 'stick-table store': unknown data type 'foo'");
        assertError(
                B + "  stick-table type ip size 1 store server_id\n",
                "t.cfg:6: 'stick-table store server_id' is not supported by hapair-proxy");
        assertError(
                B + "  stick-table type ip size 1 peers p\n",
                "t.cfg:6: 'stick-table peers' is not supported by hapair-proxy");
        assertError(
                B + "  stick-table type ip size 1\n  stick-table type ip size 2\n",
                "t.cfg:7: only one 'stick-table' per proxy");
        assertError(
                Cfg.TIMEOUTS + "defaults d\n  stick-table type ip size 1\n",
                "t.cfg:6: 'stick-table' not allowed in defaults 'd'");
    }
}
