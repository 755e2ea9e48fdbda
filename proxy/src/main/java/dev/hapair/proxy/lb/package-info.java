/**
 * Server selection, one class per {@code balance} algorithm, HAProxy semantics.
 *
 * <p>Use: {@code LbAlgorithm algo = LbAlgorithmFactory.algorithm(backendConfig)}, then {@code ServerSelector<S> sel = algo.newSelector(servers, allBackups)}
 * per backend. Push health and weight transitions ({@code onServerUp/onServerDown/onWeightChange}) and
 * connection start/end; call {@code select(request)} (or {@code selectPersistent(cookieServer, request)})
 * per connection or request and act on the {@link dev.hapair.proxy.lb.Selection} outcome: SERVER, QUEUE
 * (all usable servers at maxconn) or NO_SERVER (503). {@code usableServers()} is {@code nbsrv}.
 */
package dev.hapair.proxy.lb;
