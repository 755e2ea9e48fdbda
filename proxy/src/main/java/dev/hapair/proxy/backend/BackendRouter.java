package dev.hapair.proxy.backend;

/**
 * Chooses the backend for a request: {@code use_backend NAME if COND} rules in order, then
 * {@code default_backend}. Null means no backend (answered with 503).
 */
@FunctionalInterface
public interface BackendRouter {
    BackendRuntime route(RequestInfo request);

    static BackendRouter always(BackendRuntime backend) {
        return r -> backend;
    }
}
