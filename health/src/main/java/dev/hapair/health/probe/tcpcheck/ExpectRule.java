package dev.hapair.health.probe.tcpcheck;

import dev.hapair.health.CheckStatus;

/**
 * One {@code expect} step of a protocol check, judged on the bytes received since the last send (HAProxy releases
 * its input buffer when a send rule runs).
 */
public interface ExpectRule {

    /**
     * @param in       the bytes received since the last send (never more than {@link TcpCheckProbe#MAX_BUFFER})
     * @param lastRead no more bytes will come (the server closed, or the buffer is full)
     */
    Verdict judge(byte[] in, boolean lastRead);

    /** Status of an empty response or a failed match ({@code error-status}; HAProxy's default is L7RSP). */
    default CheckStatus errorStatus() {
        return CheckStatus.L7RSP;
    }

    /** Status when the check times out while this rule waits ({@code tout-status}; default L7TOUT). */
    default CheckStatus timeoutStatus() {
        return CheckStatus.L7TOUT;
    }
}
