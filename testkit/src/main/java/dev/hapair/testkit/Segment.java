package dev.hapair.testkit;

/**
 * One layer-2 segment: a Linux bridge inside the run's switch namespace.
 *
 * @param name   segment name chosen by the test, e.g. {@code lan}
 * @param bridge bridge device name inside the switch namespace, e.g. {@code br-lan}
 */
public record Segment(String name, String bridge) {}
