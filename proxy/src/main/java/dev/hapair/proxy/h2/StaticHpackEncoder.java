package dev.hapair.proxy.h2;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersEncoder;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * HPACK (RFC 7541) for the header blocks we send to HTTP/2 clients, with the static table only, as HAProxy
 * encodes: a field of the static table with its value is one index byte ({@code :status 200}), a field whose name
 * is there is a literal without indexing with the indexed name, any other a literal without indexing with a
 * literal name. Strings are sent raw (no Huffman: Netty's encoder sent strings under 512 bytes raw too).
 *
 * <p>Why: Netty's encoder looks every field up in its dynamic table, inserts and evicts the changing ones (date,
 * content-length) with constant-time compares, for a few bytes per response; nothing is ever added to the peer's
 * dynamic table here, so there is no table to look up or keep. The table size the client announces is still
 * honoured: should its SETTINGS lower it below what its decoder assumes ours is (4096 at first), the next block
 * starts with the dynamic table size update RFC 7541 4.2 requires; otherwise no block carries one (HAProxy sends
 * none, and VTest's decoder refuses one it did not expect). The client's SETTINGS_MAX_HEADER_LIST_SIZE is
 * enforced as Netty's encoder did: a block over it fails its stream (PROTOCOL_ERROR), nothing is written.
 *
 * <p>One instance per connection (it keeps the client's settings); not thread-safe.
 */
public final class StaticHpackEncoder implements Http2HeadersEncoder, Http2HeadersEncoder.Configuration {
    /** RFC 7541 Appendix A: index i + 1 is {@code STATIC[i]}: name, then value ("" for a name-only entry). */
    private static final String[][] STATIC = {
        {":authority", ""},
        {":method", "GET"},
        {":method", "POST"},
        {":path", "/"},
        {":path", "/index.html"},
        {":scheme", "http"},
        {":scheme", "https"},
        {":status", "200"},
        {":status", "204"},
        {":status", "206"},
        {":status", "304"},
        {":status", "400"},
        {":status", "404"},
        {":status", "500"},
        {"accept-charset", ""},
        {"accept-encoding", "gzip, deflate"},
        {"accept-language", ""},
        {"accept-ranges", ""},
        {"accept", ""},
        {"access-control-allow-origin", ""},
        {"age", ""},
        {"allow", ""},
        {"authorization", ""},
        {"cache-control", ""},
        {"content-disposition", ""},
        {"content-encoding", ""},
        {"content-language", ""},
        {"content-length", ""},
        {"content-location", ""},
        {"content-range", ""},
        {"content-type", ""},
        {"cookie", ""},
        {"date", ""},
        {"etag", ""},
        {"expect", ""},
        {"expires", ""},
        {"from", ""},
        {"host", ""},
        {"if-match", ""},
        {"if-modified-since", ""},
        {"if-none-match", ""},
        {"if-range", ""},
        {"if-unmodified-since", ""},
        {"last-modified", ""},
        {"link", ""},
        {"location", ""},
        {"max-forwards", ""},
        {"proxy-authenticate", ""},
        {"proxy-authorization", ""},
        {"range", ""},
        {"referer", ""},
        {"refresh", ""},
        {"retry-after", ""},
        {"server", ""},
        {"set-cookie", ""},
        {"strict-transport-security", ""},
        {"transfer-encoding", ""},
        {"user-agent", ""},
        {"vary", ""},
        {"via", ""},
        {"www-authenticate", ""}
    };

    /** The first static index of each name (exact, case-sensitive: HTTP/2 field names are lowercase). */
    private static final Map<AsciiString, Integer> NAME_INDEX = new HashMap<>();

    /** Per static index: the values that name has in the table at their own indexes ({@code :status 200} ...). */
    private static final Map<AsciiString, Map<AsciiString, Integer>> FULL_INDEX = new HashMap<>();

    static {
        for (int i = 0; i < STATIC.length; i++) {
            AsciiString name = AsciiString.cached(STATIC[i][0]);
            NAME_INDEX.putIfAbsent(name, i + 1);
            if (!STATIC[i][1].isEmpty()) {
                FULL_INDEX.computeIfAbsent(name, n -> new HashMap<>()).put(AsciiString.cached(STATIC[i][1]), i + 1);
            }
        }
    }

    /** The table size the client's decoder assumes ours is: RFC 7541's initial 4096 until its SETTINGS lower it. */
    private long assumedTableSize = Http2CodecUtil.DEFAULT_HEADER_TABLE_SIZE;

    /** The client's SETTINGS_HEADER_TABLE_SIZE as last received. */
    private long peerTableSize = Http2CodecUtil.DEFAULT_HEADER_TABLE_SIZE;

    /** A dynamic table size update owed at the start of the next block, or -1. */
    private long pendingSizeUpdate = -1;

    /** The client's SETTINGS_MAX_HEADER_LIST_SIZE (unlimited until it sends one). */
    private long maxHeaderListSize = Http2CodecUtil.MAX_HEADER_LIST_SIZE;

    @Override
    public void encodeHeaders(int streamId, Http2Headers headers, ByteBuf out) throws Http2Exception {
        long update = pendingSizeUpdate;
        if (update >= 0) {
            writeInteger(out, 0x20, 5, update);
            pendingSizeUpdate = -1;
        }
        long listSize = 0;
        for (Map.Entry<CharSequence, CharSequence> e : headers) {
            CharSequence name = e.getKey();
            CharSequence value = e.getValue();
            listSize += name.length() + value.length() + 32; // RFC 9113 6.5.2's size of a field
            encodeField(out, name, value);
        }
        if (listSize > maxHeaderListSize) {
            pendingSizeUpdate = update; // the block is not sent: the update is still owed
            Http2CodecUtil.headerListSizeExceeded(streamId, maxHeaderListSize, false);
        }
    }

    private static void encodeField(ByteBuf out, CharSequence name, CharSequence value) {
        AsciiString key = name instanceof AsciiString a ? a : new AsciiString(name);
        Integer nameIndex = NAME_INDEX.get(key);
        if (nameIndex == null) {
            out.writeByte(0x00); // literal without indexing, new name
            writeString(out, name);
            writeString(out, value);
            return;
        }
        Map<AsciiString, Integer> values = FULL_INDEX.get(key);
        if (values != null) {
            Integer full = values.get(value instanceof AsciiString a ? a : new AsciiString(value));
            if (full != null) {
                writeInteger(out, 0x80, 7, full); // indexed field
                return;
            }
        }
        writeInteger(out, 0x00, 4, nameIndex); // literal without indexing, indexed name
        writeString(out, value);
    }

    /** A string literal without Huffman coding (ISO-8859-1 bytes, as Netty's encoder wrote strings). */
    private static void writeString(ByteBuf out, CharSequence s) {
        int n = s.length();
        writeInteger(out, 0x00, 7, n);
        if (s instanceof AsciiString a) {
            out.writeBytes(a.array(), a.arrayOffset(), n);
        } else {
            out.writeCharSequence(s, StandardCharsets.ISO_8859_1);
        }
    }

    /** RFC 7541 5.1: {@code value} with an N-bit prefix, the first byte's other bits being {@code mask}. */
    static void writeInteger(ByteBuf out, int mask, int prefixBits, long value) {
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            out.writeByte(mask | (int) value);
            return;
        }
        out.writeByte(mask | max);
        long rest = value - max;
        while (rest >= 0x80) {
            out.writeByte((int) (rest & 0x7f) | 0x80);
            rest >>>= 7;
        }
        out.writeByte((int) rest);
    }

    /** A SETTINGS value outside its range is a connection error, in the words Netty's own encoder used. */
    private static void checkSetting(String name, long value, long min, long max) throws Http2Exception {
        if (value < min || value > max) {
            throw Http2Exception.connectionError(
                    Http2Error.PROTOCOL_ERROR, "%s must be >= %d and <= %d but was %d", name, min, max, value);
        }
    }

    @Override
    public Configuration configuration() {
        return this;
    }

    /** The client's SETTINGS_HEADER_TABLE_SIZE: a size below what its decoder assumes ours is owes an update. */
    @Override
    public void maxHeaderTableSize(long max) throws Http2Exception {
        checkSetting(
                "Header Table Size", max, Http2CodecUtil.MIN_HEADER_TABLE_SIZE, Http2CodecUtil.MAX_HEADER_TABLE_SIZE);
        peerTableSize = max;
        if (max < assumedTableSize) {
            assumedTableSize = max;
            pendingSizeUpdate = max;
        }
    }

    @Override
    public long maxHeaderTableSize() {
        return peerTableSize;
    }

    @Override
    public void maxHeaderListSize(long max) throws Http2Exception {
        checkSetting("Header List Size", max, Http2CodecUtil.MIN_HEADER_LIST_SIZE, Http2CodecUtil.MAX_HEADER_LIST_SIZE);
        maxHeaderListSize = max;
    }

    @Override
    public long maxHeaderListSize() {
        return maxHeaderListSize;
    }
}
