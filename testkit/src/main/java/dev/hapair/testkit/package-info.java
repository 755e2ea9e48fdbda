/**
 * Network-namespace test kit: builds private topologies for multi-host tests.
 *
 * <p>Entry points: {@link dev.hapair.testkit.Prerequisites} (skip, or fail under {@code CI=true}),
 * {@link dev.hapair.testkit.Topology} (hosts and segments, AutoCloseable), {@link dev.hapair.testkit.Host}
 * (exec, start, addresses, neighbours, link cuts), {@link dev.hapair.testkit.HostProcess},
 * {@link dev.hapair.testkit.Wait}. Leftovers of killed runs: {@link dev.hapair.testkit.Sweeper}.
 * The same conventions are available to humans as {@code bin/hapair-netns}.
 */
package dev.hapair.testkit;
