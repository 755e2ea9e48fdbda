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

    /** Every header line in order, as name/value pairs ({@code req.hdrs}, {@code hdr_cnt} without name). */
    List<Map.Entry<String, String>> headerLines();

    /** Request method, or null for a response. */
    default String method() {
        return null;
    }

    /** Request target as received, or null for a response. */
    default String uri() {
        return null;
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
