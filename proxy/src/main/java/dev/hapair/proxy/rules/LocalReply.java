package dev.hapair.proxy.rules;

import java.util.AbstractMap;
import java.util.List;
import java.util.Map;

/**
 * A response the proxy produces itself (deny, return, redirect, auth, error files): status line, header
 * lines in order, body. Header names are written as given.
 */
public record LocalReply(int status, String reason, List<Map.Entry<String, String>> headers, byte[] body) {

    /** No response at all: the connection is closed (an empty error file). */
    public static final LocalReply SILENT = new LocalReply(0, "", List.of(), new byte[0]);

    public boolean silent() {
        return status == 0;
    }

    public LocalReply {
        headers = List.copyOf(headers);
    }

    public static Map.Entry<String, String> header(String name, String value) {
        return new AbstractMap.SimpleImmutableEntry<>(name, value);
    }

    /** The first value of {@code name}, or null. */
    public String header(String name) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }
}
