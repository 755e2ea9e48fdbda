package dev.hapair.proxy.netty;

/**
 * What an HTTP client connection does when its timeout expires or its client goes away, decided apart from
 * channels, clocks and buffers: the session states where it is ({@link Stage}, plus a few facts) and carries
 * out the {@link Action} it gets back. The termination causes are HAProxy 2.6's two letters (who, in which
 * phase), so a log line says what HAProxy's would.
 */
final class ExchangeEvents {
    private ExchangeEvents() {}

    /** Where a client connection is, as far as its timeout and its client going away are concerned. */
    enum Stage {
        /** No request yet on this connection, nothing of one received. */
        FIRST_HEAD,
        /** Part of a request head received. */
        PARTIAL_HEAD,
        /** Keep-alive: between two requests, nothing received. */
        IDLE,
        /** The request rules wait for the request body ({@code http-buffer-request}, {@code wait-for-body}). */
        REQUEST_BODY_WAIT,
        /** hapair answers the request itself; its body is still being read (and discarded or collected). */
        LOCAL_BODY,
        /** The request waits in a queue for a server slot ({@code maxconn}). */
        QUEUED,
        /** A server is being connected (connect, retries, TLS handshake). */
        CONNECTING,
        /** The server is connected and the request body is still being forwarded, no response yet. */
        REQUEST_BODY,
        /** The request is complete; the response head has not come. */
        WAIT_RESPONSE,
        /** The response rules wait for the response body ({@code http-response wait-for-body}). */
        RESPONSE_BODY_WAIT,
        /** The response is being relayed to the client. */
        RESPONSE_BODY,
        /** After a 101 or a CONNECT's 2xx: bytes relayed both ways. */
        TUNNEL,
        /** Closing or closed. */
        CLOSED
    }

    /** What the session does. */
    sealed interface Action {}

    /** Nothing to do (another timer owns this stage, or the connection is already closing). */
    record Ignore() implements Action {}

    /** Closes the client connection without a word and without a log line (keep-alive idle, or closing). */
    record Close() implements Action {}

    /**
     * Answers {@code status} with hapair's error page, logs {@code termination} and closes; the request is
     * counted as failed ({@code ereq}) when {@code requestError}.
     */
    record Answer(int status, Termination termination, boolean requestError) implements Action {}

    /** The server failed the exchange: {@code status} to the client if nothing was sent yet, server connection closed. */
    record ServerFailure(int status, Termination termination) implements Action {}

    /**
     * Ends the exchange at once: the server connection (or attempt) is dropped, the client connection closed,
     * the log says {@code termination} (null: as it was) and, when {@code status} is not -1, that status.
     */
    record Abort(Termination termination, int status) implements Action {}

    /**
     * The client will send nothing more but may still read: the exchange goes on and the connection closes
     * after its response.
     */
    record FinishThenClose() implements Action {}

    /**
     * The rules that waited for the request body run once more with what came (HAProxy's wait ends on the
     * client's close, then the backend is chosen); the exchange then ends as a client abort ({@code CR})
     * unless the rules answered it themselves.
     */
    record ResumeThenAbort(Termination termination) implements Action {}

    private static final Ignore IGNORE = new Ignore();
    private static final Close CLOSE = new Close();

    /** The connection's timeout expired in {@code stage}. */
    static Action timeout(Stage stage, boolean requestDone, boolean clientWritable) {
        return switch (stage) {
            case CLOSED, QUEUED, CONNECTING -> IGNORE; // the server attempt has its own timers
            case IDLE -> CLOSE;
                // slow or silent client: HAProxy answers 408 and logs cR
            case FIRST_HEAD, PARTIAL_HEAD -> new Answer(408, Termination.CLIENT_TIMEOUT_REQUEST, true);
                // the body did not come in time: 408, in the data phase (HAProxy's http_wait_for_msg_body)
            case REQUEST_BODY_WAIT -> new Answer(408, Termination.CLIENT_TIMEOUT_DATA, true);
            case LOCAL_BODY, REQUEST_BODY -> new Abort(Termination.CLIENT_TIMEOUT_DATA, -1);
            case WAIT_RESPONSE -> new ServerFailure(504, Termination.SERVER_TIMEOUT_HEADERS);
            case RESPONSE_BODY_WAIT -> new ServerFailure(504, Termination.SERVER_TIMEOUT_DATA);
            case RESPONSE_BODY -> new Abort(
                    !requestDone || !clientWritable ? Termination.CLIENT_TIMEOUT_DATA : Termination.SERVER_TIMEOUT_DATA,
                    -1);
            case TUNNEL -> new Abort(null, -1);
        };
    }

    /**
     * The client connection is gone (closed or reset): what the exchange in {@code stage} is logged as (null:
     * there is none). {@code responseStarted}: hapair's own answer went out while the request body came.
     */
    static Termination clientGone(Stage stage, boolean responseStarted) {
        return switch (stage) {
            case CLOSED, FIRST_HEAD, PARTIAL_HEAD, IDLE -> null;
            case TUNNEL -> Termination.NORMAL;
            case REQUEST_BODY_WAIT -> Termination.CLIENT_ABORT_REQUEST;
            case LOCAL_BODY -> responseStarted ? Termination.CLIENT_ABORT_DATA : Termination.CLIENT_ABORT_REQUEST;
            case QUEUED -> Termination.CLIENT_ABORT_QUEUE;
            case CONNECTING -> Termination.CLIENT_ABORT_CONNECT;
            case WAIT_RESPONSE -> Termination.CLIENT_ABORT_HEADERS;
            case REQUEST_BODY, RESPONSE_BODY_WAIT, RESPONSE_BODY -> Termination.CLIENT_ABORT_DATA;
        };
    }

    /** The same, when an administrator killed the session ({@code shutdown session}): 'K' instead of 'C'. */
    static Termination clientGoneKilled(Stage stage, boolean responseStarted) {
        Termination t = clientGone(stage, responseStarted);
        return t == null ? null : Termination.killed(t);
    }

    /**
     * The client closed its sending side (a FIN: it may still read). Without {@code option abortonclose} a
     * complete request is still served, as HAProxy does; with it, a request still waiting for a server or
     * for the response head is aborted ({@code CQ}, {@code CC}, or {@code CH} logged with status 400 as
     * HAProxy's). An incomplete request can never complete: that is a client abort.
     */
    static Action clientShut(Stage stage, boolean requestDone, boolean abortOnClose) {
        return switch (stage) {
            case CLOSED, FIRST_HEAD, PARTIAL_HEAD, IDLE, TUNNEL, LOCAL_BODY, REQUEST_BODY -> CLOSE;
            case REQUEST_BODY_WAIT -> new ResumeThenAbort(Termination.CLIENT_ABORT_REQUEST);
            case QUEUED, CONNECTING, WAIT_RESPONSE -> !requestDone
                    ? CLOSE
                    : abortOnClose
                            ? new Abort(clientGone(stage, false), stage == Stage.WAIT_RESPONSE ? 400 : -1)
                            : new FinishThenClose();
            case RESPONSE_BODY_WAIT, RESPONSE_BODY -> new FinishThenClose();
        };
    }
}
