/**
 * HTTP semantics above the wire format: compiled {@code http-request} rules
 * ({@link dev.hapair.proxy.http.HttpRequestRule}, run in order by {@link dev.hapair.proxy.http.RequestRules}),
 * header-name matching, the built-in error pages and local services (stats page, monitor-uri). The wire format
 * itself is {@code dev.hapair.proxy.h1}.
 */
package dev.hapair.proxy.http;
