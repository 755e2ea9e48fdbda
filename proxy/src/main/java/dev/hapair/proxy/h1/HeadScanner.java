package dev.hapair.proxy.h1;

import io.netty.buffer.ByteBuf;

/**
 * Finds where a head ends in a connection's input without re-reading bytes already examined when the head
 * arrives in pieces. Enforces the head size limit as bytes arrive (a slow or endless head never grows past
 * it) and refuses a bare LF as soon as it is seen (deliberately stricter than HAProxy: a line end that
 * another parser may not see is how requests are smuggled), and a bare CR as soon as the byte after it is in.
 */
public final class HeadScanner {
    private final int maxHeadBytes;
    private final boolean skipLeadingEmptyLines;
    /** Bytes from the reader index already known to be complete lines of the current head. */
    private int scanned;
    /** Bytes from the reader index already searched for a bare CR (while the head is incomplete only). */
    private int crChecked;

    /**
     * @param skipLeadingEmptyLines requests: empty lines before the request line are ignored (RFC 9112 2.2)
     */
    public HeadScanner(int maxHeadBytes, boolean skipLeadingEmptyLines) {
        this.maxHeadBytes = maxHeadBytes;
        this.skipLeadingEmptyLines = skipLeadingEmptyLines;
    }

    /**
     * Length of the complete head starting at {@code in}'s reader index (through its empty line), or -1 when
     * more bytes are needed. Leading empty lines are consumed from {@code in}.
     */
    public int scan(ByteBuf in) throws H1Exception {
        int start = in.readerIndex();
        if (scanned == 0 && skipLeadingEmptyLines) {
            // before a request line HAProxy skips CRLFs and bare LFs (nothing is forwarded from there, so no
            // parser behind us can read these bytes otherwise); a CR must be followed by its LF
            int end = in.writerIndex();
            while (start < end) { // one byte read when the request line comes first, as it nearly always does
                byte b = in.getByte(start);
                if (b == '\n') start++;
                else if (b == '\r' && start + 1 < end && in.getByte(start + 1) == '\n') start += 2;
                else break;
            }
            if (start != in.readerIndex()) {
                crChecked = 0;
                in.readerIndex(start);
            }
        }
        for (; ; ) {
            int lineStart = start + scanned;
            int end = in.writerIndex();
            int limit = Math.min(end, start + maxHeadBytes);
            int lf = lineStart < limit ? in.indexOf(lineStart, limit, (byte) '\n') : -1;
            if (lf < 0) {
                if (end - start >= maxHeadBytes)
                    throw new H1Exception("head larger than " + maxHeadBytes + " bytes", maxHeadBytes);
                checkBareCr(in, start, end);
                return -1;
            }
            if (lf == lineStart || in.getByte(lf - 1) != '\r') throw new H1Exception("bare LF line end", lf - start);
            if (lf - 1 == lineStart) {
                if (scanned == 0) {
                    if (!skipLeadingEmptyLines) throw new H1Exception("empty line before start line", 0);
                    in.skipBytes(2);
                    start += 2;
                    continue;
                }
                scanned = 0;
                crChecked = 0;
                return lf + 1 - start;
            }
            scanned = lf + 1 - start;
        }
    }

    /**
     * While a head is incomplete, a CR followed by anything but LF is refused at once, as HAProxy refuses it
     * (the parser would refuse it too, but only once the head is complete: a client could hold the connection
     * until the timeout). Each byte is searched once, however the head arrives; a complete head in one read
     * (the usual case) is not searched here at all.
     */
    private void checkBareCr(ByteBuf in, int start, int end) throws H1Exception {
        int from = start + crChecked;
        for (int cr; from < end - 1 && (cr = in.indexOf(from, end - 1, (byte) '\r')) >= 0; from = cr + 1) {
            if (in.getByte(cr + 1) != '\n') throw new H1Exception("bare CR", cr - start);
        }
        crChecked = Math.max(crChecked, end - 1 - start);
    }

    /** Forgets progress (the connection's input was discarded). */
    public void reset() {
        scanned = 0;
        crChecked = 0;
    }

    /** True while part of a head has been received (for the slow-header timeout and the 408). */
    public boolean inProgress() {
        return scanned > 0;
    }
}
