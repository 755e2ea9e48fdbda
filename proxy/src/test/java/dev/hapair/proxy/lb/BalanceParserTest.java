package dev.hapair.proxy.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class BalanceParserTest {

    static LbAlgorithm parse(String balance, String hashType) throws LbConfigException {
        return BalanceParser.parse(tokens(balance), tokens(hashType));
    }

    static List<String> tokens(String s) {
        return s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
    }

    @Test
    void parsesEveryAlgorithm() throws Exception {
        assertEquals(LbAlgorithm.DEFAULT, parse("", ""));
        assertEquals(LbAlgorithm.Kind.ROUNDROBIN, parse("roundrobin", "").kind());
        assertEquals(LbAlgorithm.Kind.STATIC_RR, parse("static-rr", "").kind());
        assertEquals(LbAlgorithm.Kind.LEASTCONN, parse("leastconn", "").kind());
        assertEquals(LbAlgorithm.Kind.FIRST, parse("first", "").kind());
        assertEquals(new SourceHashKey(), parse("source", "").key());
        assertEquals(new UriHashKey(10, 3, true), parse("uri len 10 depth 3 whole", "").key());
        assertEquals(new UrlParamHashKey("userid"), parse("url_param userid", "").key());
        assertEquals(new HeaderHashKey("Host", true), parse("hdr(Host) use_domain_only", "").key());
    }

    @Test
    void hashTypeSelectsTheSelectorClass() throws Exception {
        var servers = List.of(FakeServer.active("a", 1, 1));
        assertInstanceOf(ConsistentHashSelector.class,
                parse("source", "consistent").newSelector(servers, false));
        assertInstanceOf(MapBasedHashSelector.class, parse("uri", "map-based").newSelector(servers, false));
        assertInstanceOf(RoundRobinSelector.class, parse("roundrobin", "consistent").newSelector(servers, false));
        assertEquals(new HashType(true, HashFunction.DJB2, true), parse("source", "consistent djb2 avalanche").hashType());
    }

    @Test
    void misspeltAlgorithmSuggestsTheClosest() {
        var e = assertThrows(LbConfigException.class, () -> parse("roundrobbin", ""));
        assertEquals("balance: unknown algorithm 'roundrobbin' (did you mean 'roundrobin'?)", e.getMessage());
        e = assertThrows(LbConfigException.class, () -> parse("leastcon", ""));
        assertEquals("balance: unknown algorithm 'leastcon' (did you mean 'leastconn'?)", e.getMessage());
    }

    @Test
    void badOptionsAreRejectedWithTheKeyword() {
        assertEquals("balance: url_param requires a parameter name",
                assertThrows(LbConfigException.class, () -> parse("url_param", "")).getMessage());
        assertEquals("balance: algorithm 'roundrobin' takes no option, found 'fast'",
                assertThrows(LbConfigException.class, () -> parse("roundrobin fast", "")).getMessage());
        assertEquals("hash-type: unknown method 'consistant' (did you mean 'consistent'?)",
                assertThrows(LbConfigException.class, () -> parse("source", "consistant")).getMessage());
        assertEquals("balance: algorithm 'rdp-cookie' is not supported by hapair (supported: roundrobin, static-rr,"
                + " leastconn, first, source, uri, url_param, hdr(name), random)",
                assertThrows(LbConfigException.class, () -> parse("rdp-cookie", "")).getMessage());
        assertEquals("hash-type", assertThrows(LbConfigException.class, () -> parse("uri", "consistent md5")).keyword());
    }
}
