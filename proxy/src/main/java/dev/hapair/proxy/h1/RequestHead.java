package dev.hapair.proxy.h1;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** A parsed request head ({@link HeadParser#parseRequest}). */
public final class RequestHead extends MessageHead {
    private final int methodEnd, uriStart, uriEnd;
    private final boolean http10;
    /**
     * The received line is re-emitted in its normal form, as HAProxy does: a version other than 1.0 or 1.1
     * (HTTP/1.2, HTTP/2.0 ...) as HTTP/1.1, runs of spaces as one.
     */
    private final boolean versionNormalised;

    private String method, uri;
    private boolean methodEdited, uriEdited;
    /**
     * The target as the parser left it when it had to change it (scheme-based normalisation dropped a default
     * port: {@link #normaliseUri}), or null: what HAProxy captures is its start line after that, before any rule.
     */
    private String receivedUri;
    /**
     * The target goes to an HTTP/1.1 server in origin form ({@link #toOriginForm}): only what is sent changes,
     * {@link #uri()} stays the target the rules, fetches and logs see (HAProxy's start line keeps the absolute
     * target; its HTTP/1 mux writes the origin form).
     */
    private boolean sentInOriginForm;
    /**
     * Where the target goes out from in {@code raw}: {@link #uriStart}, or its path once an absolute target was cut
     * to origin form ({@link #toOriginForm}) — the same bytes, no string built or scanned for it.
     */
    private int sentUriStart;
    /** The origin form sent instead of an edited target or one without a path, or null. */
    private String sentUri;
    /**
     * Where the path of the received absolute target begins when the head's writer said so ({@link
     * HeadLayout#absolutePathAt}: an HTTP/2 request's {@code scheme://authority/path}), else -1: {@link #cutTarget}
     * then finds it without scanning the target.
     */
    private int knownPathStart = -1;

    RequestHead(
            byte[] raw,
            int startLineEnd,
            int capacity,
            int methodEnd,
            int uriStart,
            int uriEnd,
            boolean http10,
            boolean versionNormalised,
            int[] spareSlots) {
        super(raw, startLineEnd, capacity, spareSlots);
        this.methodEnd = methodEnd;
        this.uriStart = uriStart;
        this.uriEnd = uriEnd;
        this.sentUriStart = uriStart;
        this.http10 = http10;
        this.versionNormalised = versionNormalised;
    }

    public String method() {
        if (method == null) method = commonMethod();
        if (method == null) method = ascii(0, methodEnd);
        return method;
    }

    /** GET, HEAD and POST as shared constants (most requests: no string to build), else null. */
    private String commonMethod() {
        if (methodEnd == 3 && raw[0] == 'G' && raw[1] == 'E' && raw[2] == 'T') return "GET";
        if (methodEnd == 4 && raw[1] == 'O' && raw[0] == 'P' && raw[2] == 'S' && raw[3] == 'T') return "POST";
        if (methodEnd == 4 && raw[0] == 'H' && raw[1] == 'E' && raw[2] == 'A' && raw[3] == 'D') return "HEAD";
        return null;
    }

    /** The request target (origin, absolute, authority or asterisk form). */
    public String uri() {
        if (uri == null) uri = ascii(uriStart, uriEnd);
        return uri;
    }

    /**
     * The method as received, before any {@code set-method}: what HAProxy captures of the request line for the log
     * ({@code %r}, {@code %HM}) and {@code capture.req.method}.
     */
    public String receivedMethod() {
        return methodEdited ? ascii(0, methodEnd) : method();
    }

    /**
     * The target as received, before any {@code set-uri}, {@code set-path} or {@code set-query}: what HAProxy
     * captures of the request line for the log ({@code %r}, {@code %HU}, {@code %HP}, {@code %HQ}) and {@code
     * capture.req.uri}.
     */
    public String receivedUri() {
        if (receivedUri != null) return receivedUri;
        return uriEdited ? ascii(uriStart, uriEnd) : uri();
    }

    /**
     * The version as received ({@code HTTP/1.2} stays so, where {@link #version()} says 1.1; an HTTP/2 stream's
     * "HTTP/2.0"): what HAProxy captures of the request line for {@code %r}, {@code %HV} and {@code
     * capture.req.ver}.
     */
    public String receivedVersion() {
        if (clientVersion != null) return "HTTP/" + clientVersion;
        if (!versionNormalised) return http10 ? "HTTP/1.0" : "HTTP/1.1";
        int from = uriEnd;
        while (from < startLineEnd && raw[from] == ' ') from++;
        int to = from;
        while (to < startLineEnd && raw[to] != ' ' && raw[to] != '\r') to++;
        return ascii(from, to);
    }

    /** The parser's own change of the target (scheme-based normalisation): still the target as received. */
    void normaliseUri(String u) {
        setUri(u);
        receivedUri = u;
    }

    /**
     * An absolute target ({@code scheme://authority/path?query}) goes out in its origin form ({@code /path?query}),
     * as to an HTTP/1.1 server when the request came as HTTP/2; any other target as it is. Only the bytes sent
     * change: {@link #uri()}, path and query stay the absolute target (what HAProxy's logs and fetches show), and
     * a later edit is cut the same way. Unedited, the target's bytes are sent from its path on (no string built);
     * an edited target, or one without a path ({@code https://h?q}: "/" is added), is cut as a string. Returns
     * whether what is sent differs from {@link #uri()}.
     */
    public boolean toOriginForm() {
        sentInOriginForm = true;
        return cutTarget();
    }

    /** The received target is absolute and its path begins at {@code p} (a '/'). */
    void absolutePathAt(int p) {
        knownPathStart = p;
    }

    private boolean cutTarget() {
        sentUri = null;
        sentUriStart = uriStart;
        if (!uriEdited && knownPathStart > 0) {
            sentUriStart = knownPathStart; // what the scan below finds in such a target: its first '/' after "://"
            return true;
        }
        if (!uriEdited) {
            int scheme = indexOfSchemeEnd(uriStart, uriEnd);
            if (scheme <= uriStart) return false; // origin form, or no "://" after a scheme: not absolute
            int path = scheme + 3;
            while (path < uriEnd && raw[path] != '/' && raw[path] != '?' && raw[path] != '#') path++;
            if (path < uriEnd && raw[path] == '/') {
                sentUriStart = path;
                return true;
            }
        }
        String origin = Targets.originForm(uri()); // edited, or the rare target without a path
        if (origin == null) return false;
        sentUri = origin;
        return true;
    }

    /** Index in {@code raw} of the first "://" of the target (as {@code uri().indexOf("://")}), or -1. */
    private int indexOfSchemeEnd(int from, int to) {
        if (raw[from] == '/') return -1;
        for (int i = from; i + 2 < to; i++) {
            if (raw[i] == ':' && raw[i + 1] == '/' && raw[i + 2] == '/') return i;
        }
        return -1;
    }

    /** The version the client really spoke when it was not HTTP/1 (an HTTP/2 stream: "2.0"), or null. */
    private String clientVersion;

    /**
     * "1.0" or "1.1" (versions above 1.1 are handled, and forwarded, as 1.1); "2.0" for a request that came as
     * an HTTP/2 stream (what {@code req.ver} and the logs show, as in HAProxy; it is still forwarded as 1.1).
     */
    public String version() {
        if (clientVersion != null) return clientVersion;
        return http10 ? "1.0" : "1.1";
    }

    /** The request came over another protocol version (HTTP/2: "2.0"); only what is reported changes. */
    public void clientVersion(String v) {
        this.clientVersion = v;
    }

    /** The client's version was not HTTP/1 (set by {@link #clientVersion(String)}). */
    public boolean fromOtherVersion() {
        return clientVersion != null;
    }

    public boolean isHttp10() {
        return http10;
    }

    public boolean isHead() {
        return methodEnd == 4 && !methodEdited && raw[0] == 'H' && raw[1] == 'E' && raw[2] == 'A' && raw[3] == 'D'
                || methodEdited && method.equals("HEAD");
    }

    /** The target as received is in origin form ({@code /path?query}): it names no authority. */
    boolean originForm() {
        return !uriEdited && raw[uriStart] == '/';
    }

    /** The method as received is GET, HEAD or DELETE (case-sensitive, as methods are). */
    boolean isGetHeadOrDelete() {
        return methodIs("GET") || methodIs("HEAD") || methodIs("DELETE");
    }

    /** The method as received is PRI, in any case (one byte compared for GET and PUT, none for others). */
    boolean isPri() {
        return methodEnd == 3
                && !methodEdited
                && (raw[0] | 0x20) == 'p'
                && (raw[1] | 0x20) == 'r'
                && (raw[2] | 0x20) == 'i';
    }

    private boolean methodIs(String m) {
        if (methodEdited) return method.equals(m);
        if (methodEnd != m.length()) return false;
        for (int i = 0; i < methodEnd; i++) if (raw[i] != m.charAt(i)) return false;
        return true;
    }

    /** The method is {@code CONNECT} (read without building the method's string). */
    public boolean isConnect() {
        if (methodEdited) return method.equals("CONNECT");
        if (methodEnd != 7) return false;
        for (int i = 0; i < 7; i++) if (raw[i] != "CONNECT".charAt(i)) return false;
        return true;
    }

    /** Path of the target: scheme, authority and query removed ("/" for an absolute URI without path). */
    public String path() {
        return Targets.path(uri());
    }

    /** Query after the first '?', or null. */
    public String query() {
        return Targets.query(uri());
    }

    /** Whether the client wants to keep the connection: 1.1 unless close, 1.0 only with keep-alive. */
    public boolean clientKeepAlive() {
        return http10 ? connectionKeepAlive() && !connectionClose() : !connectionClose();
    }

    public void setMethod(String m) {
        if (m.isEmpty()) throw new IllegalArgumentException("empty method");
        for (int i = 0; i < m.length(); i++)
            if (!Chars.isToken(m.charAt(i))) throw new IllegalArgumentException("invalid method: " + m);
        method = m;
        methodEdited = true;
    }

    public void setUri(String u) {
        if (u.isEmpty()) throw new IllegalArgumentException("empty uri");
        for (int i = 0; i < u.length(); i++) {
            char c = u.charAt(i);
            if (c > 0xff || Chars.isAlwaysForbiddenInUri(c))
                throw new IllegalArgumentException("invalid byte in uri: " + (int) c);
        }
        uri = u;
        uriEdited = true;
        if (sentInOriginForm) cutTarget();
    }

    public void setPath(String p) {
        setUri(Targets.withPath(uri(), p));
    }

    /** Sets the query ({@code null} removes it, with its '?'). */
    public void setQuery(String q) {
        setUri(Targets.withQuery(uri(), q));
    }

    @Override
    boolean startLineEdited() {
        return methodEdited || uriEdited || sentUri != null || sentUriStart != uriStart || versionNormalised;
    }

    @Override
    void writeStartLine(ByteBuf out) {
        if (methodEdited) out.writeCharSequence(method, StandardCharsets.ISO_8859_1);
        else out.writeBytes(raw, 0, methodEnd);
        out.writeByte(' ');
        if (sentUri != null) out.writeCharSequence(sentUri, StandardCharsets.ISO_8859_1);
        else if (uriEdited) out.writeCharSequence(uri, StandardCharsets.ISO_8859_1);
        else out.writeBytes(raw, sentUriStart, uriEnd - sentUriStart);
        out.writeCharSequence(http10 ? " HTTP/1.0" : " HTTP/1.1", StandardCharsets.ISO_8859_1);
    }
}
