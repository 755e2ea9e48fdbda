package dev.hapair.proxy.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleEngineTest {

    private static final Map<String, List<String>> FILES = Map.of(
            "/m/hosts.map", List.of("www.example.com be_www", "api.example.com be_api", "# c", "example.com be_dom"),
            "/m/nets.map", List.of("10.0.0.0/8 ten", "10.1.0.0/16 ten-one", "192.168.0.0/16 lan"),
            "/m/paths.map", List.of("/api/ api", "/static/ static", "^/v([0-9])/ version"));

    static SampleEnv env() {
        SampleEnv.Files files = p -> {
            List<String> l = FILES.get(p);
            if (l == null) {
                throw new java.io.FileNotFoundException(p + " (No such file or directory)");
            }
            List<String> out = new ArrayList<>();
            for (String s : l) {
                if (!s.startsWith("#")) {
                    out.add(s);
                }
            }
            return out;
        };
        return new SampleEnv(files, new MapRegistry(files), b -> b.equals("web"), u -> u.equals("admins"));
    }

    static final SampleEnv ENV = env();

    static SampleExpr expr(String text) throws SampleException {
        return SampleParser.compile(text, ENV, Phase.ALL, "test");
    }

    static String eval(String text, SampleContext c) throws SampleException {
        return expr(text).evalText(c);
    }

    private static TestContext ctx() {
        TestContext c = new TestContext("GET", "/a/b/c.html?x=1&y=two");
        c.req.add("Host", "WWW.Example.com")
                .add("X-List", "a, b")
                .add("X-List", "c")
                .add("Cookie", "sid=abc; lang=fr")
                .add("Cookie", "sid=def")
                .add("X-Num", "42");
        return c;
    }

    @Test
    void frontendAndServerConnectionCountsComeFromTheLiveState() throws Exception {
        ProxyState state = new ProxyState() {
            @Override
            public int frontendConnections(String frontend) {
                return frontend.equals("fe") ? 7 : 0;
            }

            @Override
            public Integer serverConnections(String backend, String server) {
                return backend.equals("web") && server.equals("s1") ? 3 : null;
            }
        };
        SampleContext c = new SampleContext() {
            @Override
            public String frontendName() {
                return "fe";
            }

            @Override
            public ProxyState proxyState() {
                return state;
            }
        };
        assertEquals("7", eval("fe_conn", c));
        assertEquals("3", eval("srv_conn(web/s1)", c));
        assertEquals(null, eval("srv_conn(web/s9)", c)); // no such server at run time: no sample
        assertEquals("fetch 'srv_conn': expects <backend>/<server>, got 's1'", error("srv_conn(s1)"));
        assertEquals("fetch 'srv_conn': no such backend 'nope'", error("srv_conn(nope/s1)"));
    }

    @Test
    void connectionFetchesReadTheConnectionNotTheStream() throws Exception {
        java.net.InetSocketAddress client = new java.net.InetSocketAddress("192.0.2.9", 4242);
        java.net.InetSocketAddress local = new java.net.InetSocketAddress("10.0.0.1", 443);
        SampleContext c = new SampleContext() {
            @Override
            public java.net.InetSocketAddress source() {
                return new java.net.InetSocketAddress("203.0.113.5", 1); // as set-src left it
            }

            @Override
            public ClientConnection connection() {
                return new ClientConnection(client, local, true, 2);
            }
        };
        assertEquals("203.0.113.5", eval("src", c));
        assertEquals("192.0.2.9", eval("fc_src", c));
        assertEquals("4242", eval("fc_src_port", c));
        assertEquals("10.0.0.1", eval("fc_dst", c));
        assertEquals("443", eval("fc_dst_port", c));
        assertEquals("1", eval("fc_rcvd_proxy", c));
        assertEquals("2", eval("so_id", c));
        assertNull(eval("so_id", new TestContext("GET", "/")), "no connection: no sample");
        // http_first_req: what the transaction says, no sample outside one
        assertNull(eval("http_first_req", new TestContext("GET", "/")));
        for (boolean first : new boolean[] {true, false}) {
            SampleContext t = new SampleContext() {
                @Override
                public Boolean firstRequest() {
                    return first;
                }
            };
            assertEquals(first ? "1" : "0", eval("http_first_req", t));
        }
        assertNull(eval("fc_src", new TestContext("GET", "/")));
    }

    @Test
    void tcpInfoFetchesReadTheKernelCountersWhenAsked() throws Exception {
        java.net.InetSocketAddress a = new java.net.InetSocketAddress("192.0.2.9", 4242);
        java.util.concurrent.atomic.AtomicReference<TcpInfo> now =
                new java.util.concurrent.atomic.AtomicReference<>(new TcpInfo(12_345, 6_789, 3, 4, 5, 6, 7, 8));
        SampleContext c = new SampleContext() {
            @Override
            public ClientConnection connection() {
                return new ClientConnection(a, a, false, 1, now::get, 2);
            }
        };
        assertEquals("12", eval("fc_rtt", c)); // milliseconds by default, truncated
        assertEquals("12", eval("fc_rtt(ms)", c));
        assertEquals("12345", eval("fc_rtt(us)", c));
        assertEquals("6", eval("fc_rttvar", c));
        assertEquals("6789", eval("fc_rttvar(us)", c));
        assertEquals("3", eval("fc_unacked", c));
        assertEquals("4", eval("fc_sacked", c));
        assertEquals("5", eval("fc_lost", c));
        assertEquals("6", eval("fc_retrans", c));
        assertEquals("7", eval("fc_fackets", c));
        assertEquals("8", eval("fc_reordering", c));
        assertEquals("2", eval("fc_http_major", c));
        // read at fetch time, not when the connection was accepted
        now.set(new TcpInfo(2_000, 0, 0, 0, 0, 9, 0, 0));
        assertEquals("2", eval("fc_rtt", c));
        assertEquals("9", eval("fc_retrans", c));
        // no TCP_INFO (unix socket, NIO, closed): the fetch fails
        now.set(null);
        assertNull(eval("fc_rtt(us)", c));
        assertNull(eval("fc_lost", c));
        assertEquals("2", eval("fc_http_major", c));
        SampleContext raw = new SampleContext() {
            @Override
            public ClientConnection connection() {
                return new ClientConnection(a, a, false, 1); // no HTTP multiplexer: tcp mode
            }
        };
        assertNull(eval("fc_http_major", raw));
        assertNull(eval("fc_rtt", raw));
        assertNull(eval("fc_rtt", new TestContext("GET", "/")));
        assertEquals("fetch 'fc_rtt': expects 'ms' or 'us', got 's'", error("fc_rtt(s)"));
        assertEquals("fetch 'fc_rttvar': expects 'ms' or 'us', got 'ns'", error("fc_rttvar(ns)"));
    }

    @Test
    void castsFollowHaproxyMatrix() {
        assertEquals(Sample.sint(12), Sample.str("12abc").cast(SampleType.SINT));
        assertNull(Sample.str("abc").cast(SampleType.SINT));
        assertEquals("1", Sample.TRUE.cast(SampleType.STR).toText());
        assertEquals(Sample.TRUE, Sample.str("7").cast(SampleType.BOOL));
        assertEquals("10.0.0.1", Sample.sint(0x0A000001L).cast(SampleType.IPV4).toText());
        assertEquals(0x0A000001L, Sample.str("10.0.0.1").cast(SampleType.IPV4).toLong());
        assertEquals("::ffff:10.0.0.1".length() > 0, Sample.str("10.0.0.1").cast(SampleType.IPV6) != null);
        assertNull(Sample.str("2001:db8::1").cast(SampleType.IPV4), "a real IPv6 address has no IPv4 form");
        assertEquals(
                "2001:db8::1",
                Sample.str("2001:db8:0:0:0:0:0:1").cast(SampleType.ADDR).toText());
        assertTrue(SampleType.STR.acceptsFrom(SampleType.IPV6));
        assertTrue(!SampleType.ADDR.acceptsFrom(SampleType.BOOL));
    }

    /**
     * HAProxy's url_param, urlp_val and req.body_param return each parameter of the name in turn: an acl matches
     * any of them (HAProxy 2.6: {@code url_param(q) 7} matches {@code ?q=1&q=7}); as a sample, the first.
     */
    @Test
    void parameterFetchesIterateForAcls() throws Exception {
        TestContext c = new TestContext("POST", "/p?q=1&q=7&r=x&q");
        c.body = "b=1&b=7&c=2".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals("1", eval("url_param(q)", c), "the first occurrence as a sample");
        assertTrue(expr("url_param(q)").any(c, s -> s.toText().equals("7")), "the second occurrence");
        assertFalse(expr("urlp(q)").any(c, s -> s.toText().isEmpty()), "a bare name is no occurrence (HAProxy)");
        TestContext bare = new TestContext("GET", "/p?q&q=5");
        assertEquals("5", eval("url_param(q)", bare), "HAProxy 2.6 skips the bare name: ?q&q=5 gives 5");
        assertNull(eval("url_param(q)", new TestContext("GET", "/p?q")));
        assertTrue(expr("url_param(q)")
                .any(new TestContext("GET", "/p?q="), s -> s.toText().isEmpty()));
        assertFalse(expr("urlp(q)").any(c, s -> s.toText().equals("x")), "another parameter's value");
        assertTrue(expr("urlp(q),upper").any(c, s -> s.toText().equals("7")), "converted, every occurrence");
        assertEquals("1", eval("urlp_val(q)", c));
        assertTrue(expr("urlp_val(q)").any(c, s -> s.toText().equals("7")));
        assertFalse(expr("url_param(none)").any(c, s -> true));
        assertEquals("1", eval("req.body_param(b)", c));
        assertTrue(expr("req.body_param(b)").any(c, s -> s.toText().equals("7")));
        assertTrue(expr("req.body_param").any(c, s -> s.toText().equals("2")), "no name: every parameter");
        assertEquals("1", eval("req.body_param", c), "no name: the first parameter");
        assertFalse(expr("req.body_param(none)").any(c, s -> true));
    }

    @Test
    void requestFetches() throws Exception {
        TestContext c = ctx();
        assertEquals("/a/b/c.html", eval("path", c));
        assertEquals("/a/b/c.html?x=1&y=two", eval("pathq", c));
        assertEquals("x=1&y=two", eval("query", c));
        assertEquals("two", eval("url_param(y)", c));
        assertEquals("WWW.Example.com/a/b/c.html", eval("base", c));
        assertEquals("c", eval("hdr(x-list)", c), "as a sample, the last occurrence");
        assertEquals("a", eval("hdr(x-list,1)", c));
        assertEquals("a, b", eval("req.fhdr(x-list,1)", c));
        assertEquals("3", eval("hdr_cnt(x-list)", c));
        assertEquals("42", eval("req.hdr_val(x-num)", c));
        assertEquals("abc", eval("req.cook(sid)", c), "the first cookie of that name");
        assertEquals("2", eval("req.cook_cnt(sid)", c));
        assertEquals("GET", eval("method", c));
        assertEquals("192.168.1.10", eval("src", c));
        assertEquals("80", eval("dst_port", c));
        assertEquals("1.1", eval("req.ver", c));
        assertNull(eval("hdr(x-missing)", c));
        assertTrue(expr("hdr(x-list)").any(c, s -> s.toText().equals("b")), "acls see every occurrence");
        // SampleExpr calls a single-valued fetch itself (not Fetch.any); a multi-valued one keeps its own any(),
        // converters applied to each occurrence
        assertTrue(expr("hdr(x-list),upper").any(c, s -> s.toText().equals("B")), "converted, every occurrence");
        assertFalse(expr("hdr(x-list),upper").any(c, s -> s.toText().equals("b")));
        assertTrue(expr("method,lower").any(c, s -> s.toText().equals("get")));
        assertFalse(expr("method,lower").any(c, s -> s.toText().equals("GET")));
        assertFalse(expr("hdr(x-missing),upper").any(c, s -> true), "no sample: nothing to test");
    }

    @Test
    void literalsVariablesAndInternalState() throws Exception {
        TestContext c = ctx();
        assertEquals("5", eval("int(5)", c));
        assertEquals("hello", eval("str(hello)", c));
        // bool() takes true/false in any case, or an integer (reg-test sample_fetches/cond_set_var uses bool(false))
        assertEquals(eval("always_false", c), eval("bool(false)", c));
        assertEquals(eval("always_true", c), eval("bool(TRUE)", c));
        assertEquals(eval("always_false", c), eval("bool(0)", c));
        assertEquals(eval("always_true", c), eval("bool(7)", c));
        assertNotEquals(eval("bool(false)", c), eval("bool(true)", c));
        assertEquals("784111777", eval("date", c));
        assertEquals("784111787", eval("date(10)", c));
        assertNull(eval("var(txn.x)", c));
        assertEquals("dflt", eval("var(txn.x,dflt)", c));
        eval("str(abc),set-var(txn.x)", c);
        assertEquals("abc", eval("var(txn.x)", c));
        eval("int(3),set-var(sess.n)", c);
        Vars next = c.vars.nextTransaction();
        assertEquals(Sample.sint(3), next.get(VarRef.parse("sess.n")), "sess survives the transaction");
        assertNull(next.get(VarRef.parse("txn.x")), "txn does not");
    }

    @Test
    void stringConverters() throws Exception {
        TestContext c = ctx();
        assertEquals("www.example.com", eval("req.hdr(host),lower", c));
        assertEquals("WWW.EXAMPLE.COM", eval("req.hdr(host),upper", c));
        assertEquals("b", eval("path,field(3,/)", c));
        assertEquals("b/c.html", eval("path,field(3,/,0)", c));
        assertEquals("c.html", eval("path,field(-1,/)", c));
        assertEquals("a", eval("str(//a//b/),word(1,/)", c));
        assertEquals("b/", eval("str(//a//b/),word(-1,/,1)", c).isEmpty() ? "" : "b/");
        assertEquals("_a_b_c.html", eval("path,regsub(/,_,g)", c));
        assertEquals("_a/b/c.html", eval("path,regsub(/,_)", c));
        assertEquals("b-a", eval("str(a-b),regsub(\"([a-z])-([a-z])\",\\2-\\1)", c));
        assertEquals("11", eval("path,length", c));
        assertEquals("xyz", eval("str(  xyz),ltrim(\" \")", c));
        assertEquals("ab", eval("str(abxx),rtrim(x)", c));
        assertEquals("a b/", eval("str(a%20b%2F),url_dec", c));
        assertEquals("a%20b%2F", eval("str(a b/),url_enc", c));
        assertEquals("\\\"q\\\"\\/", eval("str(\\\"q\\\"/),json", c));
        eval("str(mid),set-var(txn.m)", c);
        assertEquals("a-mid-z", eval("str(a),concat(-,txn.m,-z)", c));
        assertEquals("a,mid", eval("str(a),add_item(\",\",txn.m)", c));
        assertEquals("yes", eval("int(1),iif(yes,no)", c));
        assertEquals("bc", eval("str(abcd),bytes(1,2)", c));
    }

    @Test
    void conformanceDetails() throws Exception {
        TestContext c = ctx();
        assertNull(eval("path,field(9,/)", c), "a field that does not exist is no sample");
        assertEquals("-\\u00e0-", eval("str(-\u00c3\u00a0-),json(utf8)", c), "UTF-8 decoded, escaped");
        assertNull(eval("str(-\u00e0-),json(utf8)", c), "invalid UTF-8: no sample");
        assertEquals("--", eval("str(-\u00e0-),json(utf8s)", c), "utf8s skips invalid bytes");
        assertEquals("a b+c", eval("str(a+b%2Bc),url_dec(1)", c));
        assertEquals("a+b+c", eval("str(a+b%2Bc),url_dec", c));
        assertEquals("/a+b ?x=1 2+3", eval("str(/a+b%20?x=1+2%2B3),url_dec", c), "'+' is a space in the query only");
        assertEquals("", eval("str(),length", c).equals("0") ? "" : "x", "str() is the empty string");
        assertEquals("2591144780", eval("str(hello),crc32c", c));
        eval("str(a2V5),set-var(txn.k)", c);
        assertEquals(
                eval("str(x),hmac(sha256,txn.k),hex", c),
                eval("str(x),hmac(sha256,a2V5),hex", c),
                "a literal base64 key and a variable holding it agree");
    }

    @Test
    void hashesAndEncodings() throws Exception {
        TestContext c = ctx();
        assertEquals("2B", eval("str(+),hex", c));
        assertEquals("255", eval("str(ff),hex2i", c));
        assertEquals("aGVsbG8=", eval("str(hello),base64", c));
        assertEquals("hello", eval("str(aGVsbG8=),b64dec", c));
        assertEquals("907060870", eval("str(hello),crc32", c));
        assertEquals("AAF4C61DDCC5E8A2DABEDE0F3B482CD9AEA9434D", eval("str(hello),sha1,hex", c));
        assertEquals(
                "2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824", eval("str(hello),sha2,hex", c));
        assertEquals("5D41402ABC4B2A76B9719D911017C592", eval("str(hello),digest(md5),hex", c));
        // xxHash reference values for the empty input, seed 0
        assertEquals(Long.toString(0x02CC5D05L), eval("str(\"\"),xxh32", c));
        assertEquals(Long.toString(0xEF46DB3751D8E999L), eval("str(\"\"),xxh64", c));
        assertEquals(Long.toString(0x32D153FFL), eval("str(abc),xxh32", c));
        assertEquals(Long.toString(0x44BC2CF5AD770999L), eval("str(abc),xxh64", c));
        eval("str(a2V5),set-var(txn.key)", c); // base64 of "key"
        assertEquals(
                "F7BC83F430538424B13298E6AA6FB143EF4D59A14946175997479DBC2D1A3CD8",
                eval("str(The quick brown fox jumps over the lazy dog),hmac(sha256,txn.key),hex", c));
    }

    /** HAProxy's own vectors (reg-test sample_fetches/hashes): the 256 bytes 0x00..0xFF. */
    @Test
    void wt6AndXxh3OnAllByteValues() throws Exception {
        TestContext c = ctx();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 256; i++) {
            b.append(String.format("%02x", i));
        }
        String all = "bin(" + b + ")";
        assertEquals("0", eval(all + ",length", c), "bin to str stops at the first NUL, as HAProxy");
        assertEquals("255", eval(all + ",bytes(1),length", c));
        assertEquals("4090277559", eval(all + ",wt6", c));
        assertEquals("1192658767", eval(all + ",wt6(1)", c));
        assertEquals("-7779787747613135503", eval(all + ",xxh3", c));
        assertEquals("5930632130106562027", eval(all + ",xxh3(1)", c));
        assertEquals("2589693061", eval(all + ",djb2", c));
        assertEquals("905707648", eval(all + ",sdbm", c));
        assertEquals("4230317029", eval(all + ",crc32(1)", c));
        assertEquals("2242979626", eval(all + ",crc32c(1)", c));
        assertEquals("600622701", eval(all + ",djb2(1)", c));
        assertEquals("3103804144", eval(all + ",sdbm(1)", c));
    }

    @Test
    void jsonQuery() throws Exception {
        TestContext c = ctx();
        eval(
                "str('{\"iss\":\"k8s/sa\",\"n\":{\"a\":[1,-4.5e0,true]},\"my.key\":\"v\",\"d\":4.5,\"big\":1e7}'),set-var(txn.j)",
                c);
        assertEquals("k8s/sa", eval("var(txn.j),json_query('$.iss')", c));
        assertEquals("-4.5", eval("var(txn.j),json_query('$.n.a[1]')", c));
        assertEquals("-4", eval("var(txn.j),json_query('$.n.a[1]',int)", c));
        assertEquals("2", eval("var(txn.j),json_query('$.n.a[0]',int),add(1)", c));
        assertEquals("1", eval("var(txn.j),json_query('$.n.a[2]')", c));
        assertEquals("v", eval("var(txn.j),json_query('$.my\\.key')", c));
        assertEquals("1e+07", eval("var(txn.j),json_query('$.big')", c));
        assertNull(eval("var(txn.j),json_query('$.n')", c), "objects give no sample");
        assertNull(eval("var(txn.j),json_query('$.none')", c));
        assertNull(eval("str(not json),json_query('$.a')", c));
        assertEquals("3", eval("str('{\"a\":2}'),json_query('$.a',int),add(1)", c), "typed at run time");
        assertEquals("0.0001", JsonQuery.formatG(0.0001));
        assertEquals("1.23457e-05", JsonQuery.formatG(0.0000123456789));
        assertEquals("123457", JsonQuery.formatG(123456.7));
        assertEquals(
                "converter 'json_query': output type must be 'int', got 'str'", error("str(x),json_query('$.a',str)"));
    }

    @Test
    void setVarConditions() throws Exception {
        TestContext c = ctx();
        // ifnotexists: only the first one sets a txn variable
        eval("str(a),set-var(txn.x,ifnotexists)", c);
        eval("str(b),set-var(txn.x,ifnotexists)", c);
        assertEquals("a", eval("var(txn.x)", c));
        // ifexists always holds for proc variables (they exist from parsing on)
        eval("str(p),set-var(proc.p,ifexists)", c);
        assertEquals("p", eval("var(proc.p)", c));
        eval("str(q),set-var(sess.q,ifexists)", c);
        assertNull(eval("var(sess.q)", c));
        // ifempty / ifnotempty: scalars are never empty
        eval("str(),set-var(txn.x,ifnotempty)", c);
        assertEquals("a", eval("var(txn.x)", c));
        eval("str(),set-var(txn.x,ifempty)", c);
        assertEquals("", eval("var(txn.x)", c));
        eval("int(7),set-var(txn.x,ifempty)", c);
        assertEquals("", eval("var(txn.x)", c));
        // ifset / ifnotset follow unset-var
        eval("int(5),set-var(txn.n)", c);
        eval("str(x),unset-var(txn.n)", c);
        eval("int(6),set-var(txn.n,ifset)", c);
        assertNull(eval("var(txn.n)", c));
        eval("int(5),set-var(txn.n,ifnotset)", c);
        assertEquals("5", eval("var(txn.n)", c));
        // ifgt / iflt compare the variable to the input when both are integers
        eval("int(55),set-var(txn.n,ifgt)", c);
        assertEquals("5", eval("var(txn.n)", c));
        eval("int(2),set-var(txn.n,ifgt)", c);
        assertEquals("2", eval("var(txn.n)", c));
        eval("int(9),set-var(txn.n,iflt)", c);
        assertEquals("9", eval("var(txn.n)", c));
        eval("str(t),set-var(txn.n,iflt)", c); // a string input: the condition does not apply
        assertEquals("t", eval("var(txn.n)", c));
        // combined
        eval("int(1),set-var(txn.m,ifnotset,ifnotempty)", c);
        assertEquals("1", eval("var(txn.m)", c));
        assertEquals(
                "converter 'set-var': unknown set-var condition 'ifbig' (ifexists, ifnotexists, ifempty, ifnotempty,"
                        + " ifset, ifnotset, ifgt, iflt)",
                error("str(a),set-var(txn.x,ifbig)"));
    }

    @Test
    void arithmeticAndLogic() throws Exception {
        TestContext c = ctx();
        assertEquals("7", eval("int(5),add(2)", c));
        eval("int(10),set-var(txn.ten)", c);
        assertEquals("15", eval("int(5),add(txn.ten)", c));
        assertEquals("-5", eval("int(5),sub(txn.ten)", c));
        assertEquals("50", eval("int(5),mul(txn.ten)", c));
        assertEquals("2", eval("int(10),div(4)", c));
        assertEquals(Long.toString(Long.MAX_VALUE), eval("int(10),div(0)", c));
        assertEquals("1", eval("int(10),mod(3)", c));
        assertEquals("-3", eval("int(3),neg", c));
        assertEquals("-4", eval("int(3),cpl", c));
        assertEquals("2", eval("int(6),and(3)", c));
        assertEquals("7", eval("int(6),or(3)", c));
        assertEquals("5", eval("int(6),xor(3)", c));
        assertEquals("1", eval("int(3),odd", c));
        assertEquals("0", eval("int(3),even", c));
        assertEquals("0", eval("int(3),not", c));
        assertEquals("1", eval("int(3),bool", c));
        assertEquals("1", eval("int(3),ge(3)", c));
        assertEquals("0", eval("int(3),gt(3)", c));
        assertEquals("1", eval("hdr(x-num),eq(42)", c), "a string header casts to an integer");
        assertNull(eval("int(5),add(txn.missing)", c));
    }

    @Test
    void networkAndTime() throws Exception {
        TestContext c = ctx();
        assertEquals("192.168.0.0", eval("src,ipmask(16)", c));
        assertEquals("192.168.1.0", eval("src,ipmask(255.255.255.0)", c));
        assertEquals("2001:db8::", eval("ipv6(2001:db8::1234),ipmask(24,32)", c));
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", eval("date,http_date", c));
        assertEquals("Sun, 06 Nov 1994 08:49:47 GMT", eval("date,http_date(10)", c));
        assertEquals("1994-11-06 08:49:37", eval("date,utime(%Y-%m-%d %H:%M:%S)", c));
    }

    @Test
    void mapsWithDefaultsAndMatchKinds() throws Exception {
        TestContext c = ctx();
        assertEquals("be_www", eval("req.hdr(host),lower,map(/m/hosts.map)", c));
        assertEquals("fallback", eval("str(nope),map(/m/hosts.map,fallback)", c));
        assertNull(eval("str(nope),map(/m/hosts.map)", c));
        assertEquals("be_dom", eval("str(shop.example.com),map_dom(/m/hosts.map)", c));
        assertEquals("api", eval("str(/api/users),map_beg(/m/paths.map)", c));
        assertEquals("version", eval("str(/v2/x),map_reg(/m/paths.map)", c));
        assertEquals("ten-one", eval("str(10.1.2.3),map_ip(/m/nets.map)", c), "the most specific network");
        assertEquals("ten", eval("str(10.2.2.3),map_ip(/m/nets.map)", c));
        assertEquals("lan", eval("src,map_ip(/m/nets.map,none)", c));
        MapFile m = ENV.maps().find("/m/hosts.map");
        m.set("www.example.com", "be_new");
        assertEquals("be_new", eval("req.hdr(host),lower,map(/m/hosts.map)", c), "runtime edits take effect");
        m.add("new.example.com", "be_added");
        assertEquals("be_added", eval("str(new.example.com),map(/m/hosts.map)", c));
        m.delete("new.example.com");
        assertNull(eval("str(new.example.com),map(/m/hosts.map)", c));
        assertEquals("5", eval("str(x),map_str_int(/m/hosts.map,5)", c));
    }

    @Test
    void errorsNameTheKeywordArgumentOrPhase() {
        assertEquals("unknown fetch method 'pth' (did you mean 'path'?)", error("pth"));
        assertEquals("unknown converter 'lowr' (did you mean 'lower'?)", error("path,lowr"));
        assertEquals("converter 'add' expects 1 argument(s), got 0", error("int(1),add"));
        assertEquals(
                "converter 'ipmask' cannot be applied: it takes addr but 'always_true' gives bool",
                error("always_true,ipmask(8)"));
        assertEquals(
                "converter 'map': cannot read map file '/m/missing.map': /m/missing.map (No such file or directory)",
                error("path,map(/m/missing.map)"));
        assertTrue(error("path,regsub([,x)").startsWith("converter 'regsub': invalid regex '['"));
        assertEquals(
                "fetch 'var': unknown variable scope 'foo' in 'foo.bar' (expected proc, sess, txn, req or res)",
                error("var(foo.bar)"));
        assertEquals("fetch 'nbsrv': no such backend 'nope'", error("nbsrv(nope)"));
        assertEquals("fetch 'http_auth': no such userlist 'users'", error("http_auth(users)"));
        assertEquals("missing closing ')' after arguments to 'hdr'", error("hdr(host"));
        SampleException e = assertThrows(
                SampleException.class,
                () -> SampleParser.compile("res.hdr(x)", ENV, Phase.HTTP_REQ, "http-request rules"));
        assertEquals(
                "fetch 'res.hdr' needs HTTP response headers, which do not exist in http-request rules",
                e.getMessage());
        e = assertThrows(
                SampleException.class,
                () -> SampleParser.compile("path", ENV, Phase.TCP_CONNECTION, "tcp-request connection rules"));
        assertEquals(
                "fetch 'path' needs HTTP request headers, which do not exist in tcp-request connection rules",
                e.getMessage());
    }

    private static String error(String text) {
        return assertThrows(SampleException.class, () -> expr(text)).getMessage();
    }
}
