package dev.hapair.proxy.h1;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A parsed, valid HTTP/1 head: the original bytes, the start line and every header field as slices of
 * them, plus recorded edits. See the package documentation for the contract.
 *
 * <p>Fields are numbered in order: the received ones first, then those added by edits. A deleted field
 * keeps its number (so indexes stay stable during a rule pass) but is skipped by every read.
 */
public abstract sealed class MessageHead permits RequestHead, ResponseHead {
    static final byte[] CRLF = {'\r', '\n'};

    /** The received head, from the first byte of its start line through the empty line. */
    final byte[] raw;
    /** Index of the CR ending the start line. */
    final int startLineEnd;

    private int count;
    // Per field, STRIDE ints: slices into raw (received fields) or -1 (added fields). One array, and the
    // edit arrays below only once an edit needs them: a head costs few allocations per request.
    // A received field's line starts with its name, so the line start is NS (a line end LE is kept: trailing
    // whitespace and obs-folds put it past the value's end).
    private static final int NS = 0, NE = 1, VS = 2, VE = 3, LE = 4, STRIDE = 5;
    private int[] slice;
    private String[] addedName; // name of an added field (null until a field is added)
    private String[] newValue; // edited value (or obs-fold normalised), null when the original stands
    private long deletedLow; // deleted fields 0..63, one bit each: a head's usual deletions allocate nothing
    private boolean[] deleted; // deleted fields from 64 on (tune.http.maxhdr allows up to 101), null until one is
    private boolean edited;
    // One bit per field name's nameBit: a look-up of a name whose bit is clear ends without a scan (rules look up
    // many absent names: del-header of what a client rarely sends, set-header of what it never sends, acls on
    // optional fields). Deleting a field leaves its bit set (only a longer look-up follows).
    private int names; // an int, not a long: it fits where the object had padding (no-rules heads stay as large)
    BodyFraming framing = BodyFraming.NONE;
    byte connectionFlags; // a byte: with the int {@code names} the head is no larger than before (3 bits used)

    static final int CONN_CLOSE = 1, CONN_KEEP_ALIVE = 2, CONN_UPGRADE = 4;

    /**
     * @param spareSlots the field-slot array of a head of the same connection that nothing reads any more ({@link
     *     #releaseSlots}), used when large enough (its old contents are never read: a slot is written before it is
     *     counted), else null
     */
    MessageHead(byte[] raw, int startLineEnd, int capacity, int[] spareSlots) {
        this.raw = raw;
        this.startLineEnd = startLineEnd;
        int ints = Math.max(1, capacity) * STRIDE;
        slice = spareSlots != null && spareSlots.length >= ints ? spareSlots : new int[ints];
    }

    private static final int[] RELEASED = new int[0];

    /**
     * Largest field-slot array a connection keeps between messages ({@link #releaseSlots}): 32 fields, 656 bytes;
     * a larger head's array is left to the collector, so an idle connection keeps little.
     */
    public static final int KEPT_SLOTS_MAX = 32 * STRIDE;

    /**
     * Gives up this head's field-slot array for the connection's next head (one array fewer per message), when
     * nothing will read this head again; returns it, or null when it is too large to keep or already released.
     * Any later read of a field of this head fails (an empty array) instead of reading another message's slots.
     */
    public final int[] releaseSlots() {
        int[] s = slice;
        slice = RELEASED;
        return s != RELEASED && s.length <= KEPT_SLOTS_MAX ? s : null;
    }

    private int capacity() {
        return slice.length / STRIDE;
    }

    private String addedName(int i) {
        return addedName == null ? null : addedName[i];
    }

    private String newValue(int i) {
        return newValue == null ? null : newValue[i];
    }

    private void setAddedName(int i, String name) {
        if (addedName == null) addedName = new String[capacity()];
        addedName[i] = name;
    }

    private void setNewValue(int i, String value) {
        if (newValue == null) newValue = new String[capacity()];
        newValue[i] = value;
    }

    private void setDeleted(int i) {
        if (i < 64) {
            deletedLow |= 1L << i;
            return;
        }
        if (deleted == null) deleted = new boolean[capacity()];
        deleted[i] = true;
    }

    // ------------------------------------------------------------------ building (parser)

    /** Appends a received field; {@code lineEnd} is just after its CRLF. */
    final int addReceived(int ns, int ne, int vs, int ve, int ls, int le) {
        int i = grow();
        int b = i * STRIDE;
        slice[b + NS] = ns;
        slice[b + NE] = ne;
        slice[b + VS] = vs;
        slice[b + VE] = ve;
        assert ls == ns : "a received field's line starts with its name";
        slice[b + LE] = le;
        names |= nameBit(ne - ns, raw[ns] & 0xff, raw[ne - 1] & 0xff);
        return i;
    }

    /** Parser: the field's value spans folded lines; {@code normalised} replaces each fold by one space. */
    final void foldReceived(int i, int newLineEnd, String normalised) {
        slice[i * STRIDE + LE] = newLineEnd;
        setNewValue(i, normalised);
        edited = true;
    }

    private int grow() {
        if (count == capacity()) {
            // a head is sized for what it received plus one field; past that, rules usually add several
            // (bench/rules.sh adds 6): grow by at least 8 so they cost one copy, not one per doubling
            int c = Math.max(count * 2, count + 8);
            slice = Arrays.copyOf(slice, c * STRIDE);
            if (addedName != null) addedName = Arrays.copyOf(addedName, c);
            if (newValue != null) newValue = Arrays.copyOf(newValue, c);
            if (deleted != null) deleted = Arrays.copyOf(deleted, c);
        }
        return count++;
    }

    // ------------------------------------------------------------------ reading

    /**
     * Field {@code i}'s edited value, or null while it has its received one: unchanged (compared by identity) and
     * the field not deleted, the field still has the value read then.
     */
    public final String editedValue(int i) {
        return newValue(i);
    }

    /** Number of field slots (received + added, deleted ones included). */
    public final int fieldCount() {
        return count;
    }

    public final boolean isDeleted(int i) {
        return i < 64 ? (deletedLow & 1L << i) != 0 : deleted != null && deleted[i];
    }

    /**
     * Where field {@code i}'s value starts in {@link #raw} when it is still the received bytes, else -1 (an
     * added, edited or folded field): lets the framing checks read values without building strings.
     */
    final int rawValueStart(int i) {
        return addedName(i) != null || newValue(i) != null ? -1 : slice[i * STRIDE + VS];
    }

    /** End of field {@code i}'s received value in {@link #raw} (see {@link #rawValueStart}). */
    final int rawValueEnd(int i) {
        return slice[i * STRIDE + VE];
    }

    /** Name of field {@code i} as received (or added). */
    public final String fieldName(int i) {
        String added = addedName(i);
        return added != null ? added : ascii(slice[i * STRIDE + NS], slice[i * STRIDE + NE]);
    }

    /** Value of field {@code i}, optional whitespace around it removed, edits applied. */
    public final String fieldValue(int i) {
        String edit = newValue(i);
        return edit != null ? edit : ascii(slice[i * STRIDE + VS], slice[i * STRIDE + VE]);
    }

    /**
     * Name of field {@code i} in lower case, as HTTP/2 carries it: one copy of the received bytes (no
     * intermediate string), the added name lower-cased otherwise.
     */
    public final io.netty.util.AsciiString fieldNameLower(int i) {
        String added = addedName(i);
        if (added != null) return new io.netty.util.AsciiString(added.toLowerCase(java.util.Locale.ROOT));
        int s = slice[i * STRIDE + NS], len = slice[i * STRIDE + NE] - s;
        io.netty.util.AsciiString known = KNOWN_NAMES[knownSlot(len, raw[s])];
        if (known != null && known.length() == len && equalsLower(s, known)) return known;
        byte[] b = new byte[len];
        for (int k = 0; k < len; k++) b[k] = (byte) lower(raw[s + k] & 0xff);
        return new io.netty.util.AsciiString(b, false);
    }

    /**
     * Common response field names, lower-case, shared: {@link #fieldNameLower} returns them without a copy (and
     * with their hash already computed, which the HPACK encoder asks for). One per (length, first letter) slot.
     */
    private static final io.netty.util.AsciiString[] KNOWN_NAMES = new io.netty.util.AsciiString[32 * 32];

    static {
        for (String n : new String[] {
            "date",
            "server",
            "content-type",
            "content-length",
            "last-modified",
            "etag",
            "accept-ranges",
            "cache-control",
            "expires",
            "vary",
            "location",
            "set-cookie",
            "content-encoding",
            "age",
            "via",
            "pragma",
            "link",
            "alt-svc",
            "x-frame-options",
            "x-content-type-options",
            "strict-transport-security",
            "access-control-allow-origin",
            "content-security-policy",
            "x-xss-protection",
            "www-authenticate"
        }) {
            int slot = knownSlot(n.length(), (byte) n.charAt(0));
            if (KNOWN_NAMES[slot] == null) KNOWN_NAMES[slot] = io.netty.util.AsciiString.cached(n);
        }
    }

    private static int knownSlot(int len, byte first) {
        return (len & 31) << 5 | lower(first & 0xff) & 31;
    }

    /** The received name at {@code s} is {@code lowerName} (same length), ASCII case-insensitively. */
    private boolean equalsLower(int s, io.netty.util.AsciiString lowerName) {
        for (int k = 0, n = lowerName.length(); k < n; k++) {
            if (lower(raw[s + k] & 0xff) != lowerName.byteAt(k)) return false;
        }
        return true;
    }

    /**
     * Value of field {@code i} as {@link #fieldValue}, but a received one is a view of the received bytes (no
     * copy): the head must not change while it is used.
     */
    public final CharSequence fieldValueView(int i) {
        String edit = newValue(i);
        if (edit != null) return edit;
        int s = slice[i * STRIDE + VS];
        return new io.netty.util.AsciiString(raw, s, slice[i * STRIDE + VE] - s, false);
    }

    /** True when field {@code i} is named {@code name} (ASCII case-insensitive). */
    public final boolean nameIs(int i, String name) {
        String added = addedName(i);
        if (added != null) return added.equalsIgnoreCase(name);
        int s = slice[i * STRIDE + NS], len = slice[i * STRIDE + NE] - s;
        if (len != name.length()) return false;
        for (int k = 0; k < len; k++) {
            int a = raw[s + k] & 0xff, b = name.charAt(k);
            if (a != b && lower(a) != lower(b)) return false;
        }
        return true;
    }

    /** Index of the first live field named {@code name} at or after {@code from}, or -1. */
    public final int indexOf(String name, int from) {
        if ((names & nameBit(name)) == 0) return -1;
        for (int i = from; i < count; i++) if (!isDeleted(i) && nameIs(i, name)) return i;
        return -1;
    }

    /**
     * The bit of a field name in {@link #names}: from its length and its first and last characters, ASCII
     * case-insensitive (a name compares so); names differing only elsewhere share a bit, which costs a scan.
     */
    static int nameBit(int length, int first, int last) {
        return 1 << (length * 7 + lower(first) * 3 + lower(last)); // a shift counts modulo 32
    }

    static int nameBit(String name) {
        int n = name.length();
        return n == 0 ? 1 : nameBit(n, name.charAt(0), name.charAt(n - 1));
    }

    /** First value of {@code name}, or null. */
    public final String header(String name) {
        int i = indexOf(name, 0);
        return i < 0 ? null : fieldValue(i);
    }

    /** Every field value of {@code name}, in order, not comma-split. */
    public final List<String> headers(String name) {
        List<String> out = null;
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
            if (out == null) out = new ArrayList<>(2);
            out.add(fieldValue(i));
        }
        return out == null ? List.of() : out;
    }

    /**
     * The bytes the live lines named {@code name} take on the wire as a rule counts them (the name as given,
     * ": ", the value, CRLF), read from the slices: no value is made into a string ({@code set-header} asks on
     * every request, for the rewrite room).
     */
    public final long lineBytes(String name) {
        long n = 0;
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
            String edit = newValue(i);
            n += name.length() + (edit != null ? edit.length() : slice[i * STRIDE + VE] - slice[i * STRIDE + VS]) + 4L;
        }
        return n;
    }

    /** How many fields edits added (deleted ones included): what the next head on the connection may need. */
    public final int addedFields() {
        if (addedName == null) return 0;
        int n = 0;
        for (int i = 0; i < count; i++) if (addedName[i] != null) n++;
        return n;
    }

    public final boolean hasHeader(String name) {
        return indexOf(name, 0) >= 0;
    }

    /** Every live field in order. */
    public final void forEachHeader(BiConsumer<String, String> f) {
        for (int i = 0; i < count; i++) if (!isDeleted(i)) f.accept(fieldName(i), fieldValue(i));
    }

    /** How the body following this head is delimited. */
    public final BodyFraming framing() {
        return framing;
    }

    /** {@code Connection: close} was received. */
    public final boolean connectionClose() {
        return (connectionFlags & CONN_CLOSE) != 0;
    }

    /** {@code Connection: keep-alive} was received. */
    public final boolean connectionKeepAlive() {
        return (connectionFlags & CONN_KEEP_ALIVE) != 0;
    }

    /** The Connection field holds the {@code upgrade} token (whatever the Upgrade field says). */
    public final boolean connectionUpgrade() {
        return (connectionFlags & CONN_UPGRADE) != 0;
    }

    /** {@code Connection: upgrade} and an {@code Upgrade} field were received. */
    public final boolean upgradeRequested() {
        return (connectionFlags & CONN_UPGRADE) != 0 && hasHeader("upgrade");
    }

    /** Number of bytes the head had on the wire. */
    public final int receivedLength() {
        return raw.length;
    }

    /** The head as received (for {@code show errors} and tests). */
    public final String receivedText() {
        return new String(raw, StandardCharsets.ISO_8859_1);
    }

    /** True for the fields whose edit by a rule would change the message framing. */
    public static boolean isFramingHeader(String name) {
        return name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("transfer-encoding");
    }

    // ------------------------------------------------------------------ edits

    /** Appends a field at the end of the head. */
    public final void addHeader(String name, String value) {
        checkName(name);
        checkValue(value);
        append(name, value);
    }

    private void append(String name, String value) {
        int i = grow();
        Arrays.fill(slice, i * STRIDE, (i + 1) * STRIDE, -1);
        setAddedName(i, name);
        names |= nameBit(name);
        setNewValue(i, value); // a new slot: never deleted, no bit to clear
        edited = true;
    }

    /** Deletes every field named {@code name}; returns how many were deleted. */
    public final int delHeader(String name) {
        int n = 0;
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
            setDeleted(i);
            n++;
        }
        if (n > 0) edited = true;
        return n;
    }

    /**
     * {@link #lineBytes} and {@link #delHeader} in one scan (del-header counts what it frees for the rewrite room,
     * then deletes): the bytes the deleted lines took as a rule counts them.
     */
    public final long delHeaderCounted(String name) {
        long n = 0;
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
            String edit = newValue(i);
            n += name.length() + (edit != null ? edit.length() : slice[i * STRIDE + VE] - slice[i * STRIDE + VS]) + 4L;
            setDeleted(i);
            edited = true;
        }
        return n;
    }

    /** Deletes field {@code i}. */
    public final void delete(int i) {
        setDeleted(i);
        edited = true;
    }

    /** Replaces every {@code name} field by one {@code name: value} at the end (HAProxy's set-header). */
    public final void setHeader(String name, String value) {
        checkName(name);
        checkValue(value);
        delHeader(name);
        append(name, value);
    }

    /**
     * {@link #setHeader} ({@code set}) or {@link #addHeader} of a name that passed {@link #validName} (a rule's
     * constant name, checked once), and a value checked here unless {@code valueChecked} (it passed {@link
     * #validValue} once: a constant).
     */
    public final void editHeader(boolean set, String name, String value, boolean valueChecked) {
        if (!valueChecked) checkValue(value);
        if (set) delHeader(name);
        append(name, value);
    }

    /** Whether {@link #setHeader} accepts {@code name} (a token). */
    public static boolean validName(String name) {
        if (name.isEmpty()) return false;
        for (int k = 0; k < name.length(); k++) if (!Chars.isToken(name.charAt(k))) return false;
        return true;
    }

    /** Whether {@link #setHeader} accepts {@code value} (no CR, LF, NUL or character above 0xff). */
    public static boolean validValue(String value) {
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            if (c == '\r' || c == '\n' || c == 0 || c > 0xff) return false;
        }
        return true;
    }

    /** Replaces the value of field {@code i}, keeping its place and name. */
    public final void replaceValue(int i, String value) {
        checkValue(value);
        setNewValue(i, value);
        edited = true;
    }

    /** True once anything differs from the received bytes. */
    public final boolean isEdited() {
        return edited || startLineEdited();
    }

    abstract boolean startLineEdited();

    /** Writes the start line (without CRLF) when it was edited. */
    abstract void writeStartLine(ByteBuf out);

    // ------------------------------------------------------------------ emitting

    /** Appends the head, edits applied, to {@code out}: received lines are copied, edited ones written. */
    public final void writeTo(ByteBuf out) {
        if (!isEdited()) {
            out.writeBytes(raw);
            return;
        }
        if (startLineEdited()) {
            writeStartLine(out);
            out.writeBytes(CRLF);
        } else {
            out.writeBytes(raw, 0, startLineEnd + 2);
        }
        // the fields are composed in one array (a per-thread one unless the head is huge), then written at once:
        // received lines are copied in runs, added and edited ones are one array copy per string, since names
        // and values hold one byte per char
        int size = fieldsSize();
        byte[] a = size <= SCRATCH_BYTES ? SCRATCH.get() : new byte[size];
        int n = 0;
        int runStart = -1, runEnd = -1; // pending run of untouched received lines
        for (int i = 0; i < count; i++) {
            if (isDeleted(i)) continue;
            String added = addedName(i), edit = newValue(i);
            int b = i * STRIDE;
            if (added == null && edit == null) { // untouched
                if (runStart >= 0 && slice[b + NS] == runEnd) {
                    runEnd = slice[b + LE];
                } else {
                    n = copyRun(a, n, runStart, runEnd);
                    runStart = slice[b + NS];
                    runEnd = slice[b + LE];
                }
                continue;
            }
            n = copyRun(a, n, runStart, runEnd);
            runStart = -1;
            if (added != null) {
                n = latin1(added, a, n);
            } else {
                System.arraycopy(raw, slice[b + NS], a, n, slice[b + NE] - slice[b + NS]);
                n += slice[b + NE] - slice[b + NS];
            }
            a[n++] = ':';
            a[n++] = ' ';
            n = latin1(edit, a, n);
            a[n++] = '\r';
            a[n++] = '\n';
        }
        n = copyRun(a, n, runStart, runEnd);
        a[n++] = '\r';
        a[n++] = '\n';
        out.writeBytes(a, 0, n);
    }

    /** The bytes {@link #writeTo} writes after the start line. */
    private int fieldsSize() {
        int n = 2;
        for (int i = 0; i < count; i++) {
            if (isDeleted(i)) continue;
            String added = addedName(i), edit = newValue(i);
            int b = i * STRIDE;
            if (added == null && edit == null) {
                n += slice[b + LE] - slice[b + NS];
            } else {
                n += (added != null ? added.length() : slice[b + NE] - slice[b + NS]) + edit.length() + 4;
            }
        }
        return n;
    }

    private int copyRun(byte[] a, int n, int runStart, int runEnd) {
        if (runStart < 0) return n;
        System.arraycopy(raw, runStart, a, n, runEnd - runStart);
        return n + runEnd - runStart;
    }

    private static final int SCRATCH_BYTES = H1Limits.DEFAULT_BUFSIZE;
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[SCRATCH_BYTES];
        }
    };

    /** The chars of {@code s} (at most 0xff each: {@link #checkValue}, tokens for names) as bytes at {@code at}. */
    @SuppressWarnings("deprecation") // the byte-per-char copy is exactly what is wanted here
    private static int latin1(String s, byte[] to, int at) {
        s.getBytes(0, s.length(), to, at);
        return at + s.length();
    }

    /**
     * The exact number of bytes {@link #writeTo} would write, without writing them; -1 when the start line was
     * edited (only writing it tells). For a client side that carries the head otherwise (HTTP/2 HEADERS) but
     * counts it as HTTP/1.1 bytes, as HAProxy's byte counters do.
     */
    public final int emittedSize() {
        if (!isEdited()) return raw.length;
        if (startLineEdited()) return -1;
        return startLineEnd + 2 + fieldsSize();
    }

    /** Upper bound of the bytes {@link #writeTo} writes (for sizing the output buffer). */
    public final int estimatedSize() {
        if (!isEdited()) return raw.length;
        int n = raw.length + 64;
        for (int i = 0; i < count; i++) {
            if (addedName(i) != null) n += addedName(i).length() + 4;
            if (newValue(i) != null) n += newValue(i).length() + 4;
        }
        return n;
    }

    /** The head as it will be emitted (tests, logs). */
    public final String emittedText() {
        ByteBuf b = io.netty.buffer.Unpooled.buffer(estimatedSize());
        writeTo(b);
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    // ------------------------------------------------------------------ helpers

    final String ascii(int from, int to) {
        return new String(raw, from, to - from, StandardCharsets.ISO_8859_1);
    }

    static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    static void checkName(String name) {
        if (name.isEmpty()) throw new IllegalArgumentException("empty header name");
        for (int k = 0; k < name.length(); k++) {
            if (!Chars.isToken(name.charAt(k))) throw new IllegalArgumentException("invalid header name: " + name);
        }
    }

    static void checkValue(String value) {
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            if (c == '\r' || c == '\n' || c == 0 || c > 0xff) {
                throw new IllegalArgumentException("invalid byte in header value: " + (int) c);
            }
        }
    }
}
