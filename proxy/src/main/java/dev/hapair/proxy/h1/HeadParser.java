package dev.hapair.proxy.h1;

/**
 * Parses one complete head (as found by {@link HeadScanner}) into a {@link RequestHead} or {@link ResponseHead}
 * and decides its framing, or refuses it with the reason. The accept/reject decisions are RFC 9112's, with
 * HAProxy 2.6's choices where the RFC leaves room; hapair is stricter where README's deliberate differences
 * say so.
 */
public final class HeadParser {
    private HeadParser() {}

    /** Convenience (tests, tools): one complete request head given as text (ISO-8859-1), default limits. */
    public static RequestHead requestOf(String text) throws H1Exception {
        return parseRequest(headBytes(text, true), H1Limits.DEFAULTS);
    }

    /** Convenience (tests, tools): one complete response head given as text, default limits. */
    public static ResponseHead responseOf(String text, boolean headRequest) throws H1Exception {
        return parseResponse(headBytes(text, false), H1Limits.DEFAULTS, headRequest);
    }

    private static byte[] headBytes(String text, boolean request) throws H1Exception {
        io.netty.buffer.ByteBuf in =
                io.netty.buffer.Unpooled.copiedBuffer(text, java.nio.charset.StandardCharsets.ISO_8859_1);
        int len = new HeadScanner(H1Limits.DEFAULTS.maxHeadBytes(), request).scan(in);
        if (len < 0) throw new H1Exception("incomplete head", text.length());
        byte[] raw = new byte[len];
        in.readBytes(raw);
        return raw;
    }

    public static RequestHead parseRequest(byte[] raw, H1Limits lim) throws H1Exception {
        return parseRequest(raw, lim, 0);
    }

    /**
     * @param addedFields the fields edits added to the previous request of the connection: the head gets room
     *     for them (beyond the one spare every head has, up to 16 more), so that the same edits do not grow it
     */
    public static RequestHead parseRequest(byte[] raw, H1Limits lim, int addedFields) throws H1Exception {
        return parseRequest(raw, lim, addedFields, null);
    }

    /**
     * As {@link #parseRequest(byte[], H1Limits, int)}, the head's field slots in {@code spareSlots} when it is large
     * enough: the array a previous head of the connection gave up ({@link MessageHead#releaseSlots}), or null.
     */
    public static RequestHead parseRequest(byte[] raw, H1Limits lim, int addedFields, int[] spareSlots)
            throws H1Exception {
        int sle = startLineEnd(raw);
        int p = 0;
        while (p < sle && Chars.isToken(raw[p] & 0xff)) p++;
        if (p == 0 || raw[p] != ' ') throw new H1Exception("invalid method", p);
        int methodEnd = p;
        // RFC 9112 3: a recipient may take runs of SP as one separator; HAProxy does, and so do we (the line
        // is then re-emitted with single spaces, so the server never sees the odd form)
        while (p < sle && raw[p] == ' ') p++;
        boolean extraSpaces = p > methodEnd + 1;
        int uriStart = p;
        for (; p < sle; p++) {
            int c = raw[p] & 0xff;
            if (c == ' ') break;
            if (Chars.isAlwaysForbiddenInUri(c) || !Chars.isUri(c) && !lim.acceptInvalid()) {
                throw new H1Exception("invalid character in URI", p);
            }
        }
        int uriEnd = p;
        if (uriEnd == uriStart) throw new H1Exception("empty request target", p);
        int vs = p;
        while (vs + 1 < sle && raw[vs + 1] == ' ') vs++;
        extraSpaces |= vs > p;
        p = vs;
        if (p == sle) throw new H1Exception("missing HTTP version (HTTP/0.9 is not supported)", p);
        int v = version(raw, p + 1, sle);
        if (v < 10 || v == 20 && methodEnd == 3 && raw[0] == 'P' && raw[1] == 'R' && raw[2] == 'I') {
            throw new H1Exception("unsupported HTTP version", p + 1);
        }
        RequestHead h = new RequestHead(
                raw,
                sle,
                fieldSlots(raw, sle, lim.maxHeaders()) + Math.min(Math.max(addedFields - 1, 0), 16),
                methodEnd,
                uriStart,
                uriEnd,
                v == 10,
                v > 11 || extraSpaces,
                spareSlots);
        long fieldsSize = parseFields(h, raw, sle + 2, lim);
        // method, target and version as received ("HTTP/1.1": 8 bytes), as HAProxy's start line holds them
        checkConvertedSize(HTX_START_LINE + methodEnd + (uriEnd - uriStart) + 8 + fieldsSize, lim, sle);
        Framing.decideRequest(h);
        return h;
    }

    /** Length of {@code " HTTP/1.1"}, the version a {@link HeadLayout}'s start line ends with. */
    private static final int SP_HTTP11 = 9;

    /**
     * As {@link #parseRequest(byte[], H1Limits, int, int[])} for a head whose writer recorded where its parts are
     * ({@code layout}): the same head, the same refusals (reason and position) in the same order, without searching
     * the bytes for line ends and separators. Used for HTTP/2 requests, whose head the translation writes. Every
     * byte class the parser checks is checked here too (method, target, names, values), then the field limit and
     * {@link Framing#decideRequest}; a layout that does not fit the bytes is a bug ({@link IllegalArgumentException}).
     * The field limit is HAProxy's for HTTP/2 when the layout knows its header list's entries ({@link
     * HeadLayout#entries}): fewer than twice {@code tune.http.maxhdr}, pseudo-headers and cookie crumbs counted.
     */
    public static RequestHead parseLaidOut(
            byte[] raw, HeadLayout layout, H1Limits lim, int addedFields, int[] spareSlots) throws H1Exception {
        int methodEnd = layout.methodEnd;
        int uriStart = layout.uriStart;
        int uriEnd = layout.uriEnd;
        int sle = uriEnd + SP_HTTP11;
        if (methodEnd <= 0
                || uriStart != methodEnd + 1
                || uriEnd <= uriStart
                || sle + 2 > raw.length
                || raw[methodEnd] != ' '
                || raw[uriEnd] != ' '
                || raw[sle] != '\r') {
            throw new IllegalArgumentException("the layout does not describe this head's start line");
        }
        for (int p = 0; p < methodEnd; p++) {
            if (!Chars.isToken(raw[p] & 0xff)) throw new H1Exception("invalid method", p);
        }
        for (int p = uriStart; p < uriEnd; p++) {
            int c = raw[p] & 0xff;
            if (Chars.isAlwaysForbiddenInUri(c) || !Chars.isUri(c) && !lim.acceptInvalid()) {
                throw new H1Exception("invalid character in URI", p);
            }
        }
        int n = layout.fieldCount();
        // An HTTP/2 request is held to HAProxy 2.6's limit for HTTP/2, not its HTTP/1 one: its HPACK list holds
        // 2 * tune.http.maxhdr entries, the last kept for the end (pseudo-headers and cookie crumbs count), and
        // nothing counts the fields again (measured on 2.6.12: 4 pseudo-headers and 197 fields pass, 198 are a
        // connection error; 101 and more fields are refused over HTTP/1)
        boolean h2 = layout.entries > 0;
        if (h2 && layout.entries >= 2 * lim.maxHeaders())
            throw new H1Exception("too many headers (tune.http.maxhdr " + lim.maxHeaders() + ")", sle + 2);
        // as fieldSlots: one slot per line after the start line (each field's and the empty one), within the limit
        RequestHead h = new RequestHead(
                raw,
                sle,
                (h2 ? n + 1 : Math.min(n + 1, lim.maxHeaders() + 1)) + Math.min(Math.max(addedFields - 1, 0), 16),
                methodEnd,
                uriStart,
                uriEnd,
                false,
                false,
                spareSlots);
        int lineStart = sle + 2;
        for (int i = 0; i < n; i++) {
            int ns = layout.nameStart(i), ne = layout.nameEnd(i), cr = layout.lineEnd(i);
            if (ns != lineStart || ne >= cr || cr + 2 > raw.length || raw[ne] != ':' || raw[cr] != '\r') {
                throw new IllegalArgumentException("the layout does not describe field " + i + " of this head");
            }
            int p = ns;
            if (lim.acceptInvalid()) {
                while (p < ne && (raw[p] & 0xff) > 0x20 && raw[p] != 0x7f) p++;
            } else {
                while (p < ne && Chars.isToken(raw[p] & 0xff)) p++;
            }
            if (p == ns) throw new H1Exception("empty or invalid header name", p);
            if (p != ne) throw new H1Exception("invalid character in header name", p);
            int vs = skipWs(raw, ne + 1, cr);
            int ve = trimWs(raw, vs, cr);
            checkValue(raw, vs, ve);
            if (!h2 && i + 1 >= lim.maxHeaders())
                throw new H1Exception("too many headers (tune.http.maxhdr " + lim.maxHeaders() + ")", ns);
            h.addReceived(ns, ne, vs, ve, ns, cr + 2);
            lineStart = cr + 2;
        }
        if (lineStart + 2 != raw.length || raw[lineStart] != '\r') {
            throw new IllegalArgumentException("the layout does not describe the end of this head");
        }
        if (layout.absolutePathStart > uriStart
                && layout.absolutePathStart < uriEnd
                && raw[layout.absolutePathStart] == '/') h.absolutePathAt(layout.absolutePathStart);
        Framing.decideRequest(h);
        return h;
    }

    /**
     * @param headRequest the request was HEAD (the response has no body whatever its head says)
     */
    public static ResponseHead parseResponse(byte[] raw, H1Limits lim, boolean headRequest) throws H1Exception {
        return parseResponse(raw, lim, headRequest, null);
    }

    /** As {@link #parseResponse(byte[], H1Limits, boolean)}, with a spare slot array as {@link #parseRequest}. */
    public static ResponseHead parseResponse(byte[] raw, H1Limits lim, boolean headRequest, int[] spareSlots)
            throws H1Exception {
        int sle = startLineEnd(raw);
        if (sle < 12) throw new H1Exception("invalid status line", 0);
        int v = version(raw, 0, 8);
        if (v < 10 || v >= 20) throw new H1Exception("unsupported HTTP version", 0);
        if (raw[8] != ' ') throw new H1Exception("invalid status line", 8);
        int status = 0;
        for (int i = 9; i < 12; i++) {
            if (!Chars.isDigit(raw[i])) throw new H1Exception("invalid status code", i);
            status = status * 10 + raw[i] - '0';
        }
        if (status < 100) throw new H1Exception("invalid status code", 9);
        int reasonStart = -1;
        if (sle > 12) {
            if (raw[12] != ' ') throw new H1Exception("invalid status line", 12);
            reasonStart = 13;
            for (int i = 13; i < sle; i++) {
                if (!Chars.isFieldValue(raw[i] & 0xff)) throw new H1Exception("invalid character in reason", i);
            }
        }
        ResponseHead h = new ResponseHead(
                raw, sle, fieldSlots(raw, sle, lim.maxHeaders()), v == 10, v > 11, status, reasonStart, spareSlots);
        long fieldsSize = parseFields(h, raw, sle + 2, lim);
        // version (8 bytes), status (3) and reason as HAProxy's start line holds them
        checkConvertedSize(HTX_START_LINE + 8 + 3 + (reasonStart < 0 ? 0 : sle - reasonStart) + fieldsSize, lim, sle);
        Framing.decideResponse(h, headRequest);
        return h;
    }

    /**
     * Field slots a head needs: one per line after the start line (obs-folds over-count, harmlessly; never more
     * than {@code tune.http.maxhdr} allows, so a head of many tiny lines costs no large array) and one spare
     * for the field the proxy usually adds ({@code Connection}, {@code X-Forwarded-For}), so the common head
     * is sized once, neither copied on growth nor allocated larger than it needs.
     */
    private static int fieldSlots(byte[] raw, int startLineEnd, int maxHeaders) {
        int lines = 0;
        for (int i = startLineEnd + 2; i < raw.length; i++) if (raw[i] == '\n') lines++;
        return Math.min(lines, maxHeaders + 1); // the empty line ending the head counts as the spare
    }

    /** Index of the CR ending the start line; a CR anywhere else in it is refused. */
    private static int startLineEnd(byte[] raw) throws H1Exception {
        for (int i = 0; i < raw.length - 1; i++) {
            if (raw[i] == '\r') {
                if (raw[i + 1] != '\n') throw new H1Exception("bare CR", i);
                return i;
            }
            if (raw[i] == '\n') throw new H1Exception("bare LF line end", i);
        }
        throw new H1Exception("incomplete head", raw.length);
    }

    /** "HTTP/d.d" exactly (case-sensitive, as HAProxy): returns major*10+minor, else refuses. */
    private static int version(byte[] raw, int from, int to) throws H1Exception {
        if (to - from != 8
                || raw[from] != 'H'
                || raw[from + 1] != 'T'
                || raw[from + 2] != 'T'
                || raw[from + 3] != 'P'
                || raw[from + 4] != '/'
                || !Chars.isDigit(raw[from + 5])
                || raw[from + 6] != '.'
                || !Chars.isDigit(raw[from + 7])) {
            throw new H1Exception("invalid HTTP version", from);
        }
        return (raw[from + 5] - '0') * 10 + raw[from + 7] - '0';
    }

    /**
     * Size HAProxy 2.6 gives a head once converted to its internal form (HTX, {@code h1_eval_htx_size}): a block
     * of 8 bytes per start line, field and end of head, 24 bytes of start-line structure, the start line's parts
     * and each field's name and value (blanks around the value not counted).
     */
    private static final int HTX_BLOCK = 8, HTX_START_LINE = HTX_BLOCK + 24, HTX_END_OF_HEAD = HTX_BLOCK + 1;

    /** Longest header name HAProxy 2.6 holds (an HTX block keeps a name's length in 8 bits): longer is a 400/502. */
    static final int MAX_NAME = 255;

    /** Refuses a head HAProxy would find too large once converted ({@link H1Limits#maxConvertedHeadBytes}). */
    private static void checkConvertedSize(long size, H1Limits lim, int at) throws H1Exception {
        if (size > lim.maxConvertedHeadBytes())
            throw new H1Exception("head larger than tune.bufsize - tune.maxrewrite allows", at);
    }

    /**
     * Parses the fields from {@code p} to the end of the head into {@code h}; returns their converted size
     * (blocks, names, values and the end of head, as HAProxy counts them: {@link #checkConvertedSize}).
     */
    private static long parseFields(MessageHead h, byte[] raw, int p, H1Limits lim) throws H1Exception {
        int last = -1;
        int fields = 0;
        long size = HTX_END_OF_HEAD;
        int lastVs = 0, lastVe = 0; // where the last field's value begins and ends in raw (its folds included)
        int foldEnd = -1; // end of the last field's last folded line, while its value awaits building (else -1)
        for (; ; ) {
            int lineStart = p;
            // the folded value is built once, when its last line is read: building it at every line would copy
            // it again per line (quadratic in a head of thousands of folds)
            if (foldEnd >= 0 && !Chars.isWs(raw[p])) {
                h.foldReceived(last, foldEnd, foldedValue(raw, lastVs, lastVe));
                foldEnd = -1;
            }
            if (raw[p] == '\r') {
                if (raw[p + 1] != '\n' || p + 2 != raw.length) throw new H1Exception("bare CR", p);
                return size;
            }
            if (Chars.isWs(raw[p])) {
                // obs-fold: RFC 9112 5.2 lets a proxy replace it by spaces. HAProxy 2.6 turns each line end into
                // two spaces and keeps the blanks around it, so the value runs from its first to its last
                // non-blank byte across the lines; we forward the same value (measured side by side)
                if (last < 0) throw new H1Exception("folded line before any header", p);
                int cr = lineEnd(raw, p);
                int vs = skipWs(raw, p, cr);
                int ve = trimWs(raw, vs, cr);
                checkValue(raw, vs, ve);
                if (vs < ve) {
                    size -= lastVe - lastVs;
                    if (lastVs == lastVe) lastVs = vs;
                    lastVe = ve;
                    size += lastVe - lastVs;
                }
                foldEnd = cr + 2;
                p = cr + 2;
                continue;
            }
            int ns = p;
            if (lim.acceptInvalid()) {
                while (raw[p] != ':' && (raw[p] & 0xff) > 0x20 && raw[p] != 0x7f) p++;
            } else {
                while (Chars.isToken(raw[p] & 0xff)) p++;
            }
            if (p == ns) throw new H1Exception("empty or invalid header name", p);
            if (raw[p] != ':') throw new H1Exception("invalid character in header name", p);
            int ne = p++;
            if (ne - ns > MAX_NAME) throw new H1Exception("header name longer than " + MAX_NAME + " bytes", ns);
            int cr = lineEnd(raw, p);
            int vs = skipWs(raw, p, cr);
            int ve = trimWs(raw, vs, cr);
            checkValue(raw, vs, ve);
            // HAProxy accepts at most tune.http.maxhdr - 1 fields (measured on 2.6.12: 100 pass, 101 are refused)
            if (++fields >= lim.maxHeaders())
                throw new H1Exception("too many headers (tune.http.maxhdr " + lim.maxHeaders() + ")", lineStart);
            last = h.addReceived(ns, ne, vs, ve, lineStart, cr + 2);
            lastVs = vs;
            lastVe = ve;
            size += HTX_BLOCK + (ne - ns) + (ve - vs);
            p = cr + 2;
        }
    }

    /** A folded value as HAProxy forwards it: {@code raw[from, to)} with each CR and LF turned into a space. */
    private static String foldedValue(byte[] raw, int from, int to) {
        char[] v = new char[to - from];
        for (int i = from; i < to; i++) {
            int c = raw[i] & 0xff;
            v[i - from] = c == '\r' || c == '\n' ? ' ' : (char) c;
        }
        return new String(v);
    }

    /** Index of the CR ending the line that contains {@code p}; CR must be followed by LF. */
    private static int lineEnd(byte[] raw, int p) throws H1Exception {
        for (int i = p; i < raw.length - 1; i++) {
            if (raw[i] == '\r') {
                if (raw[i + 1] != '\n') throw new H1Exception("bare CR", i);
                return i;
            }
        }
        throw new H1Exception("incomplete head", raw.length);
    }

    static int skipWs(byte[] raw, int p, int end) {
        while (p < end && Chars.isWs(raw[p])) p++;
        return p;
    }

    static int trimWs(byte[] raw, int from, int end) {
        while (end > from && Chars.isWs(raw[end - 1])) end--;
        return end;
    }

    private static void checkValue(byte[] raw, int from, int to) throws H1Exception {
        for (int i = from; i < to; i++) {
            if (!Chars.isFieldValue(raw[i] & 0xff)) throw new H1Exception("invalid character in header value", i);
        }
    }
}
