package dev.hapair.proxy.http;

import dev.hapair.proxy.backend.RequestInfo;
import dev.hapair.proxy.backend.RequestRule;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import dev.hapair.proxy.h1.RequestHead;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;

/** Runs {@code http-request} rules in order: header edits apply in place, deny/redirect stop with a response. */
public final class RequestRules {
    private RequestRules() {}

    /**
     * Applies {@code rules} to {@code request}; returns the response that ends the request (deny,
     * redirect) or null to go on.
     */
    public static FullHttpResponse apply(List<? extends RequestRule> rules, RequestHead request, RequestInfo info,
                                         ByteBufAllocator alloc) {
        for (RequestRule r : rules) {
            if (!(r instanceof HttpRequestRule rule) || !rule.condition().test(info)) continue;
            if (rule instanceof HttpRequestRule.Allow) {
                return null;
            } else if (rule instanceof HttpRequestRule.SetHeader s) {
                request.setHeader(s.name(), s.value());
            } else if (rule instanceof HttpRequestRule.AddHeader a) {
                request.addHeader(a.name(), a.value());
            } else if (rule instanceof HttpRequestRule.DelHeader d) {
                for (int i = 0; i < request.fieldCount(); i++) {
                    if (!request.isDeleted(i) && d.names().test(request.fieldName(i).toLowerCase(java.util.Locale.ROOT))) {
                        request.delete(i);
                    }
                }
            } else if (rule instanceof HttpRequestRule.Auth a) {
                return ErrorPages.unauthorized(alloc, a.realm(), false);
            } else if (rule instanceof HttpRequestRule.Deny d) {
                if (d.status() == 403) return ErrorPages.response(alloc, 403, false);
                return ErrorPages.response(alloc, d.status(), false);
            } else if (rule instanceof HttpRequestRule.Redirect rd) {
                return redirect(rd, request);
            }
        }
        return null;
    }

    static FullHttpResponse redirect(HttpRequestRule.Redirect rd, RequestHead request) {
        String location = switch (rd.kind()) {
            case "prefix" -> stripSlash(rd.target()) + request.uri();
            case "scheme" -> rd.target() + "://" + hostOf(request) + request.uri();
            default -> rd.target();
        };
        int code = rd.code() == 0 ? 302 : rd.code();
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(code),
            Unpooled.EMPTY_BUFFER);
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        r.headers().set(HttpHeaderNames.LOCATION, location);
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        return r;
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String hostOf(RequestHead r) {
        String h = r.header("host");
        return h == null ? "" : h;
    }
}
