package dev.hapair.proxy.sample;

import java.net.InetSocketAddress;

/**
 * Everything a fetch may read while a rule runs. Each method returns null / -1 / empty when its data does
 * not exist in the current phase; the phase check at {@code -c} keeps configured fetches from asking for
 * data that can never exist there. Implemented by the proxy's connection and transaction objects.
 */
public interface SampleContext {

    /** The stream's tracked counter {@code slot} (0-2, {@code track-scN}), or null. */
    default dev.hapair.proxy.stick.Tracked tracked(int slot) {
        return null;
    }

    default InetSocketAddress source() {
        return null;
    }

    /** {@link #source()}'s address as the {@code src} sample, or null (none, or a UNIX socket). */
    default Sample sourceSample() {
        InetSocketAddress a = source();
        return a == null || a.getAddress() == null ? null : Sample.addr(a.getAddress());
    }

    default InetSocketAddress destination() {
        return null;
    }

    /**
     * Why the client connection failed before a stream could start ({@code fc_err}, {@code ssl_fc_err}); null
     * for a connection that succeeded, which is every connection rules and stream logs see.
     */
    default ConnectionError connectionError() {
        return null;
    }

    /** True when the client connection is TLS ({@code ssl_fc}). */
    default boolean secure() {
        return false;
    }

    /** The client connection's TLS handshake ({@code ssl_fc_*}), or null before one / without TLS. */
    /** The TLS of the server connection the response came from ({@code ssl_s_*}); null when clear or none. */
    default TlsFacts serverTls() {
        return null;
    }

    default TlsFacts tls() {
        return null;
    }

    /** The PROXY protocol v2 header's TLVs ({@code fc_pp_authority}, {@code fc_pp_unique_id}). */
    default ProxyTlvs proxyTlvs() {
        return ProxyTlvs.NONE;
    }

    /** The request head, or null outside HTTP. */
    default HttpHead request() {
        return null;
    }

    /** The response head, or null before the response. */
    default HttpHead response() {
        return null;
    }

    /** Bytes of the request received so far (TCP content inspection); null when not buffered. */
    default byte[] requestPayload() {
        return null;
    }

    /** Bytes of the response received so far ({@code tcp-response content}); null when not buffered. */
    default byte[] responsePayload() {
        return null;
    }

    /**
     * False while content inspection may still receive more bytes ({@code inspect-delay} running, buffer not
     * full, no FIN): a content fetch that finds too little then reports {@link #contentMissing()} so the
     * condition is undecided (HAProxy's "may change") instead of false.
     */
    default boolean contentFinal() {
        return true;
    }

    /** A content fetch could not answer from the bytes so far, and more may come. */
    default void contentMissing() {}

    /** How many times {@link #contentMissing()} was reported (conditions compare before and after a test). */
    default int contentMisses() {
        return 0;
    }

    /**
     * The request body received so far, de-chunked, when the request waited for it ({@code option
     * http-buffer-request}, {@code wait-for-body}); null otherwise.
     */
    default byte[] requestBody() {
        return null;
    }

    /** The client connection ({@code fc_src}, {@code fc_rcvd_proxy}, {@code so_id}...), or null. */
    default ClientConnection connection() {
        return null;
    }

    /** Where the rule that last gave a final verdict on this stream was written, or null. */
    default dev.hapair.common.config.SourceLocation lastRule() {
        return null;
    }

    /** The variables of this session / transaction; never null for a context used by rules. */
    default Vars vars() {
        return null;
    }

    /** Live proxy state: server counts, backend names. */
    default ProxyState proxyState() {
        return ProxyState.NONE;
    }

    /** The {@code name} of the {@code bind} line that accepted the connection ({@code so_name}), or null. */
    default String listenerName() {
        return null;
    }

    /** Name of the frontend / backend handling this stream, for {@code fe_name}, {@code be_name}. */
    default String frontendName() {
        return null;
    }

    default String backendName() {
        return null;
    }

    /** Name of the server that handled the request, once chosen. */
    default String serverName() {
        return null;
    }

    /** Numeric id of that server ({@code id} or its position), or -1. */
    default int serverId() {
        return -1;
    }

    /**
     * A timeout of the stream in milliseconds, or -1 when unknown here: {@code client} (the frontend's),
     * {@code server} / {@code tunnel} as the backend configures them ({@code current} false) or as the stream
     * now applies them after {@code set-timeout} ({@code current} true).
     */
    default long timeout(String which, boolean current) {
        return -1;
    }

    /** The transaction's unique id ({@code unique-id-format}), or null. */
    default String uniqueId() {
        return null;
    }

    /**
     * {@code http_first_req}: whether the request is the first of its client connection (every HTTP/2 stream is a
     * later one, as HAProxy counts them), or null outside an HTTP transaction.
     */
    default Boolean firstRequest() {
        return null;
    }

    /** Captured request header number {@code index} ({@code capture request header}), or null. */
    default String capturedRequestHeader(int index) {
        return null;
    }

    default String capturedResponseHeader(int index) {
        return null;
    }

    /** Every captured request header slot in declaration order (null for an absent header). */
    default java.util.List<String> capturedRequestHeaders() {
        return java.util.List.of();
    }

    default java.util.List<String> capturedResponseHeaders() {
        return java.util.List.of();
    }

    /** Timers, counters and termination state of the transaction, for log formats; null outside logging. */
    default dev.hapair.proxy.log.TrafficLogEntry logEntry() {
        return null;
    }

    /** Users list lookups for {@code http_auth()}. */
    default UserCheck users() {
        return UserCheck.NONE;
    }

    /** Wall clock, in milliseconds since the epoch. */
    default long nowMillis() {
        return System.currentTimeMillis();
    }

    /** Checks {@code Authorization: Basic} credentials against {@code userlist} sections. */
    interface UserCheck {
        UserCheck NONE = (list, user, password) -> null;

        /** Groups of {@code user} in {@code list} when the password is right, else null. */
        java.util.Set<String> authenticate(String list, String user, String password);
    }
}
