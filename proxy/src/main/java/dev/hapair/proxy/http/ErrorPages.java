package dev.hapair.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * HAProxy's built-in error responses, same status lines and bodies, so clients and monitoring that
 * match on them see no difference.
 */
public final class ErrorPages {
    private ErrorPages() {}

    private static String body(int code, String reason, String text) {
        return "<html><body><h1>" + code + " " + reason + "</h1>\n" + text + "\n</body></html>\n";
    }

    /** Body text of the page for {@code code} (400, 401, 403, 408, 502, 503, 504). */
    public static String bodyOf(int code) {
        return switch (code) {
            case 400 -> body(400, "Bad request", "Your browser sent an invalid request.");
            case 401 -> body(401, "Unauthorized", "You need a valid user and password to access this content.");
            case 403 -> body(403, "Forbidden", "Request forbidden by administrative rules.");
            case 408 -> body(408, "Request Time-out", "Your browser didn't send a complete request in time.");
            case 502 -> body(502, "Bad Gateway", "The server returned an invalid or incomplete response.");
            case 503 -> body(503, "Service Unavailable", "No server is available to handle this request.");
            case 504 -> body(504, "Gateway Time-out", "The server didn't respond in time.");
            default -> throw new IllegalArgumentException("no error page for " + code);
        };
    }

    private static HttpResponseStatus status(int code) {
        return switch (code) {
            case 400 -> new HttpResponseStatus(400, "Bad request");
            case 408 -> new HttpResponseStatus(408, "Request Time-out");
            case 504 -> new HttpResponseStatus(504, "Gateway Time-out");
            default -> HttpResponseStatus.valueOf(code);
        };
    }

    /** A fresh response for {@code code}; {@code close} adds {@code Connection: close}. */
    public static FullHttpResponse response(ByteBufAllocator alloc, int code, boolean close) {
        byte[] bytes = bodyOf(code).getBytes(StandardCharsets.US_ASCII);
        ByteBuf buf = alloc.buffer(bytes.length).writeBytes(bytes);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status(code), buf);
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        if (close) r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html");
        return r;
    }

    /** HAProxy's 401 page asking for HTTP Basic credentials of {@code realm} (quotes removed). */
    public static FullHttpResponse unauthorized(ByteBufAllocator alloc, String realm, boolean close) {
        FullHttpResponse r = response(alloc, 401, close);
        r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"" + realm.replace("\"", "") + "\"");
        return r;
    }
}
