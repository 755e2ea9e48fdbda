/** Network-namespace test kit: builds private topologies for multi-host tests. */
package dev.hapair.testkit;
