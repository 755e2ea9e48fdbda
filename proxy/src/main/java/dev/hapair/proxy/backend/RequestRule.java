package dev.hapair.proxy.backend;

/**
 * Marker for an {@code http-request} rule attached to a frontend or backend; the HTTP layer
 * ({@code dev.hapair.proxy.http.HttpRequestRule}) gives it meaning.
 */
public interface RequestRule {}
