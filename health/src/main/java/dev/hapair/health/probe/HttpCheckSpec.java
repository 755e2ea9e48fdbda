package dev.hapair.health.probe;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * What an HTTP check sends and expects, as configured by {@code option httpchk [<method> <uri> [<version>]]},
 * {@code http-check send hdr ... body ...}, {@code http-check expect status ...} and
 * {@code http-check disable-on-404}.
 *
 * <p>The request line is written literally as {@code METHOD SP URI SP VERSION CRLF}, so the classic
 * haproxy.cfg hack {@code option httpchk GET /health HTTP/1.1\r\nHost:\ www} (version carrying an extra
 * header once the config parser has unescaped it) produces exactly the bytes HAProxy sends.
 *
 * @param method       request method, default {@code OPTIONS}
 * @param uri          request URI, default {@code /}
 * @param version      HTTP version token (possibly with appended raw header lines), default {@code HTTP/1.0}
 * @param headers      extra headers ({@code http-check send hdr <name> <value>}), in order
 * @param body         request body ({@code http-check send body}); empty for none; adds Content-Length
 * @param expect       passing statuses
 * @param disableOn404 {@code http-check disable-on-404}: a 404 yields L7OKC (conditionally passed)
 * @param bodyExpect   {@code http-check expect [!] string|rstring}; null for none. When set and
 *                     {@code expect} is the implicit default, the status is not checked (as in HAProxy,
 *                     configured expect rules replace the default)
 */
public record HttpCheckSpec(
        String method,
        String uri,
        String version,
        List<Header> headers,
        String body,
        StatusExpectation expect,
        boolean disableOn404,
        BodyExpectation bodyExpect) {

    /** One request header line. */
    public record Header(String name, String value) {
        public Header {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    public HttpCheckSpec {
        method = method == null || method.isEmpty() ? "OPTIONS" : method;
        uri = uri == null || uri.isEmpty() ? "/" : uri;
        version = version == null || version.isEmpty() ? "HTTP/1.0" : version;
        headers = headers == null ? List.of() : List.copyOf(headers);
        body = body == null ? "" : body;
        expect = expect == null ? StatusExpectation.defaults() : expect;
    }

    /** Without a body rule (the original 7-component form, kept for source compatibility). */
    public HttpCheckSpec(
            String method,
            String uri,
            String version,
            List<Header> headers,
            String body,
            StatusExpectation expect,
            boolean disableOn404) {
        this(method, uri, version, headers, body, expect, disableOn404, null);
    }

    /** Bare {@code option httpchk}: {@code OPTIONS / HTTP/1.0}, 2xx/3xx pass. */
    public static HttpCheckSpec defaults() {
        return new HttpCheckSpec(null, null, null, null, null, null, false);
    }

    /** {@code option httpchk <method> <uri> [<version>]}; nulls take the defaults. */
    public static HttpCheckSpec of(String method, String uri, String version) {
        return new HttpCheckSpec(method, uri, version, null, null, null, false);
    }

    public HttpCheckSpec withExpect(StatusExpectation e) {
        return new HttpCheckSpec(method, uri, version, headers, body, e, disableOn404, bodyExpect);
    }

    /** Adds {@code http-check send hdr <name> <value>} (e.g. {@code Host}). */
    public HttpCheckSpec withHeader(String name, String value) {
        List<Header> h = new java.util.ArrayList<>(headers);
        h.add(new Header(name, value));
        return new HttpCheckSpec(method, uri, version, h, body, expect, disableOn404, bodyExpect);
    }

    public HttpCheckSpec withBody(String b) {
        return new HttpCheckSpec(method, uri, version, headers, b, expect, disableOn404, bodyExpect);
    }

    public HttpCheckSpec withDisableOn404(boolean v) {
        return new HttpCheckSpec(method, uri, version, headers, body, expect, v, bodyExpect);
    }

    /** Sets the {@code http-check expect [!] string|rstring} rule (null removes it). */
    public HttpCheckSpec withBodyExpect(BodyExpectation b) {
        return new HttpCheckSpec(method, uri, version, headers, body, expect, disableOn404, b);
    }

    /** The exact bytes sent on the wire. */
    public byte[] requestBytes() {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(uri).append(' ').append(version).append("\r\n");
        for (Header h : headers) {
            sb.append(h.name()).append(": ").append(h.value()).append("\r\n");
        }
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0) {
            sb.append("Content-Length: ").append(b.length).append("\r\n");
        }
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + b.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(b, 0, all, head.length, b.length);
        return all;
    }
}
