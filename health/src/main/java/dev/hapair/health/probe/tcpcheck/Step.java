package dev.hapair.health.probe.tcpcheck;

import java.util.function.Supplier;

/** One rule of a protocol check, in HAProxy's order; its step number in messages is its index + 1. */
public sealed interface Step {

    /** Writes bytes built when the step runs (the SSL hello carries the current time). */
    record Send(Supplier<byte[]> bytes) implements Step {}

    record Expect(ExpectRule rule) implements Step {}

    /** An explicit first connect rule ({@code tcp-check connect}): it only shifts the step numbers. */
    record Connect() implements Step {}
}
