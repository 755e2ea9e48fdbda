package dev.hapair.proxy.config;

import java.util.List;
import java.util.Optional;

/**
 * One section's HTTP check request as written: the implicit one of {@code option httpchk <meth> <uri> <ver>} or an
 * explicit {@code http-check send}. HAProxy 2.6 keeps one send rule per section and merges the two in the order
 * written ({@link #overwrittenBy}): the later one's method, URI, version and body replace the earlier one's when it
 * has them, and its header list replaces the earlier list whole (the idiom of headers after the version string on
 * the option line is thus dropped by an {@code http-check send} after it).
 *
 * @param explicit from {@code http-check send} (or merged into one)
 */
public record HttpCheckSend(
        Optional<String> method,
        Optional<String> uri,
        Optional<String> version,
        List<Header> headers,
        Optional<String> body,
        boolean explicit) {

    public HttpCheckSend {
        headers = List.copyOf(headers);
    }

    /** No send rule: every field HAProxy's default (OPTIONS / HTTP/1.0, no header, no body). */
    static final HttpCheckSend NONE =
            new HttpCheckSend(Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Optional.empty(), false);

    /** A header of the check request, as configured (the probe writes the name as given). */
    public record Header(String name, String value) {}

    /** HAProxy's tcpcheck merge of {@code later} into this rule; the result is explicit if either is. */
    HttpCheckSend overwrittenBy(HttpCheckSend later) {
        return new HttpCheckSend(
                later.method.or(() -> method),
                later.uri.or(() -> uri),
                later.version.or(() -> version),
                later.headers,
                later.body.or(() -> body),
                explicit || later.explicit);
    }
}
