/**
 * Stats and runtime API of hapair-proxy, read by operators who know HAProxy's.
 *
 * <ul>
 *   <li>{@link dev.hapair.proxy.stats.StatField}: every stats column once, in HAProxy's CSV order, with its
 *       Prometheus exporter metric; {@link dev.hapair.proxy.stats.CsvRenderer},
 *       {@link dev.hapair.proxy.stats.JsonRenderer}, {@link dev.hapair.proxy.stats.PrometheusRenderer} and
 *       {@link dev.hapair.proxy.stats.HtmlRenderer} all read it through {@link dev.hapair.proxy.stats.StatRow}s
 *       of a {@link dev.hapair.proxy.stats.StatsSnapshot}.</li>
 *   <li>{@link dev.hapair.proxy.stats.StatsHttpService}: {@code stats uri} (auth, realm, refresh, admin form,
 *       {@code ;csv}, {@code ;json}), {@code monitor-uri} and {@code /metrics}, installed on frontends and backends
 *       through {@link dev.hapair.proxy.http.HttpLocalService}.</li>
 *   <li>{@link dev.hapair.proxy.stats.RuntimeApi}: the text protocol of {@code stats socket};
 *       {@link dev.hapair.proxy.stats.RuntimeApiServer} serves it on a unix or TCP socket.
 *       {@link dev.hapair.proxy.stats.RuntimeApi#register} adds commands (the reload/upgrade handover
 *       registers {@code _getsocks} there; {@link dev.hapair.proxy.stats.CliSession#transport()} is the Netty
 *       channel to pass descriptors on, {@link dev.hapair.proxy.stats.CliSession#exposeFdListeners()} says whether
 *       the socket allows it).</li>
 *   <li>{@link dev.hapair.proxy.stats.StatsService}: wires all of it for a running daemon
 *       ({@code ProxyDaemon.stats()}); {@link dev.hapair.proxy.stats.StatsService#update} re-installs the pages on
 *       a reloaded runtime while the sockets stay open.</li>
 * </ul>
 */
package dev.hapair.proxy.stats;
