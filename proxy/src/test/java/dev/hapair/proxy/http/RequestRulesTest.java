package dev.hapair.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hapair.proxy.backend.RequestInfo;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestRulesTest {
    private static HttpRequest request(String uri) {
        HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        r.headers().add("Host", "example.com");
        r.headers().add("X-Old", "1");
        r.headers().add("X-Multi", "a");
        r.headers().add("X-Multi", "b");
        return r;
    }

    private static RequestInfo info(HttpRequest r) {
        return RequestInfo.http(new InetSocketAddress("10.0.0.1", 5555), new InetSocketAddress("10.0.0.2", 80), r);
    }

    @Test
    void headerEditsApplyInOrderAndConditionsSeeEarlierEdits() {
        HttpRequest r = request("/a");
        List<HttpRequestRule> rules = List.of(
            new HttpRequestRule.SetHeader("X-Multi", "one", x -> true),
            new HttpRequestRule.AddHeader("X-Added", "v", x -> true),
            HttpRequestRule.DelHeader.exactly("X-Old", x -> true),
            new HttpRequestRule.AddHeader("X-Seen", "yes", x -> "v".equals(x.header("X-Added"))),
            new HttpRequestRule.AddHeader("X-Never", "no", x -> false));
        assertNull(RequestRules.apply(rules, r, info(r), ByteBufAllocator.DEFAULT));
        assertEquals(List.of("one"), r.headers().getAll("X-Multi"));
        assertEquals("v", r.headers().get("X-Added"));
        assertNull(r.headers().get("X-Old"));
        assertEquals("yes", r.headers().get("X-Seen"));
        assertNull(r.headers().get("X-Never"));
    }

    @Test
    void denyAnswers403AndStopsEvaluation() {
        HttpRequest r = request("/admin");
        List<HttpRequestRule> rules = List.of(
            new HttpRequestRule.Deny(403, x -> x.path().startsWith("/admin")),
            new HttpRequestRule.AddHeader("X-After", "1", x -> true));
        FullHttpResponse resp = RequestRules.apply(rules, r, info(r), ByteBufAllocator.DEFAULT);
        try {
            assertEquals(403, resp.status().code());
            assertEquals(ErrorPages.bodyOf(403).length(), resp.content().readableBytes());
            assertNull(r.headers().get("X-After"));
        } finally {
            resp.release();
        }
    }

    @Test
    void allowStopsEvaluationWithoutAnswer() {
        HttpRequest r = request("/x");
        assertNull(RequestRules.apply(List.of(new HttpRequestRule.Allow(x -> true),
            new HttpRequestRule.Deny(403, x -> true)), r, info(r), ByteBufAllocator.DEFAULT));
    }

    @Test
    void redirectKinds() {
        HttpRequest r = request("/p?q=1");
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
