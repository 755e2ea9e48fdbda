package dev.hapair.proxy.sample;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Fetches reading the bytes buffered by TCP content inspection ({@code tcp-request content} and
 * {@code tcp-response content} of {@code mode tcp} proxies): {@code req.len}, {@code req.payload},
 * {@code req.payload_lv}, the {@code req.ssl_*} ClientHello fetches, their {@code res.*} forms and
 * {@code wait_end}. While more bytes may come ({@link SampleContext#contentFinal()} false), a fetch that
 * cannot answer yet reports {@link SampleContext#contentMissing()}, which makes a condition wait instead of
 * failing, as HAProxy's "may change" samples do.
 */
final class ContentFetches {

    /** Fetches.def, handed over so that one table keeps every keyword. */
    interface Registrar {
        void def(String name, SampleType type, int min, int max, Phase needs, FetchDef.Factory f);
    }

    private ContentFetches() {}

    static void register(Registrar r) {
        for (boolean request : new boolean[] {true, false}) {
            String p = request ? "req" : "res";
            Phase phase = request ? Phase.REQUEST_CONTENT : Phase.RESPONSE_CONTENT;
            Function<SampleContext, byte[]> buf =
                    request ? SampleContext::requestPayload : SampleContext::responsePayload;
            Phase buffered = request ? Phase.REQUEST_BUFFER : Phase.RESPONSE_BUFFER;
            r.def(p + ".len", SampleType.SINT, 0, 0, buffered, (a, e) -> c -> {
                byte[] raw = buf.apply(c);
                if (raw != null) {
                    return length(c, raw);
                }
                HttpHead h = request ? c.request() : c.response();
                return h == null ? null : Sample.sint(HtxSize.of(h, request ? c.requestBody() : null));
            });
            r.def(p + ".payload", SampleType.BIN, 2, 2, phase, (a, e) -> payload(a, buf));
            r.def(p + ".payload_lv", SampleType.BIN, 2, 3, phase, (a, e) -> payloadLv(a, buf));
            r.def(p + ".ssl_hello_type", SampleType.SINT, 0, 0, phase, (a, e) -> c -> {
                byte[] b = buf.apply(c);
                int t = b == null ? -2 : TlsClientHello.helloType(b);
                return t >= 0 ? Sample.sint(t) : missing(c, t == -1);
            });
        }
        Function<SampleContext, byte[]> req = SampleContext::requestPayload;
        Phase rc = Phase.REQUEST_CONTENT;
        // true once the buffered bytes hold a complete request head that parses as HTTP/1 (an HTTP proxy's
        // request always does); waits while the head may still grow
        r.def("req.proto_http", SampleType.BOOL, 0, 0, Phase.REQUEST_PROTOCOL, (a, e) -> c -> {
            byte[] b = req.apply(c);
            if (b == null) {
                return c.request() == null ? null : Sample.TRUE;
            }
            return protoHttp(c, b);
        });
        r.def("req.ssl_ver", SampleType.SINT, 0, 0, rc, (a, e) -> c -> {
            byte[] b = req.apply(c);
            int v = b == null ? -2 : TlsClientHello.version(b);
            return v >= 0 ? Sample.sint(v) : missing(c, v == -1);
        });
        r.def("req.ssl_sni", SampleType.STR, 0, 0, rc, (a, e) -> c -> {
            TlsClientHello h = hello(c);
            return h == null || h.sni() == null ? null : Sample.str(h.sni());
        });
        r.def("req.ssl_ec_ext", SampleType.BOOL, 0, 0, rc, (a, e) -> c -> {
            TlsClientHello h = hello(c);
            return h == null ? null : Sample.bool(h.ecExtension());
        });
        r.def("req.ssl_alpn", SampleType.STR, 0, 0, rc, (a, e) -> new Fetch() {
            @Override
            public Sample fetch(SampleContext c) {
                TlsClientHello h = hello(c);
                return h == null || h.alpn().isEmpty()
                        ? null
                        : Sample.str(h.alpn().get(0));
            }

            @Override
            public boolean any(SampleContext c, java.util.function.Predicate<Sample> p) {
                TlsClientHello h = hello(c);
                if (h != null) {
                    for (String proto : h.alpn()) {
                        if (p.test(Sample.str(proto))) {
                            return true;
                        }
                    }
                }
                return false;
            }
        });
        // deprecated spellings HAProxy 2.6 still accepts
        for (String old : List.of("len", "ssl_hello_type", "ssl_sni", "ssl_ver", "proto_http")) {
            alias(r, "req_" + old, "req." + old);
        }
        alias(r, "rep_ssl_hello_type", "res.ssl_hello_type");
        // what a PROXY protocol v2 header carried: known once the session exists
        r.def(
                "fc_pp_authority",
                SampleType.STR,
                0,
                0,
                Phase.SESSION,
                (a, e) -> c -> str(c.proxyTlvs().authority()));
        r.def(
                "fc_pp_unique_id",
                SampleType.STR,
                0,
                0,
                Phase.SESSION,
                (a, e) -> c -> str(c.proxyTlvs().uniqueId()));
        // true once inspection has ended (delay expired, buffer full or FIN); waits before
        r.def("wait_end", SampleType.BOOL, 0, 0, Phase.CONNECTION, (a, e) -> c -> {
            if (c.contentFinal()) {
                return Sample.TRUE;
            }
            c.contentMissing();
            return null;
        });
    }

    private static Sample str(String s) {
        return s == null ? null : Sample.str(s);
    }

    private static void alias(Registrar r, String name, String of) {
        FetchDef d = Fetches.lookup(of);
        r.def(name, d.type(), d.minArgs(), d.maxArgs(), d.needs(), d.factory());
    }

    /** {@code req.proto_http} over raw bytes: the same head scanner and request parser as the HTTP engine. */
    private static Sample protoHttp(SampleContext c, byte[] b) {
        dev.hapair.proxy.h1.H1Limits lim = dev.hapair.proxy.h1.H1Limits.DEFAULTS;
        io.netty.buffer.ByteBuf in = io.netty.buffer.Unpooled.wrappedBuffer(b);
        try {
            int len = new dev.hapair.proxy.h1.HeadScanner(lim.maxHeadBytes(), true).scan(in);
            if (len < 0) {
                // not complete: false once the contents are final, undecided before
                return c.contentFinal() ? Sample.FALSE : missing(c, true);
            }
            byte[] head = new byte[len];
            in.readBytes(head);
            dev.hapair.proxy.h1.HeadParser.parseRequest(head, lim);
            return Sample.TRUE;
        } catch (dev.hapair.proxy.h1.H1Exception ex) {
            return Sample.FALSE;
        } finally {
            in.release();
        }
    }

    /** No sample; when {@code tooShort} and more bytes may come, the condition waits. */
    private static Sample missing(SampleContext c, boolean tooShort) {
        if (tooShort && !c.contentFinal()) {
            c.contentMissing();
        }
        return null;
    }

    private static Sample length(SampleContext c, byte[] b) {
        if (b == null) {
            return null;
        }
        if (!c.contentFinal()) {
            c.contentMissing(); // "does not return false as long as the buffer is changing"
        }
        return Sample.sint(b.length);
    }

    /** A complete ClientHello, or null (then the condition waits if it may still arrive). */
    private static TlsClientHello hello(SampleContext c) {
        byte[] b = c.requestPayload();
        if (b == null) {
            return null;
        }
        TlsClientHello h = TlsClientHello.parse(b);
        if (h.status() == TlsClientHello.Status.COMPLETE) {
            return h;
        }
        missing(c, h.status() == TlsClientHello.Status.TOO_SHORT);
        return null;
    }

    private static int nonNegative(String s, String what) {
        int v;
        try {
            v = Integer.parseInt(s);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(what + " must be an integer, got '" + s + "'");
        }
        if (v < 0) {
            throw new IllegalArgumentException(what + " must not be negative, got " + v);
        }
        return v;
    }

    /** {@code payload(offset,length)}; length 0 = from offset to the end of the buffer. */
    private static Fetch payload(List<String> a, Function<SampleContext, byte[]> buf) {
        int off = nonNegative(a.get(0), "offset");
        int len = nonNegative(a.get(1), "length");
        return c -> {
            byte[] b = buf.apply(c);
            if (b == null) {
                return null;
            }
            if (len == 0) {
                if (off > b.length) {
                    return missing(c, true);
                }
                if (!c.contentFinal()) {
                    c.contentMissing(); // more may come after what is there
                }
                return Sample.bin(Arrays.copyOfRange(b, off, b.length));
            }
            if ((long) off + len > b.length) {
                return missing(c, true);
            }
            return Sample.bin(Arrays.copyOfRange(b, off, off + len));
        };
    }

    /**
     * {@code payload_lv(offset1,length[,offset2])}: a big-endian length of {@code length} bytes (1 to 4) at
     * offset1, then that many bytes at offset2 (absolute, or relative to the end of the length field with a
     * sign), else right after the length field.
     */
    private static Fetch payloadLv(List<String> a, Function<SampleContext, byte[]> buf) {
        int off1 = nonNegative(a.get(0), "offset1");
        int lenSize = nonNegative(a.get(1), "length");
        if (lenSize < 1 || lenSize > 4) {
            throw new IllegalArgumentException("length must be between 1 and 4 bytes, got " + lenSize);
        }
        String o2 = a.size() > 2 ? a.get(2) : null;
        boolean relative = o2 != null && (o2.startsWith("+") || o2.startsWith("-"));
        int off2;
        try {
            off2 = o2 == null ? 0 : Integer.parseInt(relative && o2.startsWith("+") ? o2.substring(1) : o2);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("offset2 must be an integer, got '" + o2 + "'");
        }
        if (o2 != null && !relative && off2 < 0) {
            throw new IllegalArgumentException("offset2 must not be negative, got " + off2);
        }
        return c -> {
            byte[] b = buf.apply(c);
            if (b == null) {
                return null;
            }
            if (off1 + lenSize > b.length) {
                return missing(c, true);
            }
            long size = 0;
            for (int i = 0; i < lenSize; i++) {
                size = (size << 8) | (b[off1 + i] & 0xFF);
            }
            long start = o2 == null ? off1 + lenSize : relative ? off1 + lenSize + (long) off2 : off2;
            if (start < 0) {
                return null;
            }
            if (start + size > b.length) {
                return missing(c, true);
            }
            return Sample.bin(Arrays.copyOfRange(b, (int) start, (int) (start + size)));
        };
    }
}
