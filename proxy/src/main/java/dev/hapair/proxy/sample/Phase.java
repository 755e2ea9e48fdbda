package dev.hapair.proxy.sample;

import java.util.EnumSet;
import java.util.Set;

/**
 * What data exists when a rule runs. A fetch declares the one phase its data needs; each rule keyword
 * has the set of phases available to it, so {@code -c} rejects a fetch used where its data cannot exist
 * ({@code res.hdr} in {@code http-request}, {@code path} in {@code tcp-request connection}).
 */
public enum Phase {
    /** Addresses and ports of the accepted connection. */
    CONNECTION("connection addresses"),
    /** The session is set up (after the PROXY protocol header, if any). */
    SESSION("session"),
    /**
     * Bytes of the request waiting in the buffer: {@code tcp-request content} in a {@code mode tcp} proxy
     * (HTTP proxies parse the bytes into messages, so HAProxy's payload fetches never match there).
     */
    REQUEST_CONTENT("request contents"),
    /** Bytes of the response waiting in the buffer ({@code tcp-response content}, {@code mode tcp}). */
    RESPONSE_CONTENT("response contents"),
    /**
     * How much of the request is buffered ({@code req.len}): raw bytes in {@code mode tcp}, the parsed message
     * in HTTP proxies (HAProxy's HTX size); request rules only.
     */
    REQUEST_BUFFER("buffered request contents"),
    /**
     * Whether the request is HTTP ({@code req.proto_http}): judged on the buffered bytes in {@code mode tcp},
     * known once parsed in HTTP proxies (request and response rules alike).
     */
    REQUEST_PROTOCOL("request contents or headers"),
    /** How much of the response is buffered ({@code res.len}); response rules only. */
    RESPONSE_BUFFER("buffered response contents"),
    /**
     * The parsed HTTP request head and body: volatile, HAProxy releases them once the request is forwarded,
     * so its response rules refuse fetches of them ({@code url}, {@code req.hdr}, {@code cook}, {@code req.body}).
     */
    HTTP_REQUEST("HTTP request headers"),
    /**
     * What HAProxy keeps of the request for the response and the log ({@code method}, {@code http_first_req},
     * {@code capture.req.*}): available to request and response rules alike.
     */
    HTTP_REQUEST_KEPT("persistent HTTP request data"),
    /**
     * The headers of the message the rule runs on ({@code hdr()}: the request's in request rules, the
     * response's in response rules).
     */
    HTTP_HEADERS("HTTP headers"),
    /** The parsed HTTP response head. */
    HTTP_RESPONSE("HTTP response headers"),
    /** The transaction is over (log formats). */
    LOG("end of transaction");

    private final String what;

    Phase(String what) {
        this.what = what;
    }

    public String what() {
        return what;
    }

    public static final Set<Phase> TCP_CONNECTION = EnumSet.of(CONNECTION);
    public static final Set<Phase> TCP_SESSION = EnumSet.of(CONNECTION, SESSION);
    public static final Set<Phase> TCP_CONTENT =
            EnumSet.of(CONNECTION, SESSION, REQUEST_CONTENT, REQUEST_BUFFER, REQUEST_PROTOCOL);
    /** {@code tcp-request content} in an HTTP proxy sees the parsed request, not raw bytes. */
    public static final Set<Phase> TCP_CONTENT_HTTP = EnumSet.of(
            CONNECTION, SESSION, HTTP_REQUEST, HTTP_REQUEST_KEPT, HTTP_HEADERS, REQUEST_BUFFER, REQUEST_PROTOCOL);
    /** {@code tcp-response content} in a {@code mode tcp} proxy. */
    public static final Set<Phase> TCP_RESPONSE = EnumSet.of(CONNECTION, SESSION, RESPONSE_CONTENT, RESPONSE_BUFFER);
    /**
     * {@code tcp-response content} in an HTTP proxy sees the parsed response, not raw bytes, and only what is
     * kept of the request (as HAProxy, which refuses the request's volatile fetches there).
     */
    public static final Set<Phase> TCP_RESPONSE_HTTP = EnumSet.of(
            CONNECTION, SESSION, HTTP_REQUEST_KEPT, HTTP_HEADERS, HTTP_RESPONSE, RESPONSE_BUFFER, REQUEST_PROTOCOL);

    public static final Set<Phase> HTTP_REQ = EnumSet.of(
            CONNECTION, SESSION, HTTP_REQUEST, HTTP_REQUEST_KEPT, HTTP_HEADERS, REQUEST_BUFFER, REQUEST_PROTOCOL);
    /** {@code http-response}, {@code http-after-response}: the request's volatile data is gone. */
    public static final Set<Phase> HTTP_RES = EnumSet.of(
            CONNECTION, SESSION, HTTP_REQUEST_KEPT, HTTP_HEADERS, HTTP_RESPONSE, RESPONSE_BUFFER, REQUEST_PROTOCOL);

    public static final Set<Phase> ALL = EnumSet.allOf(Phase.class);
}
