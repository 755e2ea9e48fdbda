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

    /** Status codes HAProxy has a built-in page for. */
    public static final java.util.List<Integer> CODES =
            java.util.List.of(200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 422, 425, 429, 500, 501, 502, 503, 504);

    /** Reason phrase of HAProxy's built-in page for {@code code}. */
    public static String reasonOf(int code) {
        return switch (code) {
            case 200 -> "OK";
            case 400 -> "Bad request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 407 -> "Unauthorized";
            case 408 -> "Request Time-out";
            case 410 -> "Gone";
            case 413 -> "Payload Too Large";
            case 422 -> "Unprocessable Content";
            case 425 -> "Too Early";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Time-out";
            default -> throw new IllegalArgumentException("no error page for " + code);
        };
    }

    /** Body text of the page for {@code code} (one of {@link #CODES}). */
    public static String bodyOf(int code) {
        return switch (code) {
            case 200 -> body(200, "OK", "Service ready.");
            case 401 -> body(401, "Unauthorized", "You need a valid user and password to access this content.");
            case 404 -> body(404, "Not Found", "The resource could not be found.");
            case 405 -> body(
                    405,
                    "Method Not Allowed",
                    "A request was made of a resource using a request method not supported by that resource");
            case 407 -> body(407, "Unauthorized", "You need a valid user and password to access this content.");
            case 410 -> body(410, "Gone", "The resource is no longer available and will not be available again.");
            case 413 -> body(413, "Payload Too Large", "The request entity exceeds the maximum allowed.");
            case 422 -> body(422, "Unprocessable Content", "The server cannot process the contained instructions.");
            case 425 -> body(425, "Too Early", "Your browser sent early data.");
            case 429 -> body(429, "Too Many Requests", "You have sent too many requests in a given amount of time.");
            case 500 -> body(500, "Internal Server Error", "An internal server error occurred.");
            case 501 -> body(
                    501,
                    "Not Implemented",
                    ".The server does not support the functionality required to fulfill the request.");
            case 400 -> body(400, "Bad request", "Your browser sent an invalid request.");
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
