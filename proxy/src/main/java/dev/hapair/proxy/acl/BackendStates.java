package dev.hapair.proxy.acl;

/** Live backend state ACLs may read, supplied by the runtime at evaluation time. */
@FunctionalInterface
public interface BackendStates {

    /** Never any usable server: for evaluating conditions that don't use nbsrv. */
    BackendStates NONE = backend -> 0;

    /**
     * HAProxy's {@code nbsrv(backend)}: usable servers of the named backend (see
     * {@code ServerSelector.usableServers()}); 0 for an unknown backend. {@code backend} is null for a bare
     * {@code nbsrv} (no argument), meaning the backend the rule belongs to.
     */
    int usableServers(String backend);
}
