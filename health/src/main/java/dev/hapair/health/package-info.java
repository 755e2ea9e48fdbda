/**
 * Health checks shared by hapair-proxy and hapair-vrrp.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link dev.hapair.health.Probe}: one non-blocking check run returning a
 *       {@link dev.hapair.health.CheckResult} (HAProxy code {@link dev.hapair.health.CheckStatus}, duration,
 *       HTTP status, detail; {@code describe()} renders {@code L7STS/404 in 2ms}). Implementations live in
 *       {@code dev.hapair.health.probe}: TcpProbe, HttpProbe, ProcessProbe, ScriptProbe; plus
 *       ProcessWatcher for an immediate callback when a process dies.</li>
 *   <li>{@link dev.hapair.health.RiseFall}: the pure rise/fall counter (no clock, no I/O).</li>
 *   <li>{@link dev.hapair.health.CheckScheduler}: drives a probe on a {@link dev.hapair.common.time.Scheduler}
 *       ({@link dev.hapair.health.EventLoopScheduler} in production, {@code ManualScheduler}
 *       in tests), feeds RiseFall and pushes {@link dev.hapair.health.CheckEvent}s to
 *       {@link dev.hapair.health.CheckListener}s.</li>
 * </ul>
 *
 * <h2>HAProxy semantics chosen</h2>
 * <ul>
 *   <li>Defaults: inter 2s, rise 2, fall 3; fastinter and downinter default to inter.</li>
 *   <li>Initial state is HAProxy's {@code init-state} (3.1+), default {@code up}: the server starts UP with
 *       health at the rise threshold, so the first failed check marks it DOWN and the first successful one
 *       gives it full health (then {@code fall} failures are needed). {@code fully-up}, {@code down},
 *       {@code fully-down} are supported ({@link dev.hapair.health.InitialState}).</li>
 *   <li>Counter: health 0..rise+fall-1; UP at rise (then jumps to full), DOWN when a failure takes an UP
 *       server below rise (then 0). A failure while DOWN resets the count: successes must be consecutive.</li>
 *   <li>Interval: inter at full health, downinter at zero health while DOWN, fastinter otherwise. The next
 *       run is scheduled when the previous one ends (never overlapping).</li>
 *   <li>Timeout: without {@code timeout check} the whole check must finish within inter; with it,
 *       min(timeout connect, inter) + timeout check, passed to the probe as one budget.</li>
 *   <li>Status text as on HAProxy's stats page: {@code UP}, {@code UP 2/3} (going down), {@code DOWN 1/2}
 *       (going up), {@code DOWN}.</li>
 * </ul>
 */
package dev.hapair.health;
