package dev.hapair.proxy.lb;

import java.util.Objects;

/**
 * Result of a balancing decision.
 *
 * <ul>
 *   <li>{@link Outcome#SERVER}: use {@link #server()}. With hash algorithms and cookie persistence the
 *       server may already be full: the runtime then queues on that server, as HAProxy does.</li>
 *   <li>{@link Outcome#QUEUE}: usable servers exist but all are at {@code maxconn}: queue in the backend
 *       (subject to {@code timeout queue}).</li>
 *   <li>{@link Outcome#NO_SERVER}: no usable server at all: answer 503 / close.</li>
 * </ul>
 */
public final class Selection<S extends LbServer> {

    public enum Outcome {
        SERVER,
        QUEUE,
        NO_SERVER
    }

    @SuppressWarnings("rawtypes")
    private static final Selection QUEUE = new Selection<>(Outcome.QUEUE, null);

    @SuppressWarnings("rawtypes")
    private static final Selection NO_SERVER = new Selection<>(Outcome.NO_SERVER, null);

    private final Outcome outcome;
    private final S server;

    private Selection(Outcome outcome, S server) {
        this.outcome = outcome;
        this.server = server;
    }

    public static <S extends LbServer> Selection<S> of(S server) {
        return new Selection<>(Outcome.SERVER, Objects.requireNonNull(server, "server"));
    }

    @SuppressWarnings("unchecked")
    public static <S extends LbServer> Selection<S> queue() {
        return QUEUE;
    }

    @SuppressWarnings("unchecked")
    public static <S extends LbServer> Selection<S> noServer() {
        return NO_SERVER;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The chosen server, or null unless {@link #outcome()} is {@link Outcome#SERVER}. */
    public S server() {
        return server;
    }

    public boolean hasServer() {
        return outcome == Outcome.SERVER;
    }

    @Override
    public String toString() {
        return outcome == Outcome.SERVER ? "SERVER(" + server.name() + ")" : outcome.name();
    }
}
