package dev.hapair.proxy.rules;

import dev.hapair.proxy.sample.SampleContext;

/** One stream as rules see it: the sample context plus what actions change. */
public interface Txn extends SampleContext {

    /** The request head to edit, or null in TCP mode. */
    default HeadEditor requestHead() {
        return null;
    }

    /** The response head to edit, or null before the response. */
    default HeadEditor responseHead() {
        return null;
    }

    /** {@code set-src}/{@code set-src-port}: the client address later fetches, headers and logs see. */
    default void setSource(java.net.InetSocketAddress a) {}

    /** {@code set-dst}/{@code set-dst-port}. */
    default void setDestination(java.net.InetSocketAddress a) {}

    /**
     * {@code wait-for-body}: whether waiting is over — the whole body is here, the buffer is full, at least
     * {@code atLeast} bytes arrived (0: no such limit) — or there is no body to wait for.
     */
    default boolean requestBodyReady(long atLeast) {
        return true;
    }

    /** {@code http-response wait-for-body}: the same for the response body. */
    default boolean responseBodyReady(long atLeast) {
        return true;
    }

    /** {@code set-timeout server|tunnel}: the stream's own timeout in milliseconds. */
    default void setTimeout(String which, long millis) {}

    /** {@code set-log-level}: {@code silent} or a syslog level name. */
    default void setLogLevel(String level) {}

    /** {@code tcp-request connection expect-proxy layer4}; only connections have it. */
    default void expectProxy() {}

    /**
     * Bytes a rewrite of the request ({@code response} false) or response may still add: {@code tune.bufsize}
     * less what the buffer holds (head and buffered body), as HAProxy's rewrites fail when the buffer cannot
     * take them. {@link Long#MAX_VALUE} when not tracked.
     */
    default long rewriteRoom(boolean response) {
        return Long.MAX_VALUE;
    }

    /** A rewrite of {@code delta} bytes (negative: freed) was applied to that message. */
    default void rewrote(boolean response, long delta) {}

    /** {@code strict-mode}: whether a failed rewrite is an internal error (on) or ignored (off). */
    /** A rewrite did not fit: counted as HAProxy's {@code wrew}, strict-mode or not. */
    default void rewriteFailed() {}

    default boolean strictRewrites() {
        return true;
    }

    /** {@code strict-mode on|off}; the rule lists set it back to on when they start. */
    default void strictRewrites(boolean on) {}

    /**
     * {@code track-scN}: the stream tracks {@code t} in counter {@code slot} until it ends; false (and nothing
     * kept) when the stream cannot track or that counter is already tracked.
     */
    default boolean track(int slot, dev.hapair.proxy.stick.Tracked t) {
        return false;
    }

    /** {@code http-request|response capture}: stores a value in a capture slot of that direction. */
    default void capture(boolean request, int slot, String value) {}

    /** The rule that just gave a final verdict ({@code last_rule_file}, {@code last_rule_line}). */
    default void lastRule(dev.hapair.common.config.SourceLocation at) {}
}
