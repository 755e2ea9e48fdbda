package dev.hapair.proxy.h1;

import java.io.ByteArrayOutputStream;

/**
 * The payload of a request body from the bytes received so far, without consuming them: what rules see
 * while the request waits for its body ({@code option http-buffer-request}, {@code wait-for-body}). Chunked
 * framing is removed; the bytes themselves are validated when they are forwarded, not here.
 *
 * @param body     the payload available so far
 * @param complete the whole body is there
 */
public record BodyPeek(byte[] body, boolean complete) {

    public static BodyPeek of(BodyFraming framing, byte[] raw) {
        return switch (framing.kind()) {
            case NONE -> new BodyPeek(new byte[0], true);
            case UNTIL_CLOSE -> new BodyPeek(raw, false);
            case LENGTH -> {
                long len = framing.length();
                int n = (int) Math.min(raw.length, len);
                yield new BodyPeek(java.util.Arrays.copyOf(raw, n), n == len);
            }
            case CHUNKED -> chunked(raw);
        };
    }

    private static BodyPeek chunked(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (true) {
            int eol = indexOfLf(raw, i);
            if (eol < 0) {
                return new BodyPeek(out.toByteArray(), false);
            }
            long size = 0;
            int j = i;
            boolean digits = false;
            while (j < eol && Character.digit(raw[j], 16) >= 0 && size < (1L << 40)) {
                size = size * 16 + Character.digit(raw[j], 16);
                j++;
                digits = true;
            }
            if (!digits) {
                return new BodyPeek(out.toByteArray(), false); // malformed: the forwarding path refuses it
            }
            i = eol + 1;
            if (size == 0) {
                // complete once the trailer section (usually empty) has ended with its empty line, as HAProxy
                // waits for the whole message; trailers, if any, are not payload
                return new BodyPeek(out.toByteArray(), trailersEnd(raw, i));
            }
            int take = (int) Math.min(size, raw.length - i);
            out.write(raw, i, take);
            if (take < size) {
                return new BodyPeek(out.toByteArray(), false);
            }
            i += take;
            int end = indexOfLf(raw, i); // the CRLF after the data
            if (end < 0) {
                return new BodyPeek(out.toByteArray(), false);
            }
            i = end + 1;
        }
    }

    /** Whether the trailer section starting at {@code from} is complete (ends with an empty line). */
    private static boolean trailersEnd(byte[] raw, int from) {
        for (int i = from; ; ) {
            int eol = indexOfLf(raw, i);
            if (eol < 0) {
                return false;
            }
            if (eol == i || eol == i + 1 && raw[i] == '\r') {
                return true;
            }
            i = eol + 1;
        }
    }

    private static int indexOfLf(byte[] b, int from) {
        for (int k = from; k < b.length; k++) {
            if (b[k] == '\n') {
                return k;
            }
        }
        return -1;
    }
}
