package dev.hapair.proxy.h1;

import java.nio.charset.StandardCharsets;

/**
 * RFC 9112 section 6 message body length, decided from a parsed head, with the checks that keep two
 * parsers from disagreeing about where a message ends.
 */
final class Framing {
    private Framing() {}

    static void decideRequest(RequestHead h) throws H1Exception {
        // HAProxy 2.6 refuses the method PRI (any case) with 400: it is reserved for the HTTP/2 preface
        if (h.isPri()) throw new H1Exception("PRI is reserved for the HTTP/2 preface", 0);
        h.connectionFlags = (byte) connectionFlags(h);
        checkHost(h);
        boolean te = h.hasHeader("transfer-encoding");
        long cl = contentLength(h);
        if (te) {
            Codings codings = transferCodings(h);
            // empty fields only: HAProxy 2.6 finds no coding, and a request without a final chunked is a 400
            if (codings == Codings.NONE) throw new H1Exception("Transfer-Encoding without a coding", -1);
            if (h.isHttp10()) checkHttp10Payload(h);
            // HAProxy 2.6 answers any other request transfer-coding before a final chunked with 422, as we do
            // (on HTTP/1.0 too, where the 413 above comes first, as there)
            if (codings == Codings.OTHERS_THEN_CHUNKED)
                throw new H1Exception("request transfer-coding other than chunked", -1, 422);
            if (h.isHttp10()) throw new H1Exception("Transfer-Encoding in an HTTP/1.0 request", -1);
            if (cl >= 0) dropLengthBesideChunked(h);
            h.framing = BodyFraming.CHUNKED;
        } else {
            if (cl > 0 && h.isHttp10()) checkHttp10Payload(h);
            h.framing = cl > 0 ? BodyFraming.length(cl) : BodyFraming.NONE;
        }
        if ((h.connectionFlags & MessageHead.CONN_UPGRADE) != 0 && h.framing != BodyFraming.NONE) dropUpgrade(h);
    }

    /**
     * A request with a body is not upgraded: HAProxy 2.6 removes its Upgrade fields and forwards it as a plain
     * request (the server could switch protocols before it has read the body, leaving the rest of the body to
     * be read as the new protocol's bytes: h2c smuggling).
     */
    private static void dropUpgrade(RequestHead h) {
        for (int i = h.indexOf("upgrade", 0); i >= 0; i = h.indexOf("upgrade", i + 1)) h.delete(i);
        h.connectionFlags &= ~MessageHead.CONN_UPGRADE;
    }

    /**
     * An HTTP/1.0 GET, HEAD or DELETE with a body (a Content-Length above 0, or chunked) is refused with 413,
     * as HAProxy 2.6 refuses it by default ({@code h1-accept-payload-with-any-method}, which hapair does not
     * implement, turns that off there): HTTP/1.0 servers may not look for a body there, so the body would be
     * read as the next request. Checked on HTTP/1.0 requests with framing fields only.
     */
    private static void checkHttp10Payload(RequestHead h) throws H1Exception {
        if (h.isGetHeadOrDelete()) throw new H1Exception("HTTP/1.0 GET/HEAD/DELETE request with a payload", -1, 413);
    }

    static void decideResponse(ResponseHead h, boolean headRequest) throws H1Exception {
        h.connectionFlags = (byte) connectionFlags(h);
        boolean te = h.hasHeader("transfer-encoding");
        long cl = contentLength(h);
        boolean chunked = false;
        if (te) {
            if (h.isHttp10()) throw new H1Exception("Transfer-Encoding in an HTTP/1.0 response", -1);
            // RFC 9112 6.3 would read a body whose last coding is not chunked until the close, and would pass
            // other codings before chunked; HAProxy 2.6 refuses both (502), and so do we: a length nobody can
            // check is no framing to forward
            Codings codings = transferCodings(h);
            chunked = codings == Codings.CHUNKED_ONLY;
            // empty Transfer-Encoding fields name no coding, so chunked is not the last one: RFC 9112 6.3 reads
            // the body until the close, as HAProxy 2.6 does (it forwards the empty field, drops the length and
            // closes); any other coding is refused
            if (!chunked && codings != Codings.NONE)
                throw new H1Exception("Transfer-Encoding of a response other than chunked alone", -1);
            if (cl >= 0) dropLengthBesideChunked(h);
            else if (!chunked) h.connectionFlags |= MessageHead.CONN_CLOSE;
        }
        int s = h.status();
        if (headRequest || s < 200 || s == 204 || s == 304) {
            h.framing = BodyFraming.NONE;
        } else if (te) {
            h.framing = chunked ? BodyFraming.CHUNKED : BodyFraming.UNTIL_CLOSE;
        } else if (cl >= 0) {
            h.framing = BodyFraming.length(cl);
        } else {
            h.framing = BodyFraming.UNTIL_CLOSE;
        }
    }

    /**
     * Content-Length beside a final chunked: RFC 9112 6.3 says chunked wins and an intermediary removes the
     * length before forwarding; such a message may be an attempt at smuggling or splitting, so the connection
     * it came on is not kept (6.1: a server must close it after responding). HAProxy 2.6 does the same.
     */
    private static void dropLengthBesideChunked(MessageHead h) {
        for (int i = h.indexOf("content-length", 0); i >= 0; i = h.indexOf("content-length", i + 1)) h.delete(i);
        h.connectionFlags |= MessageHead.CONN_CLOSE;
    }

    /**
     * The single Content-Length of the head, or -1 when there is none. Several equal values (in one list or
     * several fields) are merged into one field, as HAProxy does; differing or malformed values are refused.
     */
    private static long contentLength(MessageHead h) throws H1Exception {
        long value = -1;
        int first = -1;
        boolean merge = false;
        for (int i = h.indexOf("content-length", 0); i >= 0; i = h.indexOf("content-length", i + 1)) {
            byte[] b = valueBytes(h, i);
            int from = valueFrom(h, i), to = valueTo(h, i, b);
            int elems = 0;
            for (; ; ) { // the comma-separated elements (empty ones refused), read in place
                int comma = indexOf(b, ',', from, to);
                long n = parseLength(b, HeadParser.skipWs(b, from, comma), HeadParser.trimWs(b, from, comma));
                if (value >= 0 && n != value) throw new H1Exception("conflicting Content-Length values", -1);
                value = n;
                elems++;
                if (comma == to) break;
                from = comma + 1;
            }
            if (first < 0) {
                first = i;
                merge |= elems > 1;
            } else {
                merge = true;
            }
        }
        if (merge) {
            for (int i = h.indexOf("content-length", first + 1); i >= 0; i = h.indexOf("content-length", i + 1))
                h.delete(i);
            h.replaceValue(first, Long.toString(value));
        }
        return value;
    }

    // (values hold no CTL but HTAB, checked by the parser: SP and HTAB are all the whitespace trimmed)
    private static long parseLength(byte[] b, int from, int to) throws H1Exception {
        if (to <= from) throw new H1Exception("invalid Content-Length", -1);
        while (to - from > 1 && b[from] == '0') from++; // leading zeros do not count (HAProxy 2.6 reads them)
        if (to - from > 18) throw new H1Exception("invalid Content-Length", -1);
        long n = 0;
        for (int k = from; k < to; k++) {
            int c = b[k];
            if (c < '0' || c > '9') throw new H1Exception("invalid Content-Length", -1);
            n = n * 10 + (c - '0');
        }
        return n;
    }

    // A field value as bytes without building a String: the received bytes in place, or (for a folded value,
    // the only edit there is at parse time) the normalised value's bytes.

    private static byte[] valueBytes(MessageHead h, int i) {
        return h.rawValueStart(i) >= 0 ? h.raw : h.fieldValue(i).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int valueFrom(MessageHead h, int i) {
        return Math.max(0, h.rawValueStart(i));
    }

    private static int valueTo(MessageHead h, int i, byte[] b) {
        return h.rawValueStart(i) >= 0 ? h.rawValueEnd(i) : b.length;
    }

    /** Index of {@code c} in {@code b[from, to)}, or {@code to}. */
    private static int indexOf(byte[] b, char c, int from, int to) {
        for (int k = from; k < to; k++) if (b[k] == c) return k;
        return to;
    }

    /** ASCII case-insensitive: {@code b[from, to)} is {@code lower} (given in lower case). */
    private static boolean isToken(byte[] b, int from, int to, String lower) {
        if (to - from != lower.length()) return false;
        for (int k = 0; k < lower.length(); k++) {
            if (MessageHead.lower(b[from + k] & 0xff) != lower.charAt(k)) return false;
        }
        return true;
    }

    /** What a valid Transfer-Encoding list is: chunked alone, or other codings and then chunked. */
    enum Codings {
        CHUNKED_ONLY,
        OTHERS_THEN_CHUNKED,
        /** Only empty fields: no coding at all. */
        NONE
    }

    /**
     * Reads the Transfer-Encoding fields as HAProxy 2.6 does (its answers to each form were measured side by
     * side): every comma-separated element counts, an empty one too, except one empty element after a field's
     * last comma ({@code chunked,}) and an empty field, which has none ({@link Codings#NONE} when no field has
     * one: a request is refused, a response read until the close); an element is {@code chunked} (any case, surrounding whitespace ignored)
     * or another coding, whatever its text ({@code ,chunked}, {@code "x", chunked} and {@code gzip;q=1,
     * chunked} are other codings then chunked). Refused (400): no final chunked, or anything after it.
     */
    static Codings transferCodings(MessageHead h) throws H1Exception {
        boolean chunked = false;
        boolean others = false;
        boolean any = false;
        for (int i = h.indexOf("transfer-encoding", 0); i >= 0; i = h.indexOf("transfer-encoding", i + 1)) {
            byte[] b = valueBytes(h, i);
            int from = valueFrom(h, i), to = valueTo(h, i, b);
            for (; ; ) { // the comma-separated elements, read in place
                int comma = indexOf(b, ',', from, to);
                int s = HeadParser.skipWs(b, from, comma), e = HeadParser.trimWs(b, s, comma);
                // an empty field, or one empty element after the field's last comma, is no element (HAProxy
                // reads no word there; an empty element before a comma is a coding other than chunked)
                if (comma == to && s == e) break;
                any = true;
                if (chunked) throw new H1Exception("transfer-coding after chunked", -1);
                if (isToken(b, s, e, "chunked")) chunked = true;
                else others = true;
                if (comma == to) break;
                from = comma + 1;
            }
        }
        if (!chunked && !any) return Codings.NONE;
        if (!chunked) throw new H1Exception("Transfer-Encoding does not end in chunked", -1);
        return others ? Codings.OTHERS_THEN_CHUNKED : Codings.CHUNKED_ONLY;
    }

    private static void checkHost(RequestHead h) throws H1Exception {
        int host = h.indexOf("host", 0);
        for (int i = h.indexOf("host", host + 1); host >= 0 && i >= 0; i = h.indexOf("host", i + 1)) {
            // identical copies are merged into one (as HAProxy does), different ones refused
            if (!h.fieldValue(i).equalsIgnoreCase(h.fieldValue(host)))
                throw new H1Exception("several different Host headers", -1);
            h.delete(i);
        }
        if (h.originForm()) {
            // the usual target, checked without building its string; a CONNECT names its authority instead
            if (h.isConnect()) throw new H1Exception("CONNECT without an authority (host:port) target", -1);
            return;
        }
        String uri = h.uri();
        int schemeLength = Targets.schemeLength(uri);
        if (schemeLength <= 0 || h.isConnect()) {
            checkAuthorityForm(h, uri, schemeLength, host);
            return;
        }
        String authority = Targets.authority(uri);
        if (authority == null) return;
        // RFC 3986 6.2.3 scheme-based normalisation, as HAProxy 2.6 applies it to an absolute-form target: an
        // empty or default port (80 for http, 443 for https) is dropped from the target, and from a Host that
        // carries one, before the two are compared; other ports must match exactly
        String scheme = uri.substring(0, uri.indexOf("://"));
        int slash = uri.indexOf('/', scheme.length() + 3);
        if (host >= 0 && (slash < 0 ? uri.length() : slash) != scheme.length() + 3 + authority.length()) {
            // HAProxy 2.6 reads the authority up to the first '/', so one followed by a query (http://a?x)
            // never equals Host there: refused, as there
            throw new H1Exception("absolute URI authority differs from Host", -1);
        }
        int at = authority.lastIndexOf('@') + 1;
        String hostPort = authority.substring(at);
        String normal = Targets.withoutDefaultPort(scheme, hostPort);
        if (!normal.equals(hostPort)) {
            int start = scheme.length() + 3 + at;
            h.normaliseUri(uri.substring(0, start) + normal + uri.substring(start + hostPort.length()));
        }
        // HAProxy 2.6 lets an empty authority pass (http:///) whatever the Host, but not one that only its
        // normalisation emptied (http://:80/ with Host a is a 400 there, measured)
        if (host >= 0 && !hostPort.isEmpty()) {
            String hostValue = h.fieldValue(host);
            String hostNormal = Targets.withoutDefaultPort(scheme, hostValue);
            if (!normal.equalsIgnoreCase(hostNormal))
                throw new H1Exception("absolute URI authority differs from Host", -1);
            if (!normal.equals(hostPort) && !hostNormal.equals(hostValue)) h.replaceValue(host, hostNormal);
        }
    }

    /**
     * A target that is neither origin-form nor {@code scheme://...} (HAProxy 2.6's scheme rule: a letter, then
     * letters, digits, '+', '-' or '.'), or any CONNECT target, read as HAProxy reads it (measured on 2.6.12): its
     * authority is everything up to the first '/' (after the scheme, if any), userinfo dropped. With a Host, a
     * non-empty authority must equal it, without any normalisation ({@code GET a:80} with {@code Host: a} and
     * {@code GET 1a://x/} with {@code Host: x} are 400s there); an asterisk names none. A CONNECT's authority must
     * end in a port of digits ({@code a:443}; {@code a}, {@code a:}, {@code a:+1}, {@code *} and {@code /} are 400s).
     */
    private static void checkAuthorityForm(RequestHead h, String uri, int schemeLength, int host) throws H1Exception {
        boolean connect = h.isConnect();
        if (uri.charAt(0) == '*' && !connect) return;
        int from = Math.max(schemeLength, 0);
        int slash = uri.indexOf('/', from);
        String authority = uri.substring(from, slash < 0 ? uri.length() : slash);
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        if (connect) {
            int colon = authority.lastIndexOf(':');
            boolean port = colon >= 0 && colon + 1 < authority.length();
            for (int i = colon + 1; port && i < authority.length(); i++) port = Chars.isDigit(authority.charAt(i));
            if (!port) throw new H1Exception("CONNECT target without a port", -1);
            if (host >= 0 && !connectHostMatches(authority, colon, h.fieldValue(host)))
                throw new H1Exception("CONNECT target differs from Host", -1);
            return;
        }
        if (host >= 0 && !authority.isEmpty() && !authority.equalsIgnoreCase(h.fieldValue(host)))
            throw new H1Exception("request target authority differs from Host", -1);
    }

    /**
     * A CONNECT's authority ({@code host:port}, its colon at {@code colon}) against its Host, as HAProxy 2.6.12
     * compares them (measured): the names case-insensitively; a Host with a port must name the same digits
     * ({@code a:443} vs {@code a:0443} is a 400); a Host without one (or with an empty one, {@code a:}) matches only
     * the default ports 80 and 443 ({@code CONNECT a:443} with {@code Host: a} passes, {@code a:8443} is a 400).
     */
    private static boolean connectHostMatches(String authority, int colon, String hostValue) {
        int i = hostValue.length();
        while (i > 0 && Chars.isDigit(hostValue.charAt(i - 1))) i--;
        String hostName = hostValue, hostPort = "";
        if (i > 0 && hostValue.charAt(i - 1) == ':') {
            hostName = hostValue.substring(0, i - 1);
            hostPort = hostValue.substring(i);
        }
        if (!authority.regionMatches(true, 0, hostName, 0, colon) || hostName.length() != colon) return false;
        String port = authority.substring(colon + 1);
        return hostPort.isEmpty() ? port.equals("80") || port.equals("443") : hostPort.equals(port);
    }

    private static int connectionFlags(MessageHead h) {
        int flags = 0;
        for (int i = h.indexOf("connection", 0); i >= 0; i = h.indexOf("connection", i + 1)) {
            byte[] b = valueBytes(h, i);
            int to = valueTo(h, i, b);
            for (int from = valueFrom(h, i); from <= to; ) {
                int comma = indexOf(b, ',', from, to);
                int s = HeadParser.skipWs(b, from, comma), e = HeadParser.trimWs(b, s, comma);
                if (isToken(b, s, e, "close")) flags |= MessageHead.CONN_CLOSE;
                else if (isToken(b, s, e, "keep-alive")) flags |= MessageHead.CONN_KEEP_ALIVE;
                else if (isToken(b, s, e, "upgrade")) flags |= MessageHead.CONN_UPGRADE;
                from = comma + 1;
            }
        }
        return flags;
    }
}
