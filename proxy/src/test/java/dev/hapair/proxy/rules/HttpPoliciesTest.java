package dev.hapair.proxy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.hapair.proxy.h1.RequestHead;
import dev.hapair.proxy.http.HttpTxn;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-proxy HTTP policies applied around the rule lists, without sockets. */
class HttpPoliciesTest {

    private static ProxyRules fe(String lines) throws RuleException {
        return Rules.compile(
                Rules.HEAD + "frontend f\n  bind :80\n" + lines
                        + "  default_backend b\nbackend b\n  server s 127.0.0.1:8080\n",
                "f");
    }

    private static RequestHead withOddNames() {
        return Rules.request("GET", "/", "Host", "h", "X-my_hdr", "on", "X-Ok-1", "k", "x.dot", "d");
    }

    @Test
    void restrictReqHdrNamesPreserveKeepsEveryHeader() throws Exception {
        ProxyRules r = fe("");
        RequestHead req = withOddNames();
        assertSame(Outcome.CONTINUE, r.restrictHeaderNames(Rules.txn(r, req).requestHead(), Rules.txn(r, req)));
        assertEquals("on", req.header("X-my_hdr"));
    }

    @Test
    void restrictReqHdrNamesDeleteRemovesNamesOutsideTheCharset() throws Exception {
        ProxyRules r = fe("  option http-restrict-req-hdr-names delete\n");
        RequestHead req = withOddNames();
        HttpTxn t = Rules.txn(r, req);
        assertSame(Outcome.CONTINUE, r.restrictHeaderNames(t.requestHead(), t));
        assertEquals(List.of(), req.headers("X-my_hdr"));
        assertEquals(List.of(), req.headers("x.dot"));
        assertEquals("k", req.header("X-Ok-1"));
        assertEquals("h", req.header("Host"));
    }

    @Test
    void restrictReqHdrNamesRejectAnswers403WithTheProxysErrorFile() throws Exception {
        ProxyRules r = fe(
                "  option http-restrict-req-hdr-names reject\n  http-error status 403 content-type text/plain string nope\n");
        HttpTxn t = Rules.txn(r, withOddNames());
        Outcome o = r.restrictHeaderNames(t.requestHead(), t);
        assertEquals(Outcome.Kind.REPLY, o.kind());
        assertEquals(403, o.reply().status());
        assertEquals("nope", new String(o.reply().body(), java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(true, o.denied(), "counted as a denied request");
        RequestHead clean = Rules.request("GET", "/", "Host", "h", "X-Ok", "1");
        HttpTxn t2 = Rules.txn(r, clean);
        assertSame(Outcome.CONTINUE, r.restrictHeaderNames(t2.requestHead(), t2));
    }
}
