package dev.hapair.proxy.lb;

import static dev.hapair.proxy.lb.Picks.sequence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.proxy.config.HashType;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HashSelectorsTest {

    static final HashType CONSISTENT = new HashType(HashType.Method.CONSISTENT, "sdbm", false, SourceLocation.NONE);

    static List<FakeServer> servers(int n) {
        List<FakeServer> list = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            list.add(FakeServer.active("s" + i, i, 1));
        }
        return list;
    }

    static long sdbm(String s) {
        long h = 0;
        for (char c : s.toCharArray()) {
            h = (c + (h << 6) + (h << 16) - h) & 0xFFFFFFFFL;
        }
        return h;
    }

    @Test
    void hashFunctionsMatchTheirDefinitions() {
        assertEquals(97, HashFunction.SDBM.hash("a"));
        assertEquals(6363201, HashFunction.SDBM.hash("ab"));
        assertEquals(177670, HashFunction.DJB2.hash("a"));
        assertEquals(0xCBF43926L, HashFunction.CRC32.hash("123456789"));
        assertEquals(sdbm("/some/long/path/with/overflow"), HashFunction.SDBM.hash("/some/long/path/with/overflow"));
    }

    @Test
    void mapBasedIsHashModuloTheWeightTable() {
        List<FakeServer> s = servers(4);
        var sel = new MapBasedHashSelector<>(s, false, new UriHashKey(0, 0, false), HashType.defaults());
        for (int i = 0; i < 200; i++) {
            String path = "/item/" + i;
            int expected = (int) (sdbm(path) % 4);
            assertEquals(
                    s.get(expected),
                    sel.select(FakeRequest.uri(path + "?x=" + i)).server(),
                    path);
        }
    }

    @Test
    void mapBasedHonoursWeights() {
        var a = FakeServer.active("a", 1, 3);
        var b = FakeServer.active("b", 2, 1);
        var sel = new MapBasedHashSelector<>(List.of(a, b), false, new UriHashKey(0, 0, false), HashType.defaults());
        String[] table = {"a", "a", "b", "a"};
        for (int i = 0; i < 100; i++) {
            String path = "/p" + i;
            assertEquals(
                    table[(int) (sdbm(path) % 4)],
                    sel.select(FakeRequest.uri(path)).server().name());
        }
    }

    @Test
    void consistentHashMovesOnlyTheDownServersKeys() {
        int n = 8;
        int keys = 10_000;
        List<FakeServer> s = servers(n);
        var sel = new ConsistentHashSelector<>(s, false, new UriHashKey(0, 0, false), CONSISTENT);
        FakeServer[] before = new FakeServer[keys];
        for (int k = 0; k < keys; k++) {
            before[k] = sel.select(FakeRequest.uri("/key/" + k)).server();
        }
        FakeServer victim = s.get(2);
        sel.onServerDown(victim);
        int moved = 0;
        for (int k = 0; k < keys; k++) {
            FakeServer now = sel.select(FakeRequest.uri("/key/" + k)).server();
            if (now != before[k]) {
                moved++;
                assertEquals(victim, before[k], "only the down server's keys may move");
            }
            assertNotEquals(victim, now);
        }
        double fraction = moved / (double) keys;
        System.out.printf(
                "consistent hash: %d servers, %.4f of %d keys moved (1/N = %.4f)%n", n, fraction, keys, 1.0 / n);
        assertTrue(fraction > 0.5 / n && fraction < 1.5 / n, "moved " + fraction + " of keys, expected ~" + 1.0 / n);
        sel.onServerUp(victim);
        for (int k = 0; k < keys; k++) {
            assertEquals(before[k], sel.select(FakeRequest.uri("/key/" + k)).server());
        }
    }

    /**
     * A redispatch away from a key's server (HAProxy's consistent hash avoids the server that failed): the key goes
     * where it would if that server were down; map-based hashing has no alternative and keeps the server.
     */
    @Test
    void aRedispatchAvoidsTheFailedServerOnTheRingOnly() {
        List<FakeServer> s = servers(5);
        var ring = new ConsistentHashSelector<>(s, false, new UriHashKey(0, 0, false), CONSISTENT);
        var down = new ConsistentHashSelector<>(s, false, new UriHashKey(0, 0, false), CONSISTENT);
        var map = new MapBasedHashSelector<>(s, false, new UriHashKey(0, 0, false), HashType.defaults());
        FakeServer failed = s.get(1);
        down.onServerDown(failed);
        int avoided = 0;
        for (int k = 0; k < 2_000; k++) {
            FakeRequest r = FakeRequest.uri("/key/" + k);
            FakeServer owner = ring.select(r).server();
            FakeServer alt = ring.selectAvoiding(r, java.util.Set.of(failed)).server();
            if (owner == failed) {
                avoided++;
                assertNotEquals(failed, alt);
            }
            assertEquals(down.select(r).server(), alt, "where the key lands with the failed server down");
            FakeServer m = map.select(r).server();
            assertEquals(m, map.selectAvoiding(r, java.util.Set.of(m)).server(), "map-based: no alternative");
        }
        assertTrue(avoided > 100, "keys of the failed server: " + avoided);
        FakeRequest r = FakeRequest.uri("/key/1");
        assertEquals(
                ring.select(r).server(),
                ring.selectAvoiding(r, java.util.Set.copyOf(s)).server(),
                "every server avoided: the key's own owner");
    }

    @Test
    void consistentHashSharesFollowWeights() {
        var a = FakeServer.active("a", 1, 3);
        var b = FakeServer.active("b", 2, 1);
        var sel = new ConsistentHashSelector<>(List.of(a, b), false, new UriHashKey(0, 0, false), CONSISTENT);
        int toA = 0;
        for (int k = 0; k < 10_000; k++) {
            if (sel.select(FakeRequest.uri("/u/" + k)).server() == a) {
                toA++;
            }
        }
        assertTrue(toA > 6500 && toA < 8500, "a got " + toA + " of 10000, expected ~7500");
    }

    @Test
    void mapBasedRemapsMostKeysWhenAServerGoesDown() {
        List<FakeServer> s = servers(4);
        var sel = new MapBasedHashSelector<>(s, false, new UriHashKey(0, 0, false), HashType.defaults());
        FakeServer[] before = new FakeServer[1000];
        for (int k = 0; k < 1000; k++) {
            before[k] = sel.select(FakeRequest.uri("/key/" + k)).server();
        }
        sel.onServerDown(s.get(3));
        int moved = 0;
        for (int k = 0; k < 1000; k++) {
            if (sel.select(FakeRequest.uri("/key/" + k)).server() != before[k]) {
                moved++;
            }
        }
        assertTrue(moved > 500, "map-based is expected to remap most keys, moved " + moved);
    }

    @Test
    void headerHashFallsBackToRoundRobinWithoutTheHeader() {
        List<FakeServer> s = servers(3);
        var sel = new MapBasedHashSelector<>(s, false, new HeaderHashKey("X-User", false), HashType.defaults());
        assertEquals("s1 s2 s3 s1", sequence(sel, FakeRequest.uri("/"), 4));
        var withHeader = FakeRequest.header("x-user", "alice");
        String expected = s.get((int) (sdbm("alice") % 3)).name;
        assertEquals(expected + " " + expected + " " + expected, sequence(sel, withHeader, 3));
    }

    @Test
    void headerUseDomainOnlyHashesTheMainDomain() {
        assertEquals("1wt", HeaderHashKey.mainDomain("haproxy.1wt.eu"));
        assertEquals("example", HeaderHashKey.mainDomain("www.example.com:8080"));
        assertEquals("localhost", HeaderHashKey.mainDomain("localhost"));
    }

    @Test
    void urlParamHashesTheValueAndFallsBackWhenAbsent() {
        List<FakeServer> s = servers(3);
        var sel = new MapBasedHashSelector<>(s, false, new UrlParamHashKey("user"), HashType.defaults());
        String expected = s.get((int) (sdbm("bob") % 3)).name;
        assertEquals(
                expected,
                sel.select(FakeRequest.uri("/a?x=1&user=bob&y=2")).server().name());
        assertEquals(
                expected, sel.select(FakeRequest.uri("/b?user=bob")).server().name());
        assertEquals("s1 s2 s3", sequence(sel, FakeRequest.uri("/a?username=bob"), 3));
    }

    @Test
    void sourceHashUsesAddressBytes() throws Exception {
        List<FakeServer> s = servers(5);
        var sel = new MapBasedHashSelector<>(s, false, new SourceHashKey(), HashType.defaults());
        InetAddress addr = InetAddress.getByAddress(new byte[] {10, 0, 0, 42});
        long h = 0;
        for (byte b : addr.getAddress()) {
            h = ((b & 0xFF) + (h << 6) + (h << 16) - h) & 0xFFFFFFFFL;
        }
        assertEquals(s.get((int) (h % 5)), sel.select(LbRequest.ofSource(addr)).server());
        InetAddress v6 = InetAddress.getByName("::1");
        assertEquals(
                sel.select(LbRequest.ofSource(v6)).server(),
                sel.select(LbRequest.ofSource(v6)).server());
    }

    @Test
    void uriDepthLenAndWhole() {
        assertEquals("/a/b", new UriHashKey(0, 2, false).cut("/a/b/c/d"));
        assertEquals("/a", new UriHashKey(0, 1, false).cut("/a/b"));
        assertEquals("/a/b/", new UriHashKey(5, 0, false).cut("/a/b/c/d"));
        var whole = new UriHashKey(0, 0, true);
        var plain = new UriHashKey(0, 0, false);
        assertEquals(sdbm("/x?y=1"), whole.hash(FakeRequest.uri("/x?y=1"), HashFunction.SDBM));
        assertEquals(sdbm("/x"), plain.hash(FakeRequest.uri("http://host:80/x?y=1"), HashFunction.SDBM));
    }

    @Test
    void hashedFullServerIsStillReturnedForServerQueueing() {
        List<FakeServer> s = servers(2);
        var sel = new MapBasedHashSelector<>(s, false, new UriHashKey(0, 0, false), HashType.defaults());
        FakeServer owner = sel.select(FakeRequest.uri("/k")).server();
        owner.maxconn = 1;
        owner.connections = 1;
        assertEquals(owner, sel.select(FakeRequest.uri("/k")).server());
    }
}
