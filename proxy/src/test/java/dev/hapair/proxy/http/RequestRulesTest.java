package dev.hapair.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hapair.proxy.backend.RequestInfo;
import dev.hapair.proxy.h1.HeadParser;
import dev.hapair.proxy.h1.RequestHead;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestRulesTest {
    private static RequestHead request(String uri) {
        try {
            return HeadParser.requestOf("GET " + uri + " HTTP/1.1\r\nHost: example.com\r\nX-Old: 1\r\nX-Multi: a\r\nX-Multi: b\r\n\r\n");
        } catch (dev.hapair.proxy.h1.H1Exception e) {
            throw new AssertionError(e);
        }
    }

    private static RequestInfo info(RequestHead r) {
        return RequestInfo.http(new InetSocketAddress("10.0.0.1", 5555), new InetSocketAddress("10.0.0.2", 80), r);
    }

    @Test
    void headerEditsApplyInOrderAndConditionsSeeEarlierEdits() {
        RequestHead r = request("/a");
        List<HttpRequestRule> rules = List.of(
            new HttpRequestRule.SetHeader("X-Multi", "one", x -> true),
            new HttpRequestRule.AddHeader("X-Added", "v", x -> true),
            HttpRequestRule.DelHeader.exactly("X-Old", x -> true),
            new HttpRequestRule.AddHeader("X-Seen", "yes", x -> "v".equals(x.header("X-Added"))),
            new HttpRequestRule.AddHeader("X-Never", "no", x -> false));
        assertNull(RequestRules.apply(rules, r, info(r), ByteBufAllocator.DEFAULT));
        assertEquals(List.of("one"), r.headers("X-Multi"));
        assertEquals("v", r.header("X-Added"));
        assertNull(r.header("X-Old"));
        assertEquals("yes", r.header("X-Seen"));
        assertNull(r.header("X-Never"));
    }

    @Test
    void denyAnswers403AndStopsEvaluation() {
        RequestHead r = request("/admin");
        List<HttpRequestRule> rules = List.of(
            new HttpRequestRule.Deny(403, x -> x.path().startsWith("/admin")),
            new HttpRequestRule.AddHeader("X-After", "1", x -> true));
        FullHttpResponse resp = RequestRules.apply(rules, r, info(r), ByteBufAllocator.DEFAULT);
        try {
            assertEquals(403, resp.status().code());
            assertEquals(ErrorPages.bodyOf(403).length(), resp.content().readableBytes());
            assertNull(r.header("X-After"));
        } finally {
            resp.release();
        }
    }

    @Test
    void allowStopsEvaluationWithoutAnswer() {
        RequestHead r = request("/x");
        assertNull(RequestRules.apply(List.of(new HttpRequestRule.Allow(x -> true),
            new HttpRequestRule.Deny(403, x -> true)), r, info(r), ByteBufAllocator.DEFAULT));
    }

    @Test
    void redirectKinds() {
        RequestHead r = request("/p?q=1");
        FullHttpResponse loc = RequestRules.apply(List.of(new HttpRequestRule.Redirect("location", "https://x/", 301, x -> true)),
            r, info(r), ByteBufAllocator.DEFAULT);
        assertEquals(301, loc.status().code());
        assertEquals("https://x/", loc.headers().get("Location"));
        FullHttpResponse pre = RequestRules.apply(List.of(new HttpRequestRule.Redirect("prefix", "https://new/", 0, x -> true)),
            r, info(r), ByteBufAllocator.DEFAULT);
        assertEquals(302, pre.status().code());
        assertEquals("https://new/p?q=1", pre.headers().get("Location"));
        FullHttpResponse sch = RequestRules.apply(List.of(new HttpRequestRule.Redirect("scheme", "https", 0, x -> true)),
            r, info(r), ByteBufAllocator.DEFAULT);
        assertEquals("https://example.com/p?q=1", sch.headers().get("Location"));
        loc.release();
        pre.release();
        sch.release();
    }
}
