package dev.hapair.proxy.lb;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hapair.proxy.config.HaproxyConfig;
import dev.hapair.proxy.config.HaproxyConfigLoader;
import dev.hapair.proxy.config.HashType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LbAlgorithmFactoryTest {

    static HaproxyConfig parse(String backendLines) throws Exception {
        return new HaproxyConfigLoader()
                .parse(
                        "lb.cfg",
                        String.join(
                                "\n",
                                "defaults",
                                "  mode http",
                                "  timeout connect 1s",
                                "  timeout client 1s",
                                "  timeout server 1s",
                                "backend be",
                                backendLines,
                                "  server s1 127.0.0.1:9000",
                                ""));
    }

    /** The algorithm of backend 'be' with these lines ({@code balance}, {@code hash-type}). */
    static LbAlgorithm algorithm(String backendLines) throws Exception {
        return LbAlgorithmFactory.algorithm(parse(backendLines).backend("be").orElseThrow());
    }

    static String error(String backendLines) {
        return assertThrows(LbConfigException.class, () -> algorithm(backendLines))
                .getMessage();
    }

    @Test
    void mapsTheConfigModel() throws Exception {
        LbAlgorithm uri = algorithm("  balance uri len 8 depth 2 whole\n  hash-type consistent crc32 avalanche");
        assertEquals(LbAlgorithm.Kind.URI, uri.kind());
        assertEquals(new UriHashKey(8, 2, true), uri.key());
        assertEquals(HashType.Method.CONSISTENT, uri.hashType().method());
        assertEquals("crc32", uri.hashType().function());
        assertEquals(true, uri.hashType().avalanche());
        assertEquals(
                new HeaderHashKey("Host", true),
                algorithm("  balance hdr(Host) use_domain_only").key());
        assertEquals(
                new UrlParamHashKey("uid"), algorithm("  balance url_param uid").key());
        assertEquals(new SourceHashKey(), algorithm("  balance source").key());
        assertEquals(
                new UriHashKey(0, 0, false),
                algorithm("  balance uri path-only").key());
        assertEquals(
                LbAlgorithm.Kind.ROUNDROBIN, algorithm("  balance roundrobin").kind());
        assertEquals(
                LbAlgorithm.Kind.STATIC_RR, algorithm("  balance static-rr").kind());
        assertEquals(
                LbAlgorithm.Kind.LEASTCONN, algorithm("  balance leastconn").kind());
        assertEquals(LbAlgorithm.Kind.FIRST, algorithm("  balance first").kind());
        assertEquals(LbAlgorithm.DEFAULT, algorithm(""));
        assertEquals(
                new LbAlgorithm(LbAlgorithm.Kind.RANDOM, null, HashType.defaults(), 5),
                algorithm("  balance random(5)"));
        assertEquals(2, algorithm("  balance random").draws());
    }

    @Test
    void hashTypeSelectsTheSelectorClass() throws Exception {
        var servers = List.of(FakeServer.active("a", 1, 1));
        assertInstanceOf(
                ConsistentHashSelector.class,
                algorithm("  balance source\n  hash-type consistent").newSelector(servers, false));
        assertInstanceOf(
                MapBasedHashSelector.class,
                algorithm("  balance uri\n  hash-type map-based").newSelector(servers, false));
        assertInstanceOf(
                RoundRobinSelector.class,
                algorithm("  balance roundrobin\n  hash-type consistent").newSelector(servers, false));
    }

    @Test
    void whatHapairCannotBalanceIsRefusedWithTheKeyword() {
        assertEquals(
                "balance: algorithm 'rdp-cookie' is not supported by hapair (supported: roundrobin, static-rr,"
                        + " leastconn, first, source, uri, url_param, hdr(name), random)",
                error("  balance rdp-cookie"));
        assertEquals(
                "balance: url_param option 'check_post' is not supported by hapair",
                error("  balance url_param uid check_post"));
        assertEquals("balance: random draws must be at least 1, found 'random(0)'", error("  balance random(0)"));
        assertEquals("balance: random draws expects a non-negative number, found 'x'", error("  balance random(x)"));
        assertDoesNotThrow(() -> algorithm("  balance source\n  hash-type consistent wt6"));
        assertEquals(
                "hash-type",
                assertThrows(LbConfigException.class, () -> algorithm("  balance uri\n  hash-type map-based none"))
                        .keyword());
    }

    @Test
    void unsupportedBalancingIsAnAlertAtItsLine() throws Exception {
        var d = LbAlgorithmFactory.validate(parse("  balance rdp-cookie"));
        assertEquals(1, d.size());
        assertEquals(
                "lb.cfg:7: balance: algorithm 'rdp-cookie' is not supported by hapair (supported: roundrobin,"
                        + " static-rr, leastconn, first, source, uri, url_param, hdr(name), random)",
                d.get(0).format());
        d = LbAlgorithmFactory.validate(parse("  balance source\n  hash-type consistent none"));
        assertEquals(
                "lb.cfg:8: hash-type: hash function 'none' is not supported by hapair (use sdbm, djb2, wt6 or crc32)",
                d.get(0).format());
    }

    @Test
    void sharedConfigsBalance() throws Exception {
        try (var files = Files.list(Path.of("/work/shared/configs/haproxy"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".cfg")).toList()) {
                assertEquals(List.of(), LbAlgorithmFactory.validate(new HaproxyConfigLoader().load(p)), p.toString());
            }
        }
    }
}
