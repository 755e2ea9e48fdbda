package dev.hapair.proxy.backend;

/**
 * HAProxy 2.6's {@code ssl} stats module ({@code ssl_sess}, {@code ssl_reused_sess},
 * {@code ssl_failed_handshake}) of a frontend (client handshakes), backend or server (handshakes to servers):
 * a completed handshake counts as a new session unless it resumed one.
 */
public final class SslCounters {
    private final LoopAdder.Bank bank = new LoopAdder.Bank(3);
    private final LoopAdder sessions = bank.adder();
    private final LoopAdder reused = bank.adder();
    private final LoopAdder failed = bank.adder();

    /** A handshake completed; {@code resumed} when it resumed a session. */
    public void handshake(boolean resumed) {
        (resumed ? reused : sessions).increment();
    }

    public void failedHandshake() {
        failed.increment();
    }

    public long sessions() {
        return sessions.sum();
    }

    public long reusedSessions() {
        return reused.sum();
    }

    public long failedHandshakes() {
        return failed.sum();
    }

    public void clear() {
        sessions.reset();
        reused.reset();
        failed.reset();
    }
}
