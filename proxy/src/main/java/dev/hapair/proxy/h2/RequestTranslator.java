package dev.hapair.proxy.h2;

import dev.hapair.proxy.h1.HeadLayout;
import dev.hapair.proxy.h1.Targets;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.Map;
import java.util.Set;

/**
 * Turns the header block that opens a stream into an HTTP/1.1 request head, checking what RFC 9113 section
 * 8 requires of a request first, since the HTTP/1 engine can only re-check what survives the translation:
 *
 * <ul>
 *   <li>pseudo-headers: exactly one each of {@code :method}, {@code :scheme}, {@code :path}, at most one
 *       {@code :authority}, all before the regular fields, no other; {@code :protocol} only on a CONNECT
 *       (extended CONNECT, RFC 8441); a plain CONNECT must have {@code :authority} and neither {@code :scheme} nor
 *       {@code :path} (section 8.5), and is then refused with 501 (no tunnels over HTTP/2 here);
 *   <li>a method that is not a token and a scheme that is not a scheme are answered 400 (as HAProxy does);
 *       a path that is neither origin-form nor {@code *} (OPTIONS only), or holds a space or a control
 *       character or a {@code #}, resets the stream;
 *   <li>field names must be lowercase tokens and values free of NUL, CR and LF (they would split the HTTP/1
 *       head: that is the HTTP/2 desync attack); connection-specific fields ({@code connection},
 *       {@code keep-alive}, {@code proxy-connection}, {@code transfer-encoding}, {@code upgrade}) and a
 *       {@code te} other than {@code trailers} make the request malformed (section 8.2.2);
 *   <li>{@code :authority} becomes {@code Host} and any {@code host} field is then dropped (the desync
 *       defence: the two cannot disagree downstream); {@code cookie} crumbs are joined with {@code "; "}
 *       (section 8.2.3); values lose leading and trailing blanks, as HTTP/1 parsing would;
 *   <li>{@code content-length} values must be digits and agree; without one, a request with a body is sent
 *       chunked.
 * </ul>
 */
public final class RequestTranslator {

    private RequestTranslator() {}

    /**
     * The translated head, where its parts are in it ({@code layout}: the HTTP/1 engine takes the head from it without
     * searching the bytes again, {@link dev.hapair.proxy.h1.HeadParser#parseLaidOut}), and how the DATA frames that
     * follow are re-framed.
     */
    public record Request(
            byte[] head, HeadLayout layout, RequestBody body, String method, String path, String authority) {
        /** An extended CONNECT (RFC 8441): sent as an HTTP/1.1 upgrade, its 101 answered with a 200. */
        public boolean upgrade() {
            return body.tunnels();
        }
    }

    private static final Set<String> CONNECTION_SPECIFIC =
            Set.of("connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade");

    /**
     * @param endStream the HEADERS frame ended the stream: the request has no body
     * @throws StreamRefused when the request is malformed (reset) or answered locally
     */
    public static Request translate(Http2Headers headers, boolean endStream) throws StreamRefused {
        String method = null;
        String scheme = null;
        String path = null;
        String authority = null;
        String protocol = null;
        boolean websocketKey = false;
        boolean regularSeen = false;
        Latin1 fields = new Latin1(FIELDS_SCRATCH.get());
        HeadLayout fieldsLayout = FIELDS_LAYOUT.get();
        fieldsLayout.clear();
        StringBuilder cookie = null;
        String host = null;
        long contentLength = -1;
        for (Map.Entry<CharSequence, CharSequence> e : headers) {
            CharSequence name = e.getKey();
            CharSequence value = e.getValue();
            if (!Tokens.isSafeValue(value)) throw StreamRefused.malformed("NUL, CR or LF in the value of " + name);
            if (name.length() > 0 && name.charAt(0) == ':') {
                if (regularSeen) throw StreamRefused.malformed("pseudo-header " + name + " after a regular field");
                String n = name.toString();
                String v = value.toString();
                switch (n) {
                    case ":method" -> method = once(method, n, v);
                    case ":scheme" -> scheme = once(scheme, n, v);
                    case ":path" -> path = once(path, n, v);
                    case ":authority" -> authority = once(authority, n, v);
                    case ":protocol" -> protocol = once(protocol, n, v);
                    default -> throw StreamRefused.malformed("unknown pseudo-header " + n);
                }
                continue;
            }
            regularSeen = true;
            if (!Tokens.isLowerToken(name)) throw StreamRefused.malformed("invalid field name '" + name + "'");
            String n = name.toString();
            if (CONNECTION_SPECIFIC.contains(n)) throw StreamRefused.malformed("connection-specific field " + n);
            CharSequence v = Tokens.trimOwsView(value); // a string only where one is needed
            if (n.equals("sec-websocket-key")) websocketKey = true;
            switch (n) {
                case "te" -> {
                    if (!v.toString().equalsIgnoreCase("trailers"))
                        throw StreamRefused.malformed("te other than trailers");
                }
                case "cookie" -> {
                    cookie = cookie == null
                            ? new StringBuilder(v)
                            : cookie.append("; ").append(v);
                    continue;
                }
                case "host" -> {
                    host = host == null ? v.toString() : host;
                    continue;
                }
                case "content-length" -> contentLength = contentLength(contentLength, v.toString());
                default -> {}
            }
            fields.field(name, v, fieldsLayout);
        }
        if (method == null) throw StreamRefused.malformed("no :method");
        if (!Tokens.isToken(method)) throw StreamRefused.answered(400, "invalid :method");
        if (protocol != null) {
            if (!method.equals("CONNECT")) throw StreamRefused.malformed(":protocol without CONNECT");
            if (!Tokens.isToken(protocol)) throw StreamRefused.malformed("invalid :protocol");
            method = "GET"; // RFC 8441 extended CONNECT: an HTTP/1.1 upgrade for the engine and the server
        } else if (method.equals("CONNECT")) {
            // RFC 9113 8.5: a CONNECT names :authority and neither :scheme nor :path, else it is malformed (reset,
            // as HAProxy resets it); a well-formed one is refused as a request we do not serve
            if (authority == null || scheme != null || path != null)
                throw StreamRefused.malformed("CONNECT with :scheme or :path, or without :authority");
            throw StreamRefused.answered(501, "CONNECT over HTTP/2 is not supported");
        }
        if (scheme == null) throw StreamRefused.malformed("no :scheme");
        if (!Tokens.isScheme(scheme)) throw StreamRefused.answered(400, "invalid :scheme");
        if (path == null || path.isEmpty()) throw StreamRefused.malformed("no :path");
        // a fragment is no part of a request target (RFC 9113 8.3.1: path and query only)
        if (!Tokens.isVisibleAscii(path) || path.indexOf('#') >= 0)
            throw StreamRefused.malformed("invalid character in :path");
        if (path.charAt(0) != '/' && !(path.equals("*") && method.equals("OPTIONS")))
            throw StreamRefused.malformed(":path is not origin-form");
        if (authority != null) {
            if (authority.isEmpty()
                    || !Tokens.isVisibleAscii(authority)
                    || authority.indexOf('@') >= 0
                    || authority.indexOf('/') >= 0
                    || authority.indexOf('?') >= 0
                    || authority.indexOf('#') >= 0) throw StreamRefused.malformed("invalid :authority");
            authority = Targets.withoutDefaultPort(scheme, authority); // RFC 3986 6.2.3, as HAProxy normalises
            host = authority; // section 8.3.1: the host field is ignored when :authority is present
        }
        RequestBody body;
        if (protocol != null) {
            body = RequestBody.tunnel();
        } else if (endStream) {
            if (contentLength > 0) throw StreamRefused.malformed("content-length but no DATA");
            body = RequestBody.none();
        } else if (contentLength >= 0) {
            body = RequestBody.length(contentLength);
        } else {
            body = RequestBody.chunked();
        }
        Latin1 head = new Latin1(HEAD_SCRATCH.get());
        HeadLayout layout = new HeadLayout(fieldsLayout.fieldCount() + 3).entries(headers.size());
        // with an authority the target is absolute, as HAProxy builds it (what url and the logs show); it goes to
        // HTTP/1.1 servers in origin form. Its parts go into the head as they are (no string of the whole target)
        head.append(method).append(SP);
        int uriStart = head.n;
        if (authority != null && path.charAt(0) == '/') {
            head.append(scheme.toLowerCase(java.util.Locale.ROOT))
                    .append(SCHEME_END)
                    .append(authority);
            layout.absolutePathAt(head.n);
        }
        head.append(path);
        layout.startLine(method.length(), uriStart, head.n);
        head.append(HTTP11);
        if (host != null) head.field(HOST, host, layout);
        if (protocol != null) {
            head.field(CONNECTION, UPGRADE, layout);
            head.field(UPGRADE, protocol, layout);
            if (protocol.equalsIgnoreCase("websocket") && !websocketKey) {
                // HTTP/2 websockets have no key (RFC 8441); HTTP/1.1 needs one, as HAProxy generates it
                head.field(WEBSOCKET_KEY, WebSocketHandshake.newKey(), layout);
            }
        }
        layout.fields(fieldsLayout, head.n);
        head.append(fields);
        if (cookie != null) head.field(COOKIE, cookie, layout);
        if (body.chunkedOnWire()) head.field(TRANSFER_ENCODING, CHUNKED, layout);
        head.append(CRLF);
        return new Request(head.bytes(), layout, body, method, path, authority);
    }

    private static final String SP = " ",
            COLON_SP = ": ",
            CRLF = "\r\n",
            HTTP11 = " HTTP/1.1\r\n",
            HOST = "host",
            CONNECTION = "connection",
            UPGRADE = "upgrade",
            WEBSOCKET_KEY = "sec-websocket-key",
            COOKIE = "cookie",
            TRANSFER_ENCODING = "transfer-encoding",
            CHUNKED = "chunked",
            SCHEME_END = "://";

    /** Where the regular fields are in {@link #FIELDS_SCRATCH}, per thread (cleared for each head). */
    private static final io.netty.util.concurrent.FastThreadLocal<HeadLayout> FIELDS_LAYOUT =
            new io.netty.util.concurrent.FastThreadLocal<>() {
                @Override
                protected HeadLayout initialValue() {
                    return new HeadLayout(16);
                }
            };

    /**
     * The head's bytes, built directly (one char per byte: names are tokens, values were checked free of
     * CR/LF/NUL and HPACK gives octets): no intermediate strings for the fields, one exact copy at the end.
     */
    private static final io.netty.util.concurrent.FastThreadLocal<byte[]> FIELDS_SCRATCH = scratch(),
            HEAD_SCRATCH = scratch();

    private static io.netty.util.concurrent.FastThreadLocal<byte[]> scratch() {
        return new io.netty.util.concurrent.FastThreadLocal<>() {
            @Override
            protected byte[] initialValue() {
                return new byte[4096]; // a larger head grows into an array of its own
            }
        };
    }

    private static final class Latin1 {
        private byte[] a;
        private int n;

        /** Starts in {@code scratch} (a per-thread array, reused: only {@link #bytes} leaves the builder). */
        Latin1(byte[] scratch) {
            a = scratch;
        }

        Latin1 append(CharSequence s) {
            int len = s.length();
            if (n + len > a.length) a = java.util.Arrays.copyOf(a, Math.max(a.length * 2, n + len));
            if (s instanceof io.netty.util.AsciiString as) {
                System.arraycopy(as.array(), as.arrayOffset(), a, n, len);
            } else {
                for (int i = 0; i < len; i++) a[n + i] = (byte) s.charAt(i);
            }
            n += len;
            return this;
        }

        /** A field's line, {@code name: value} CRLF, and where it is in {@code layout}. */
        Latin1 field(CharSequence name, CharSequence value, HeadLayout layout) {
            int ns = n;
            append(name);
            int ne = n;
            append(COLON_SP).append(value);
            layout.field(ns, ne, n);
            return append(CRLF);
        }

        Latin1 append(Latin1 other) {
            if (n + other.n > a.length) a = java.util.Arrays.copyOf(a, Math.max(a.length * 2, n + other.n));
            System.arraycopy(other.a, 0, a, n, other.n);
            n += other.n;
            return this;
        }

        byte[] bytes() {
            return java.util.Arrays.copyOf(a, n);
        }
    }

    private static String once(String previous, String name, String value) throws StreamRefused {
        if (previous != null) throw StreamRefused.malformed("repeated " + name);
        return value;
    }

    static long contentLength(long previous, String v) throws StreamRefused {
        long n = 0;
        if (v.isEmpty() || v.length() > 18) throw StreamRefused.malformed("invalid content-length");
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') throw StreamRefused.malformed("invalid content-length");
            n = n * 10 + (c - '0');
        }
        if (previous >= 0 && previous != n) throw StreamRefused.malformed("conflicting content-length");
        return n;
    }
}
