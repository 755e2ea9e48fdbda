package dev.hapair.proxy.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hapair.proxy.config.HaproxyConfig;
import dev.hapair.proxy.config.HaproxyConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigBalanceTest {

    static HaproxyConfig parse(String backendLines) throws Exception {
        return new HaproxyConfigLoader().parse("lb.cfg", String.join("\n",
                "defaults", "  mode http", "  timeout connect 1s", "  timeout client 1s", "  timeout server 1s",
                "backend be", backendLines, "  server s1 127.0.0.1:9000", ""));
    }

    @Test
    void mapsTheConfigModel() throws Exception {
        assertEquals(new LbAlgorithm(LbAlgorithm.Kind.URI, new UriHashKey(8, 2, true),
                        new HashType(true, HashFunction.CRC32, true)),
                ConfigBalance.algorithm(parse("  balance uri len 8 depth 2 whole\n  hash-type consistent crc32 avalanche")
                        .backend("be").orElseThrow()));
        assertEquals(new HeaderHashKey("Host", true),
                ConfigBalance.algorithm(parse("  balance hdr(Host) use_domain_only").backend("be").orElseThrow()).key());
        assertEquals(new UrlParamHashKey("uid"),
                ConfigBalance.algorithm(parse("  balance url_param uid").backend("be").orElseThrow()).key());
        assertEquals(LbAlgorithm.Kind.LEASTCONN,
                ConfigBalance.algorithm(parse("  balance leastconn").backend("be").orElseThrow()).kind());
        assertEquals(LbAlgorithm.DEFAULT, ConfigBalance.algorithm(parse("").backend("be").orElseThrow()));
        assertEquals(new LbAlgorithm(LbAlgorithm.Kind.RANDOM, null, HashType.DEFAULT, 5),
                ConfigBalance.algorithm(parse("  balance random(5)").backend("be").orElseThrow()));
        assertEquals(2, ConfigBalance.algorithm(parse("  balance random").backend("be").orElseThrow()).draws());
    }

    @Test
    void unsupportedBalancingIsAnAlertAtItsLine() throws Exception {
        var d = ConfigBalance.validate(parse("  balance rdp-cookie"));
        assertEquals(1, d.size());
        assertEquals("lb.cfg:7: balance: algorithm 'rdp-cookie' is not supported by hapair (supported: roundrobin,"
                + " static-rr, leastconn, first, source, uri, url_param, hdr(name), random)", d.get(0).format());
    }

    @Test
    void sharedConfigsBalance() throws Exception {
        try (var files = Files.list(Path.of("/work/shared/configs/haproxy"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".cfg")).toList()) {
                assertEquals(List.of(), ConfigBalance.validate(new HaproxyConfigLoader().load(p)), p.toString());
            }
        }
    }
}
