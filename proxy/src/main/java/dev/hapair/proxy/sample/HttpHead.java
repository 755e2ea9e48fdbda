package dev.hapair.proxy.sample;

import java.util.List;
import java.util.Map;

/**
 * Read access to one HTTP message head, whatever engine holds it. Field values are returned as received
 * (not comma-split), names case-insensitively.
 */
public interface HttpHead {

    /** Every value of {@code name} in order; empty when absent. */
    List<String> headers(String name);

    /** {@link #oneHeader}'s answer when several lines have the name (compare by identity). */
    @SuppressWarnings("StringOperationCanBeSimplified") // a distinct instance, told apart by identity
    String SEVERAL = new String("(several lines)");

    /**
     * The value of the only line named {@code name}; null when there is none, {@link #SEVERAL} when there are
     * more (then read {@link #headers}). Lets the usual single line be read without building a list.
     */
    default String oneHeader(String name) {
        List<String> v = headers(name);
        return v.isEmpty() ? null : v.size() == 1 ? v.get(0) : SEVERAL;
    }

    /** Whether a line named {@code name} exists. */
    default boolean has(String name) {
        return !headers(name).isEmpty();
    }

    /** Every header line in order, as name/value pairs ({@code req.hdrs}, {@code hdr_cnt} without name). */
    List<Map.Entry<String, String>> headerLines();

    /** Request method, or null for a response. */
    default String method() {
        return null;
    }

    /** Request target (as edited by the rules so far), or null for a response. */
    default String uri() {
        return null;
    }

    /**
     * Request method as the client sent it, before any rule changed it (HAProxy's captured request line, read by
     * {@code %r}, {@code %HM} and {@code capture.req.method}); null for a response.
     */
    default String receivedMethod() {
        return method();
    }

    /**
     * Request target as the client sent it, before any rule changed it (HAProxy's captured request line, read by
     * {@code %r}, {@code %HU}, {@code %HP}, {@code %HPO}, {@code %HQ} and {@code capture.req.uri}); null for a
     * response.
     */
    default String receivedUri() {
        return uri();
    }

    /**
     * Request version as the client sent it ({@code HTTP/1.2} is not shown as 1.1), as HAProxy's captured request
     * line has it for {@code %r}, {@code %HV} and {@code capture.req.ver}; null for a response.
     */
    default String receivedVersion() {
        String v = version();
        return v == null ? null : "HTTP/" + v;
    }

    /**
     * The {@code path} sample: the request target's path (null for a response). Many rules read it on every
     * request; an engine may keep it while the target stays the same.
     */
    default Sample pathSample() {
        String p = Uris.path(uri());
        return p == null ? null : Sample.str(p);
    }

    /** Response status, or 0 for a request. */
    default int status() {
        return 0;
    }

    /** Response reason phrase as received, or null for a request. */
    default String reason() {
        return null;
    }

    /** "1.0", "1.1". */
    String version();
}
