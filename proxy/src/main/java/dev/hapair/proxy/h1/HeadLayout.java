package dev.hapair.proxy.h1;

import java.util.Arrays;

/**
 * Where the parts of a request head are in its bytes, recorded by the code that wrote those bytes (the HTTP/2
 * translation, {@code h2.RequestTranslator}), so that {@link HeadParser#parseLaidOut} does not search the bytes for
 * line ends, separators and field boundaries again. It says only where things are: every check the parser makes
 * of what is there (method, target and value bytes, header names, the field limit, the framing and Host rules)
 * is still made, on the same bytes and in the same order.
 *
 * <p>The head it describes is written as {@code METHOD SP target SP "HTTP/1.1" CRLF}, then one {@code name ":" value
 * CRLF} line per field, then CRLF. The value's bounds are found as the parser finds them (blanks around it skipped).
 */
public final class HeadLayout {
    private static final int NS = 0, NE = 1, CR = 2, STRIDE = 3;
    int methodEnd, uriStart, uriEnd;
    /** Per field, STRIDE ints: name start and end, the CR ending its line. */
    private int[] fields;

    private int count;

    /** A layout with room for {@code fields} fields (it grows past them). */
    public HeadLayout(int fields) {
        this.fields = new int[Math.max(1, fields) * STRIDE];
    }

    /** The start line: the method is {@code [0, methodEnd)}, the target {@code [uriStart, uriEnd)}. */
    public HeadLayout startLine(int methodEnd, int uriStart, int uriEnd) {
        this.methodEnd = methodEnd;
        this.uriStart = uriStart;
        this.uriEnd = uriEnd;
        return this;
    }

    /**
     * The entries of the HTTP/2 header list this head was translated from (pseudo-headers and each cookie crumb
     * included), or 0 when unknown: {@link HeadParser#parseLaidOut} then holds the head to HAProxy's HTTP/2 limit
     * (fewer than twice {@code tune.http.maxhdr} entries) instead of the HTTP/1 one.
     */
    int entries;

    /** The header list this head was translated from had {@code n} entries. */
    public HeadLayout entries(int n) {
        this.entries = n;
        return this;
    }

    /** Where the path of an absolute target begins ({@code scheme://authority} before it), or -1. */
    int absolutePathStart = -1;

    /**
     * The target is absolute and its path (which begins with '/') starts at {@code p}: the origin form sent to an
     * HTTP/1.1 server is found without scanning the target for it ({@link RequestHead#toOriginForm}).
     */
    public HeadLayout absolutePathAt(int p) {
        this.absolutePathStart = p;
        return this;
    }

    /** The next field: its name {@code [nameStart, nameEnd)}, its line's CR at {@code lineEnd}. */
    public void field(int nameStart, int nameEnd, int lineEnd) {
        int b = count * STRIDE;
        if (b + STRIDE > fields.length) fields = Arrays.copyOf(fields, Math.max(fields.length * 2, b + STRIDE));
        fields[b + NS] = nameStart;
        fields[b + NE] = nameEnd;
        fields[b + CR] = lineEnd;
        count++;
    }

    /** {@code other}'s fields, each position moved by {@code shift} (they were written elsewhere first). */
    public void fields(HeadLayout other, int shift) {
        for (int i = 0, b = 0; i < other.count; i++, b += STRIDE) {
            int[] o = other.fields;
            field(o[b + NS] + shift, o[b + NE] + shift, o[b + CR] + shift);
        }
    }

    /** Forgets the fields (a scratch layout reused for the next head). */
    public void clear() {
        count = 0;
    }

    public int fieldCount() {
        return count;
    }

    int nameStart(int i) {
        return fields[i * STRIDE + NS];
    }

    int nameEnd(int i) {
        return fields[i * STRIDE + NE];
    }

    int lineEnd(int i) {
        return fields[i * STRIDE + CR];
    }
}
