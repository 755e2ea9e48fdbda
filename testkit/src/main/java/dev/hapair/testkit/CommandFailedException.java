package dev.hapair.testkit;

/** A command the kit needed to succeed exited non-zero or timed out. */
public final class CommandFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ExecResult result;

    public CommandFailedException(ExecResult result) {
        super(result.toString());
        this.result = result;
    }

    public ExecResult result() {
        return result;
    }
}
