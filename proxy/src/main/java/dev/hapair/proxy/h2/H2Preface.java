package dev.hapair.proxy.h2;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP/2 client connection preface (RFC 9113 section 3.4) at the start of a connection served as HTTP/1:
 * HAProxy serves such a connection as HTTP/2 (its implicit upgrade, {@code option disable-h2-upgrade}).
 */
public final class H2Preface {
    private H2Preface() {}

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** What the bytes received so far say. */
    public enum Match {
        /** All of the preface: the connection is HTTP/2. */
        PREFACE,
        /** A strict beginning of the preface: wait for more bytes. */
        PARTIAL,
        /** Anything else: HTTP/1. */
        NO
    }

    /** Looks at the readable bytes of {@code in} (nothing is consumed). */
    public static Match match(ByteBuf in) {
        int n = Math.min(in.readableBytes(), PREFACE.length);
        int start = in.readerIndex();
        for (int i = 0; i < n; i++) {
            if (in.getByte(start + i) != PREFACE[i]) return Match.NO;
        }
        return n == PREFACE.length ? Match.PREFACE : Match.PARTIAL;
    }
}
