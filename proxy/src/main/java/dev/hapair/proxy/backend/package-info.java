/**
 * The proxy's live objects, built from the config model by {@code dev.hapair.proxy.runtime.RuntimeBuilder}:
 * {@link dev.hapair.proxy.backend.FrontendRuntime} and {@link dev.hapair.proxy.backend.BackendRuntime} with
 * their settings, {@link dev.hapair.proxy.backend.ServerRuntime} (state, weights, counters, admin flags, health
 * results), the queue of requests waiting for a server slot, and server events for the log and the runtime
 * API. Thread-safe where event loops meet (counters, queue); no I/O here.
 */
package dev.hapair.proxy.backend;
