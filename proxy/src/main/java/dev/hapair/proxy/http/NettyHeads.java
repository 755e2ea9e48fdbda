package dev.hapair.proxy.http;

import dev.hapair.proxy.rules.HeadEditor;
import dev.hapair.proxy.rules.LocalReply;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/** Netty responses (local replies, stats pages) as the rules engine edits them, and local replies as Netty responses. */
public final class NettyHeads {
    private NettyHeads() {}

    private abstract static class Head implements HeadEditor {
        final HttpMessage m;

        Head(HttpMessage m) {
            this.m = m;
        }

        @Override
        public List<String> headers(String name) {
            return m.headers().getAll(name);
        }

        @Override
        public List<Map.Entry<String, String>> headerLines() {
            return m.headers().entries();
        }

        @Override
        public String version() {
            HttpVersion v = m.protocolVersion();
            return v.majorVersion() + "." + v.minorVersion();
        }

        @Override
        public void set(String name, String value) {
            if (H1Heads.safe(value)) m.headers().set(name, value);
        }

        @Override
        public void add(String name, String value) {
            if (H1Heads.safe(value)) m.headers().add(name, value);
        }

        @Override
        public void removeIf(Predicate<String> name) {
            HttpHeaders h = m.headers();
            List<String> gone = new ArrayList<>();
            for (String n : h.names()) {
                if (name.test(n.toLowerCase(Locale.ROOT))) gone.add(n);
            }
            for (String n : gone) h.remove(n);
        }

        @Override
        public void rewrite(String name, UnaryOperator<String> value) {
            HttpHeaders h = m.headers();
            if (!h.contains(name)) return;
            // rebuild in order: Netty keeps insertion order, so edited lines stay where they were
            List<Map.Entry<String, String>> all = h.entries();
            h.clear();
            for (Map.Entry<String, String> e : all) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    String v = value.apply(e.getValue());
                    if (v != null) h.add(e.getKey(), v);
                } else {
                    h.add(e.getKey(), e.getValue());
                }
            }
        }
    }

    public static HeadEditor response(HttpResponse r) {
        return new Head(r) {
            @Override
            public int status() {
                return r.status().code();
            }

            @Override
            public String reason() {
                return r.status().reasonPhrase();
            }

            @Override
            public void setStatus(int status, String reason) {
                r.setStatus(
                        reason == null ? HttpResponseStatus.valueOf(status) : new HttpResponseStatus(status, reason));
            }
        };
    }

    /**
     * The response with header values checked only as the h1 path checks them (no CR, LF or NUL), so that
     * rules may write what HAProxy writes, e.g. a value starting with a space ({@code "%[res.fhdr(x)] y"} with
     * no x). Netty's own validation refuses such a value with an exception, which lost the whole reply.
     */
    public static FullHttpResponse editable(FullHttpResponse r) {
        HttpHeaders h = DefaultHttpHeadersFactory.headersFactory()
                .withValueValidation(false)
                .newHeaders();
        h.set(r.headers());
        return new DefaultFullHttpResponse(r.protocolVersion(), r.status(), r.content(), h, r.trailingHeaders());
    }

    /** A local reply as a complete Netty response (header names kept as given). */
    public static FullHttpResponse toNetty(LocalReply reply, ByteBufAllocator alloc) {
        HttpResponseStatus status = reply.reason() == null || reply.reason().isEmpty()
                ? HttpResponseStatus.valueOf(reply.status())
                : new HttpResponseStatus(reply.status(), reply.reason());
        FullHttpResponse r = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, status, alloc.buffer(reply.body().length).writeBytes(reply.body()));
        for (Map.Entry<String, String> h : reply.headers()) r.headers().add(h.getKey(), h.getValue());
        return r;
    }
}
