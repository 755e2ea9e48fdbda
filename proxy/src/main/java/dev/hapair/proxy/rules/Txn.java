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

    /** {@code set-log-level}: {@code silent} or a syslog level name. */
    default void setLogLevel(String level) {}

    /** {@code tcp-request connection expect-proxy layer4}; only connections have it. */
    default void expectProxy() {}

    /** {@code http-request|response capture}: stores a value in a capture slot of that direction. */
    default void capture(boolean request, int slot, String value) {}
}
