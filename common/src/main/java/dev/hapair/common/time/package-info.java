/**
 * Time for logic that must be testable without sleeping: {@link dev.hapair.common.time.MonotonicClock}
 * (what "now" is) and {@link dev.hapair.common.time.Scheduler} (a clock with a single-threaded timer).
 * Health checks, the VRRP daemon's state machines and the proxy's connection deadlines read time only
 * through these; tests drive them with hapair-common's test-jar {@code ManualScheduler}.
 */
package dev.hapair.common.time;
