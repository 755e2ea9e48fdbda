package dev.hapair.proxy.h1;

/**
 * A message that cannot be accepted: its framing is unknown or ambiguous, or it contains bytes the rules
 * forbid. Carries the offset of the offending byte (relative to the start of the head or of the body
 * bytes being examined) for {@code show errors}. No stack trace: invalid input is routine, not a bug.
 */
public final class H1Exception extends Exception {
    private final int offset;
    private final int status;

    public H1Exception(String reason, int offset) {
        this(reason, offset, 400);
    }

    /** With the status a refused request is answered ({@code 422} for a valid but unsupported transfer-coding). */
    public H1Exception(String reason, int offset, int status) {
        super(reason, null, false, false);
        this.offset = offset;
        this.status = status;
    }

    /** The answer to a request refused for this reason (a refused response is always a 502). */
    public int status() {
        return status;
    }

    /** Offset of the first invalid byte, or -1 when the message as a whole is at fault. */
    public int offset() {
        return offset;
    }

    public String reason() {
        return getMessage();
    }
}
