package dev.hapair.vrrp.packet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Minimal reader and writer of classic libpcap files (not pcapng): either byte order, micro- or nanosecond
 * timestamps. Used by the golden-vector tests and reusable by a capture/watch command.
 */
public final class PcapFile {
    private static final int MAGIC_MICROS = 0xa1b2c3d4;
    private static final int MAGIC_NANOS = 0xa1b23c4d;
    public static final int LINKTYPE_ETHERNET = 1;
    /** Refuse absurd record lengths from damaged files instead of allocating them. */
    private static final int MAX_RECORD = 256 * 1024;

    /** One captured packet; {@code timestampNanos} is since the epoch. */
    public record Record(long timestampNanos, int originalLength, byte[] data) {
        public Record {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Record r
                    && timestampNanos == r.timestampNanos
                    && originalLength == r.originalLength
                    && Arrays.equals(data, r.data);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(timestampNanos) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Record[t=" + timestampNanos + "ns len=" + data.length + "/" + originalLength + "]";
        }
    }

    private final int linkType;
    private final List<Record> records;

    private PcapFile(int linkType, List<Record> records) {
        this.linkType = linkType;
        this.records = List.copyOf(records);
    }

    public int linkType() {
        return linkType;
    }

    public List<Record> records() {
        return records;
    }

    public static PcapFile read(Path path) throws IOException {
        return parse(Files.readAllBytes(path));
    }

    public static PcapFile read(InputStream in) throws IOException {
        return parse(in.readAllBytes());
    }

    /** @throws IOException if the bytes are not a classic pcap file or a record is truncated */
    public static PcapFile parse(byte[] bytes) throws IOException {
        if (bytes.length < 24) {
            throw new IOException("pcap file too short: " + bytes.length + " bytes");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int magic = buf.getInt(0);
        if (magic != MAGIC_MICROS && magic != MAGIC_NANOS) {
            buf.order(ByteOrder.BIG_ENDIAN);
            magic = buf.getInt(0);
            if (magic != MAGIC_MICROS && magic != MAGIC_NANOS) {
                throw new IOException("not a pcap file (magic 0x" + Integer.toHexString(magic) + ")");
            }
        }
        boolean nanos = magic == MAGIC_NANOS;
        int linkType = buf.getInt(20);
        List<Record> out = new ArrayList<>();
        int pos = 24;
        while (pos < bytes.length) {
            if (bytes.length - pos < 16) {
                throw new IOException("truncated record header at offset " + pos);
            }
            long sec = Integer.toUnsignedLong(buf.getInt(pos));
            long frac = Integer.toUnsignedLong(buf.getInt(pos + 4));
            int inclLen = buf.getInt(pos + 8);
            int origLen = buf.getInt(pos + 12);
            pos += 16;
            if (inclLen < 0 || inclLen > MAX_RECORD || inclLen > bytes.length - pos) {
                throw new IOException("bad record length " + inclLen + " at offset " + (pos - 16));
            }
            out.add(new Record(
                    sec * 1_000_000_000L + (nanos ? frac : frac * 1000),
                    origLen,
                    Arrays.copyOfRange(bytes, pos, pos + inclLen)));
            pos += inclLen;
        }
        return new PcapFile(linkType, out);
    }

    /** Writes a microsecond, little-endian pcap file (snaplen 262144) holding {@code records}. */
    public static byte[] write(int linkType, List<Record> records) {
        int size = 24;
        for (Record r : records) {
            size += 16 + r.data.length;
        }
        ByteBuffer buf = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(MAGIC_MICROS)
                .putShort((short) 2)
                .putShort((short) 4)
                .putInt(0)
                .putInt(0)
                .putInt(MAX_RECORD)
                .putInt(linkType);
        for (Record r : records) {
            buf.putInt((int) (r.timestampNanos / 1_000_000_000L))
                    .putInt((int) (r.timestampNanos % 1_000_000_000L / 1000))
                    .putInt(r.data.length)
                    .putInt(r.originalLength)
                    .put(r.data);
        }
        return buf.array();
    }
}
