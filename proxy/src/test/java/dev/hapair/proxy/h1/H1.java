package dev.hapair.proxy.h1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/** Test helpers: heads from text, through the scanner as the proxy does. */
final class H1 {
    private H1() {}

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static ByteBuf buf(String s) {
        return Unpooled.buffer().writeBytes(bytes(s));
    }

    /** Scans then parses a complete request head; the text must hold exactly one head. */
    static RequestHead request(String text) throws H1Exception {
        return request(text, H1Limits.DEFAULTS);
    }

    static RequestHead request(String text, H1Limits lim) throws H1Exception {
        return HeadParser.parseRequest(scan(text, lim, true), lim);
    }

    static ResponseHead response(String text) throws H1Exception {
        return HeadParser.parseResponse(scan(text, H1Limits.DEFAULTS, false), H1Limits.DEFAULTS, false);
    }

    static byte[] scan(String text, H1Limits lim, boolean request) throws H1Exception {
        ByteBuf in = buf(text);
        int len = new HeadScanner(lim.maxHeadBytes(), request).scan(in);
        if (len < 0) throw new AssertionError("incomplete head");
        byte[] raw = new byte[len];
        in.readBytes(raw);
        return raw;
    }
}
