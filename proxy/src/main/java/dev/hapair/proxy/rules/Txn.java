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

    /** {@code http-request|response capture}: stores a value in a capture slot of that direction. */
    default void capture(boolean request, int slot, String value) {}

    /** The rule that just gave a final verdict ({@code last_rule_file}, {@code last_rule_line}). */
    default void lastRule(dev.hapair.common.config.SourceLocation at) {}
}
