package dev.hapair.proxy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.proxy.http.ConnTxn;
import dev.hapair.proxy.http.H1Heads;
import dev.hapair.proxy.http.HttpTxn;
import dev.hapair.proxy.sample.TlsClientHello;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

/**
 * {@code tcp-request content} rules over buffered bytes: the content fetches, and HAProxy's rule that a
 * condition which may still change waits (MISS) until more bytes come or the contents are final.
 */
class ContentInspectionTest {

    private static final String TCP = "defaults\n  mode tcp\n  timeout connect 1s\n  timeout client 1s\n"
            + "  timeout server 1s\nfrontend f\n  bind :443\n  tcp-request inspect-delay 5s\n";

    /** A real ClientHello from the JDK's TLS client, with SNI and ALPN. */
    static byte[] clientHello(String sni, String... alpn) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, null, null);
        SSLEngine e = ctx.createSSLEngine(sni, 443);
        e.setUseClientMode(true);
        SSLParameters p = e.getSSLParameters();
        p.setServerNames(List.of(new SNIHostName(sni)));
        p.setApplicationProtocols(alpn);
        e.setSSLParameters(p);
        ByteBuffer out = ByteBuffer.allocate(e.getSession().getPacketBufferSize());
        e.beginHandshake();
        e.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] b = new byte[out.remaining()];
        out.get(b);
        return b;
    }

    private static ConnTxn txn(ProxyRules r) {
        return new ConnTxn(new InetSocketAddress("192.0.2.1", 1234), new InetSocketAddress("192.0.2.2", 443), r, "f");
    }

    private static ProxyRules rules(String lines) throws RuleException {
        return Rules.compile(TCP + lines + "  default_backend b\nbackend b\n  server s 127.0.0.1:443\n", "f");
    }

    @Test
    void clientHelloParsing() throws Exception {
        byte[] h = clientHello("A.Example.com", "h2", "http/1.1");
        TlsClientHello p = TlsClientHello.parse(h);
        assertEquals(TlsClientHello.Status.COMPLETE, p.status());
        assertEquals("A.Example.com", p.sni());
        assertEquals(List.of("h2", "http/1.1"), p.alpn());
        assertTrue(p.ecExtension());
        assertEquals(1, TlsClientHello.helloType(h));
        assertEquals(0x30001, TlsClientHello.version(h) & 0xFFFF0000 | 1, "an SSLv3+ record");
        for (int i = 0; i < h.length; i++) {
            assertEquals(
                    TlsClientHello.Status.TOO_SHORT,
                    TlsClientHello.parse(Arrays.copyOf(h, i)).status(),
                    "prefix of " + i + " bytes");
        }
        assertEquals(-1, TlsClientHello.helloType(Arrays.copyOf(h, 20)));
        assertEquals(
                TlsClientHello.Status.NOT_HELLO,
                TlsClientHello.parse("GET / HTTP/1.1\r\n".getBytes()).status());
        assertEquals(-2, TlsClientHello.helloType("GET / HTTP/1.1\r\n".getBytes()));
        assertEquals(-2, TlsClientHello.version("GET /".getBytes()));
        // SSLv2 ClientHello offering TLS 1.0: version 3.1
        assertEquals(0x30001, TlsClientHello.version(HexFormat.of().parseHex("802e0103010015")));
        // hostile: lengths pointing past the record never throw
        byte[] bad = h.clone();
        bad[bad.length - 1] ^= 0x7F;
        for (int i = 43; i < Math.min(bad.length, 120); i++) {
            byte[] x = h.clone();
            x[i] = (byte) 0xFF;
            TlsClientHello.parse(x);
        }
    }

    @Test
    void sniWaitsForTheWholeHelloThenRoutesOrFallsBack() throws Exception {
        ProxyRules r = rules("  tcp-request content accept if { req.ssl_hello_type 1 }\n"
                + "  tcp-request content set-var(sess.sni) req.ssl_sni,lower\n"
                + "  tcp-request content reject if { req.ssl_sni -i blocked.example }\n");
        byte[] h = clientHello("Api.Example");
        ConnTxn t = txn(r);
        t.requestContent(Arrays.copyOf(h, 30), false);
        assertNull(r.tcpContent().inspect(t), "partial hello: the first rule waits");
        t.requestContent(h, false);
        assertEquals(Outcome.Kind.STOP, r.tcpContent().inspect(t).kind(), "accepted once the hello is whole");
        // the delay expired on a partial hello: the rules run with what is there, nothing matches
        ConnTxn late = txn(r);
        late.requestContent(Arrays.copyOf(h, 30), true);
        assertEquals(Outcome.Kind.CONTINUE, r.tcpContent().inspect(late).kind());
        assertNull(late.vars().get(dev.hapair.proxy.sample.VarRef.parse("sess.sni")));
    }

    @Test
    void negationOfAnUndecidedConditionStillWaits() throws Exception {
        ProxyRules r = rules("  tcp-request content reject unless { req.ssl_hello_type 1 }\n");
        byte[] h = clientHello("a.example");
        ConnTxn t = txn(r);
        t.requestContent(Arrays.copyOf(h, 10), false);
        assertNull(r.tcpContent().inspect(t), "'unless' of a MISS is a MISS, not a reject");
        t.requestContent(h, false);
        assertEquals(Outcome.Kind.CONTINUE, r.tcpContent().inspect(t).kind());
        t.requestContent("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII), false);
        assertEquals(Outcome.Kind.REJECT, r.tcpContent().inspect(t).kind(), "not TLS at all: decided at once");
    }

    @Test
    void lengthPayloadAndWaitEnd() throws Exception {
        ProxyRules r = rules("  tcp-request content reject if { req.payload(0,4) -m bin 47455420 }\n"
                + "  tcp-request content accept if { req.len ge 8 }\n"
                + "  tcp-request content reject if WAIT_END\n");
        ConnTxn t = txn(r);
        t.requestContent("GE".getBytes(), false);
        assertNull(r.tcpContent().inspect(t));
        t.requestContent("GET /".getBytes(), false);
        assertEquals(Outcome.Kind.REJECT, r.tcpContent().inspect(t).kind());
        t.requestContent("SSH-2".getBytes(), false);
        assertNull(r.tcpContent().inspect(t), "req.len ge 8 may still become true");
        t.requestContent("SSH-2.0-x".getBytes(), false);
        assertEquals(Outcome.Kind.STOP, r.tcpContent().inspect(t).kind());
        t.requestContent("SSH".getBytes(), true);
        assertEquals(Outcome.Kind.REJECT, r.tcpContent().inspect(t).kind(), "WAIT_END once final");
    }

    @Test
    void payloadLvAndReqLenZeroAtStart() throws Exception {
        ProxyRules r = rules("  tcp-request content set-var(sess.lv) req.payload_lv(1,2),hex\n"
                + "  tcp-request content set-var(sess.rel) req.payload_lv(0,1,+1),hex\n"
                + "  tcp-request content reject if { req.len 0 }\n");
        ConnTxn t = txn(r);
        t.requestContent(new byte[0], false);
        assertEquals(Outcome.Kind.REJECT, r.tcpContent().inspect(t).kind(), "{ req.len 0 } matches at once");
        t.requestContent(HexFormat.of().parseHex("0200030a0b0c0d"), false);
        assertNull(r.tcpContent().inspect(t), "{ req.len 0 } cannot fail while the buffer may change");
        t.requestContent(HexFormat.of().parseHex("0200030a0b0c0d"), true);
        assertEquals(Outcome.Kind.CONTINUE, r.tcpContent().inspect(t).kind());
        assertEquals(
                "0A0B0C",
                t.vars().get(dev.hapair.proxy.sample.VarRef.parse("sess.lv")).toText());
        assertEquals(
                "030A",
                t.vars().get(dev.hapair.proxy.sample.VarRef.parse("sess.rel")).toText());
    }

    /** req.proto_http (the predefined HTTP acl): waits for a complete head, then tells HTTP from the rest. */
    @Test
    void protoHttpWaitsForACompleteHead() throws Exception {
        ProxyRules r = rules("  tcp-request content reject if !HTTP\n  tcp-request content accept\n");
        ConnTxn t = txn(r);
        t.requestContent("GET / HTTP/1.1\r\nHost: a\r\n".getBytes(StandardCharsets.US_ASCII), false);
        assertNull(r.tcpContent().inspect(t), "the head may still be completed");
        t.requestContent("GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII), false);
        assertEquals(Outcome.Kind.STOP, r.tcpContent().inspect(t).kind());
        t.requestContent("\u0016\u0003\u0001 hello\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), false);
        assertEquals(Outcome.Kind.REJECT, r.tcpContent().inspect(t).kind(), "a complete head that is not HTTP");
        t.requestContent("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII), true);
        assertEquals(Outcome.Kind.REJECT, r.tcpContent().inspect(t).kind(), "never completed");
        assertEquals(
                List.of(),
                Rules.errors(Rules.HEAD + "frontend f\n  bind :80\n  http-request deny if !HTTP\n"
                        + "  tcp-request content reject if !{ req_proto_http }\n  http-response deny if !HTTP\n"
                        + "  default_backend b\nbackend b\n"
                        + "  server s 127.0.0.1:80\n"));
    }

    @Test
    void contentFetchesAreErrorsWhereNoBytesAreBuffered() {
        List<String> e = Rules.errors(Rules.HEAD + "frontend f\n  bind :80\n"
                + "  http-request deny if { req.ssl_sni a }\n  tcp-request content reject if { req.len 0 }\n"
                + "  tcp-request content reject if { req.payload(0,1) -m bin 00 }\n  default_backend b\n"
                + "backend b\n  server s 127.0.0.1:80\n");
        assertTrue(e.stream().anyMatch(x -> x.contains("t.cfg:8") && x.contains("request contents")), e.toString());
        assertTrue(e.stream().anyMatch(x -> x.contains("t.cfg:10") && x.contains("request contents")), e.toString());
        // req.len exists in HTTP proxies too (HAProxy's size of the parsed request)
        assertTrue(e.stream().noneMatch(x -> x.contains("t.cfg:9")), e.toString());
        List<String> bin = Rules.errors(TCP + "  tcp-request content reject if { req.payload(0,1),sha1 00 }\n");
        assertTrue(bin.stream().anyMatch(x -> x.contains("binary samples: name a match method")), bin.toString());
        List<String> rdp = Rules.errors(TCP + "  tcp-request content accept if RDP_COOKIE\n");
        assertTrue(rdp.stream().anyMatch(x -> x.contains("'RDP_COOKIE' is not supported")), rdp.toString());
    }

    @Test
    void tcpResponseRules() throws Exception {
        String cfg = "defaults\n  mode tcp\n  timeout connect 1s\n  timeout client 1s\n  timeout server 1s\n"
                + "backend b\n  tcp-response inspect-delay 2s\n"
                + "  tcp-response content close if { res.payload(0,0) -m sub bye }\n"
                + "  tcp-response content accept if { res.payload(0,4) -m bin 5353482d }\n"
                + "  tcp-response content reject if { res.len ge 4 }\n  server s 127.0.0.1:22\n";
        ProxyRules r = Rules.compile(cfg, "b");
        assertEquals(2000, r.responseInspectDelayMillis());
        ConnTxn t = txn(r);
        t.responseContent("SS".getBytes(), false);
        assertNull(r.tcpResponse().inspect(t));
        t.responseContent("SSH-2.0".getBytes(), false);
        assertNull(r.tcpResponse().inspect(t), "the 'sub bye' test may still match");
        t.responseContent("SSH-2.0".getBytes(), true);
        assertEquals(Outcome.Kind.STOP, r.tcpResponse().inspect(t).kind());
        t.responseContent("HTTP/1.0 200".getBytes(), true);
        assertEquals(Outcome.Kind.REJECT, r.tcpResponse().inspect(t).kind());
        t.responseContent("ok bye".getBytes(), false);
        assertEquals(Outcome.Kind.CLOSE, r.tcpResponse().inspect(t).kind());
        List<String> http = Rules.errors(Rules.HEAD + "backend b\n  tcp-response content reject if { res.len 0 }\n"
                + "  tcp-response content reject if { res.payload(0,1) -m bin 00 }\n  server s 127.0.0.1:80\n");
        assertEquals(1, http.size(), http.toString());
        assertTrue(http.get(0).contains("t.cfg:8") && http.get(0).contains("response contents"), http.toString());
        List<String> tcpBackend =
                Rules.errors(cfg.replace("tcp-response inspect-delay 2s", "tcp-request content accept"));
        assertTrue(
                tcpBackend.stream()
                        .anyMatch(x -> x.contains("t.cfg:7")
                                && x.contains("'tcp-request content' rules in a mode tcp backend are not supported")),
                tcpBackend.toString());
        List<String> req = Rules.errors(cfg.replace("res.len ge 4", "req.len ge 4"));
        assertTrue(req.stream().anyMatch(x -> x.contains("request contents")), req.toString());
    }

    /**
     * In an HTTP backend, tcp-response content rules see the parsed response (fetches of the response, what
     * HAProxy keeps of the request such as capture.req.uri, not the volatile path; variables, res.len), once,
     * as final; their verdict is the stream's last rule.
     */
    @Test
    void tcpResponseRulesInHttpBackends() throws Exception {
        ProxyRules r = Rules.compile(
                Rules.HEAD + "backend b\n  tcp-response inspect-delay 5s\n"
                        + "  tcp-response content reject unless WAIT_END\n"
                        + "  tcp-response content set-var(txn.st) status\n"
                        + "  tcp-response content reject if { capture.req.uri /no } { res.hdr(x-a) 1 }\n"
                        + "  tcp-response content close if { res.len gt 1000 }\n"
                        + "  tcp-response content accept\n  server s 127.0.0.1:80\n",
                "b");
        HttpTxn t = Rules.txn(r, Rules.request("GET", "/no"));
        t.response(H1Heads.response(Rules.response(200, "X-A", "1")));
        assertEquals(Outcome.Kind.REJECT, r.tcpResponse().run(t).kind());
        assertEquals(new SourceLocation("t.cfg", 10), t.lastRule());
        assertEquals(
                "200",
                t.vars().get(dev.hapair.proxy.sample.VarRef.parse("txn.st")).toText());
        HttpTxn ok = Rules.txn(r, Rules.request("GET", "/yes"));
        ok.response(H1Heads.response(Rules.response(200, "X-A", "1")));
        assertEquals(Outcome.Kind.STOP, r.tcpResponse().run(ok).kind());
        assertEquals(new SourceLocation("t.cfg", 12), ok.lastRule());
        HttpTxn big = Rules.txn(r, Rules.request("GET", "/yes"));
        big.response(H1Heads.response(Rules.response(200, "X-Big", "x".repeat(1000))));
        assertEquals(Outcome.Kind.CLOSE, r.tcpResponse().run(big).kind());
        // connection and session rules run before the stream exists: no last rule there
        ProxyRules f = Rules.compile(
                Rules.HEAD + "frontend f\n  bind :80\n  tcp-request connection accept\n"
                        + "  http-request deny if { path /d }\n  default_backend b\nbackend b\n  server s 127.0.0.1:80\n",
                "f");
        HttpTxn c = Rules.txn(f, Rules.request("GET", "/d"));
        assertEquals(Outcome.Kind.STOP, f.tcpConnection().run(c).kind());
        assertNull(c.lastRule());
        assertEquals(Outcome.Kind.REPLY, f.httpRequest().run(c).kind());
        assertEquals(new SourceLocation("t.cfg", 9), c.lastRule());
        // the fetches, as a log-format would use them
        ProxyRules lr = Rules.compile(
                Rules.HEAD + "backend b\n  tcp-response content accept\n"
                        + "  http-response set-header x-lr %[last_rule_file]:%[last_rule_line]\n"
                        + "  server s 127.0.0.1:80\n",
                "b");
        HttpTxn h = Rules.txn(lr, Rules.request("GET", "/"));
        h.response(H1Heads.response(Rules.response(200)));
        assertEquals(Outcome.Kind.STOP, lr.tcpResponse().run(h).kind());
        lr.httpResponse().run(h);
        assertEquals(List.of("t.cfg:7"), h.responseHead().headers("x-lr"));
    }

    @Test
    void useServerConfigErrors() {
        String be = "defaults\n  mode tcp\n  timeout connect 1s\n  timeout client 1s\n  timeout server 1s\n"
                + "backend b\n  server s1 127.0.0.1:1\n";
        List<String> unknown = Rules.errors(be + "  use-server s9 if { src 10.0.0.1 }\n");
        assertTrue(
                unknown.stream().anyMatch(x -> x.contains("t.cfg:8") && x.contains("unable to find server 's9'")),
                unknown.toString());
        List<String> noCond = Rules.errors(be + "  use-server s1\n");
        assertTrue(
                noCond.stream().anyMatch(x -> x.contains("t.cfg:8") && x.contains("expects 'if' or 'unless'")),
                noCond.toString());
        assertEquals(List.of(), Rules.errors(be + "  use-server %[str(s1)] if { src 10.0.0.1 }\n"));
    }
}
