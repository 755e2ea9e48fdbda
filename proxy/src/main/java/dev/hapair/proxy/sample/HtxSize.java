package dev.hapair.proxy.sample;

import java.util.Map;

/**
 * {@code req.len} / {@code res.len} in an HTTP proxy. HAProxy 2.6 answers with the size of the message in its
 * internal HTX form ("not accurate but kept for backward compatibility", its source says), so rules written
 * against HAProxy see these numbers: a start line of 20 bytes of fixed fields plus its three parts, each header
 * as name plus value (no separators), one byte for the end of the headers, then the body bytes buffered.
 */
final class HtxSize {

    /** The fixed part of HAProxy's start-line block: flags, method or status, three part lengths. */
    private static final int START_LINE_FIELDS = 20;

    /** The end-of-headers block. */
    private static final int END_OF_HEADERS = 1;

    private HtxSize() {}

    /** The HTX size of {@code head} followed by {@code body} (null: no body buffered). */
    static long of(HttpHead head, byte[] body) {
        long n = START_LINE_FIELDS + "HTTP/".length() + head.version().length();
        if (head.method() != null) {
            n += head.method().length() + (head.uri() == null ? 0 : head.uri().length());
        } else {
            String reason = head.reason();
            n += Integer.toString(head.status()).length() + (reason == null ? 0 : reason.length());
        }
        for (Map.Entry<String, String> h : head.headerLines()) {
            n += h.getKey().length() + h.getValue().length();
        }
        return n + END_OF_HEADERS + (body == null ? 0 : body.length);
    }
}
