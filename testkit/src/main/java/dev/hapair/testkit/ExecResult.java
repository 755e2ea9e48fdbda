package dev.hapair.testkit;

import java.util.List;

/**
 * Outcome of a finished command.
 *
 * @param command  the argv that ran (including any {@code ip netns exec NS} prefix)
 * @param exitCode the exit status; {@link #TIMED_OUT} when the kit killed it at its timeout
 * @param stdout   standard output
 * @param stderr   standard error
 */
public record ExecResult(List<String> command, int exitCode, String stdout, String stderr) {
    /** Exit code reported when the command overran its timeout and was killed. */
    public static final int TIMED_OUT = -1;

    public ExecResult {
        command = List.copyOf(command);
    }

    public boolean ok() {
        return exitCode == 0;
    }

    public boolean timedOut() {
        return exitCode == TIMED_OUT;
    }

    /** Returns this result when the exit code is 0, otherwise throws with command, code and both outputs. */
    public ExecResult orThrow() {
        if (!ok()) {
            throw new CommandFailedException(this);
        }
        return this;
    }

    @Override
    public String toString() {
        return String.join(" ", command) + " -> " + (timedOut() ? "timed out" : "exit " + exitCode)
                + (stdout.isBlank() ? "" : "\nstdout: " + stdout.strip())
                + (stderr.isBlank() ? "" : "\nstderr: " + stderr.strip());
    }
}
