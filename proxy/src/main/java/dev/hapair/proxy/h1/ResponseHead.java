package dev.hapair.proxy.h1;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** A parsed response head ({@link HeadParser#parseResponse}). */
public final class ResponseHead extends MessageHead {
    private final boolean http10;
    private final boolean versionNormalised;
    private final int reasonStart;
    private int status;
    private String reason;
    private boolean statusEdited;

    ResponseHead(
            byte[] raw,
            int startLineEnd,
            int capacity,
            boolean http10,
            boolean versionNormalised,
            int status,
            int reasonStart,
            int[] spareSlots) {
        super(raw, startLineEnd, capacity, spareSlots);
        this.http10 = http10;
        this.versionNormalised = versionNormalised;
        this.status = status;
        this.reasonStart = reasonStart;
    }

    public int status() {
        return status;
    }

    /** Reason phrase (may be empty). */
    public String reason() {
        if (reason == null) reason = reasonStart < 0 ? "" : ascii(reasonStart, startLineEnd);
        return reason;
    }

    public String version() {
        return http10 ? "1.0" : "1.1";
    }

    public boolean isHttp10() {
        return http10;
    }

    /** 1xx other than 101: another head follows on the same response. */
    public boolean isInterim() {
        return status >= 100 && status < 200 && status != 101;
    }

    /** Whether the server lets the connection be reused: 1.1 unless close, 1.0 only with keep-alive. */
    public boolean serverKeepAlive() {
        return http10 ? connectionKeepAlive() && !connectionClose() : !connectionClose();
    }

    /** Sets the status and reason (HAProxy's {@code set-status}); the framing decided at parse time stays. */
    public void setStatus(int code, String newReason) {
        if (code < 100 || code > 999) throw new IllegalArgumentException("invalid status " + code);
        checkValue(newReason);
        status = code;
        reason = newReason;
        statusEdited = true;
    }

    @Override
    boolean startLineEdited() {
        return statusEdited || versionNormalised;
    }

    @Override
    void writeStartLine(ByteBuf out) {
        out.writeCharSequence(
                (http10 ? "HTTP/1.0 " : "HTTP/1.1 ") + status + " " + reason(), StandardCharsets.ISO_8859_1);
    }
}
