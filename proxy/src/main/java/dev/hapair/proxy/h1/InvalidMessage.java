package dev.hapair.proxy.h1;

import java.nio.charset.StandardCharsets;

/**
 * The last message a proxy refused, kept per frontend (requests) and backend (responses) for HAProxy's
 * {@code show errors}: when, from whom, why, where, and the bytes (at most one buffer).
 *
 * @param epochMillis when it was refused
 * @param peer        the client or server address as text
 * @param reason      what was wrong
 * @param offset      offset of the first invalid byte in {@code bytes}, or -1
 * @param bytes       the refused head (or body part), truncated to {@link #MAX_BYTES}
 */
public record InvalidMessage(long epochMillis, String peer, String reason, int offset, byte[] bytes) {
    public static final int MAX_BYTES = H1Limits.DEFAULT_BUFSIZE;

    public static InvalidMessage of(String peer, H1Exception e, byte[] bytes, int length) {
        byte[] copy = java.util.Arrays.copyOf(bytes, Math.min(length, MAX_BYTES));
        return new InvalidMessage(System.currentTimeMillis(), peer, e.reason(), e.offset(), copy);
    }

    /** The first bytes waiting in {@code buf} (at most {@link #MAX_BYTES}), not consumed. */
    public static byte[] peek(io.netty.buffer.ByteBuf buf) {
        byte[] seen = new byte[Math.min(buf.readableBytes(), MAX_BYTES)];
        buf.getBytes(buf.readerIndex(), seen);
        return seen;
    }

    public String text() {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
