package dev.hapair.proxy.h2;

import dev.hapair.proxy.h1.H1Exception;
import dev.hapair.proxy.h1.H1Limits;
import dev.hapair.proxy.h1.HeadParser;
import dev.hapair.proxy.h1.HeadScanner;
import dev.hapair.proxy.h1.RequestHead;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Turns the HTTP/1.1 request the engine writes toward an HTTP/2 server ({@code proto h2}) into the stream's
 * frames: HEADERS with {@code :method}, {@code :scheme} (an absolute target's, else https as HAProxy sends it,
 * TLS or not), {@code :authority} (from an
 * absolute target, else from {@code Host}, which is then not sent again) and {@code :path}, the fields minus the
 * connection-specific ones (RFC 9113 8.2.2: {@code connection} and the fields it names, {@code keep-alive},
 * {@code proxy-connection}, {@code transfer-encoding}, {@code upgrade}, a {@code te} other than trailers), then
 * DATA (a chunked body de-chunked, trailers as a last HEADERS), END_STREAM on the last frame.
 *
 * <p>{@code CONNECT} becomes a CONNECT stream ({@code :authority} only); an HTTP/1.1 upgrade ({@code
 * Connection: upgrade} + {@code Upgrade: X}) becomes RFC 8441's extended CONNECT with {@code :protocol X},
 * which needs the server's SETTINGS_ENABLE_CONNECT_PROTOCOL: without it the request is refused (502, as HAProxy
 * answers). After either, the bytes the engine relays are tunnel bytes, carried as DATA.
 */
public final class ServerRequestTranslator {

    /** What the head asked for, known once it was translated. */
    public enum Kind {
        /** An ordinary request. */
        PLAIN,
        /** CONNECT: the response's 2xx opens a tunnel. */
        CONNECT,
        /** An upgrade sent as extended CONNECT: the response's 2xx becomes a 101 and opens a tunnel. */
        UPGRADE
    }

    private final H1Limits limits;
    private final HeadScanner scanner;
    private ByteBuf in;
    private boolean headSeen;
    private boolean finished;
    private H1Body body;
    private Kind kind = Kind.PLAIN;
    private String method = "";
    private String protocol;
    private String websocketAccept;

    /** @param limits head limits of what the engine may write */
    public ServerRequestTranslator(H1Limits limits) {
        this.limits = limits;
        this.scanner = new HeadScanner(limits.maxHeadBytes(), true);
    }

    public Kind kind() {
        return kind;
    }

    public String method() {
        return method;
    }

    /** The upgrade's protocol ({@code :protocol}), or null. */
    public String protocol() {
        return protocol;
    }

    /** For a websocket upgrade with a key: the accept value the client expects in the 101, else null. */
    public String websocketAccept() {
        return websocketAccept;
    }

    /** The head went out. */
    public boolean headSent() {
        return headSeen;
    }

    /** The request ended (END_STREAM emitted). */
    public boolean done() {
        return finished;
    }

    /**
     * Consumes {@code bytes} (released here) and emits the frames they complete.
     *
     * @param extendedConnect the server announced SETTINGS_ENABLE_CONNECT_PROTOCOL = 1
     * @throws StreamRefused an upgrade the server cannot take (status 502)
     * @throws H1Exception   bytes the engine should never have written
     */
    public void write(ByteBuf bytes, ByteBufAllocator alloc, ResponseTranslator.Sink sink, boolean extendedConnect)
            throws H1Exception, StreamRefused {
        if (finished || !bytes.isReadable()) {
            bytes.release();
            return;
        }
        in = in == null ? bytes : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(alloc, in, bytes);
        try {
            while (in.isReadable() && !finished) {
                if (!headSeen) {
                    int len = scanner.scan(in);
                    if (len < 0) break;
                    byte[] raw = new byte[len];
                    in.readBytes(raw);
                    head(HeadParser.parseRequest(raw, limits), sink, extendedConnect);
                    continue;
                }
                boolean progress = body.step(in, sink);
                if (body.done()) finished = true;
                if (!progress) break;
            }
        } finally {
            if (in != null && (finished || !in.isReadable())) {
                in.release();
                in = null;
            }
        }
    }

    /** The engine closed the stream: ends a tunnel (true: END_STREAM emitted). */
    public boolean close(ResponseTranslator.Sink sink) {
        discardInput();
        if (body != null && !finished && body.close(sink)) {
            finished = true;
            return true;
        }
        return false;
    }

    public void discard() {
        discardInput();
        finished = true;
    }

    private void discardInput() {
        if (in != null) {
            in.release();
            in = null;
        }
    }

    private void head(RequestHead r, ResponseTranslator.Sink sink, boolean extendedConnect) throws StreamRefused {
        headSeen = true;
        method = r.method();
        Http2Headers out = new DefaultHttp2Headers(false);
        String target = r.uri();
        String authority = null;
        String path = target;
        // origin form: https whether or not the connection is TLS, as HAProxy sends it ("the default, sent by
        // browsers"); an absolute target names its own scheme
        String scheme = "https";
        int sep = target.indexOf("://");
        if (target.length() > 0 && target.charAt(0) != '/' && sep > 0 && !method.equals("CONNECT")) {
            // absolute form: the scheme, the authority and the path come from the target
            scheme = target.substring(0, sep).toLowerCase(Locale.ROOT);
            int slash = target.indexOf('/', sep + 3);
            int q = target.indexOf('?', sep + 3);
            int end = slash >= 0 ? slash : q >= 0 ? q : target.length();
            authority = target.substring(sep + 3, end);
            path = slash >= 0 ? target.substring(slash) : q >= 0 ? "/" + target.substring(q) : "/";
        }
        String host = r.header("host");
        if (authority == null && host != null) authority = host.strip();
        if (method.equals("CONNECT")) {
            kind = Kind.CONNECT;
            out.method("CONNECT");
            out.authority(target);
        } else if (r.upgradeRequested() && !r.isHttp10()) {
            if (!extendedConnect) {
                throw StreamRefused.answered(502, "the server does not accept extended CONNECT (RFC 8441)");
            }
            kind = Kind.UPGRADE;
            String up = r.header("upgrade");
            protocol = up == null ? "" : up.strip().toLowerCase(Locale.ROOT);
            int comma = protocol.indexOf(',');
            if (comma >= 0) protocol = protocol.substring(0, comma).strip();
            out.method("CONNECT");
            out.scheme(scheme);
            out.path(path);
            if (authority != null) out.authority(authority);
            out.set(":protocol", protocol);
            String key = r.header("sec-websocket-key");
            if (key != null && WebSocketHandshake.isUpgrade(r)) websocketAccept = WebSocketHandshake.accept(key);
        } else {
            out.method(method);
            out.scheme(scheme);
            out.path(path);
            if (authority != null) out.authority(authority);
        }
        Set<String> named = connectionTokens(r);
        r.forEachHeader((name, value) -> {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.equals("host") || named.contains(n)) return;
            // RFC 8441: HTTP/2 websockets have no key handshake (the 101 toward the client gets its accept here)
            if (kind == Kind.UPGRADE && n.equals("sec-websocket-key")) return;
            if (n.equals("te")) {
                if (value.strip().equalsIgnoreCase("trailers")) out.add("te", "trailers");
                return;
            }
            if (H1Body.HOP_BY_HOP.contains(n)) return;
            out.add(n, value);
        });
        if (kind == Kind.PLAIN) {
            body = H1Body.of(r.framing());
            finished = body == null;
        } else {
            body = H1Body.tunnel(); // what follows the 2xx / 101 is tunnel bytes
            finished = false;
        }
        sink.headers(out, finished);
    }

    static Set<String> connectionTokens(dev.hapair.proxy.h1.MessageHead h) {
        Set<String> out = null;
        for (String v : h.headers("connection")) {
            for (String t : v.split(",")) {
                String s = t.strip().toLowerCase(Locale.ROOT);
                if (s.isEmpty()) continue;
                if (out == null) out = new HashSet<>();
                out.add(s);
            }
        }
        return out == null ? Set.of() : out;
    }
}
