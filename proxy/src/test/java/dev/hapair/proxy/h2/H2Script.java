package dev.hapair.proxy.h2;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The cases of {@code h2/differential-corpus.txt}: each a list of raw HTTP/2 frames a client sends (after the
 * preface and an empty SETTINGS unless the case says {@code nopreface}). Header blocks are HPACK literals
 * without indexing with raw names and values (no dynamic table, no Huffman), so any byte can be sent (uppercase
 * names, CR, NUL...) and the encoding holds no state a malformed case could leave behind. The format is
 * described at the top of the corpus file.
 */
final class H2Script {
    private H2Script() {}

    /** The marks a case may carry after its name. */
    static final Set<String> MARKS = Set.of("stricter", "laxer", "differs", "nopreface", "tls");

    /**
     * One case.
     *
     * @param bytes     what the client writes, in one write
     * @param maxStream the highest stream id it uses (the probe after it opens a higher one)
     * @param marks     its marks ({@link #MARKS})
     * @param why       the comment lines just above it (the reason of a mark)
     */
    record Case(String name, byte[] bytes, int maxStream, Set<String> marks, String why) {
        boolean marked(String mark) {
            return marks.contains(mark);
        }
    }

    static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    static List<Case> load(String resource) throws IOException {
        String text;
        try (InputStream in = H2Script.class.getResourceAsStream(resource)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return parse(text);
    }

    static List<Case> parse(String text) {
        List<Case> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        StringBuilder comment = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("#")) {
                comment.append(line.substring(1).trim()).append(' ');
                continue;
            }
            if (!line.startsWith("--- ")) {
                if (line.isBlank()) comment.setLength(0);
                continue;
            }
            String[] h = line.substring(4).trim().split("\\s+");
            Set<String> marks = Set.of(java.util.Arrays.copyOfRange(h, 1, h.length));
            for (String m : marks) {
                if (!MARKS.contains(m)) throw new IllegalArgumentException("line " + (i + 1) + ": unknown mark " + m);
            }
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            if (!marks.contains("nopreface")) {
                b.writeBytes(PREFACE);
                b.writeBytes(frame(4, 0, 0, new byte[0]));
            }
            int max = 0;
            int j = i + 1;
            for (; j < lines.length && !lines[j].startsWith("--- "); j++) {
                String step = lines[j].trim();
                if (step.isEmpty() || step.startsWith("#")) break;
                try {
                    max = Math.max(max, step(step, b));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("line " + (j + 1) + ": " + e.getMessage(), e);
                }
            }
            out.add(new Case(
                    h[0], b.toByteArray(), max, marks, comment.toString().trim()));
            comment.setLength(0);
            i = j - 1;
        }
        return out;
    }

    /** Appends one step's bytes; returns the stream id it names (0 if none). */
    private static int step(String step, ByteArrayOutputStream b) {
        String[] w = step.split("\\s+");
        switch (w[0]) {
            case "headers", "continuation" -> {
                int type = w[0].equals("headers") ? 1 : 9;
                int stream = Integer.parseInt(w[1]);
                int flags = flags(w[2]);
                ByteArrayOutputStream block = new ByteArrayOutputStream();
                for (int k = 3; k < w.length; k++) fields(w[k], block);
                b.writeBytes(frame(type, flags, stream, block.toByteArray()));
                return stream;
            }
            case "hpack" -> {
                // a raw header block: hpack STREAM FLAGS HEX [field...] (the fields follow the raw bytes)
                int stream = Integer.parseInt(w[1]);
                ByteArrayOutputStream block = new ByteArrayOutputStream();
                block.writeBytes(hex(w[3]));
                for (int k = 4; k < w.length; k++) fields(w[k], block);
                b.writeBytes(frame(1, flags(w[2]), stream, block.toByteArray()));
                return stream;
            }
            case "data" -> {
                int stream = Integer.parseInt(w[1]);
                byte[] payload = w.length > 3 ? unescape(w[3]) : new byte[0];
                b.writeBytes(frame(0, flags(w[2]), stream, payload));
                return stream;
            }
            case "frame" -> {
                // frame TYPE FLAGS STREAM [HEX]: anything, as it is
                int stream = Integer.parseInt(w[3]);
                b.writeBytes(frame(
                        Integer.decode(w[1]), Integer.decode(w[2]), stream, w.length > 4 ? hex(w[4]) : new byte[0]));
                return stream;
            }
            case "settings" -> {
                ByteArrayOutputStream p = new ByteArrayOutputStream();
                for (int k = 1; k < w.length; k++) {
                    String[] kv = w[k].split("=");
                    long v = Long.decode(kv[1]);
                    int id = Integer.decode(kv[0]);
                    p.write(id >>> 8);
                    p.write(id);
                    p.write((int) (v >>> 24));
                    p.write((int) (v >>> 16));
                    p.write((int) (v >>> 8));
                    p.write((int) v);
                }
                b.writeBytes(frame(4, 0, 0, p.toByteArray()));
                return 0;
            }
            case "raw" -> {
                b.writeBytes(unescape(step.substring(4)));
                return 0;
            }
            default -> throw new IllegalArgumentException("unknown step " + w[0]);
        }
    }

    /** {@code ES,EH,PAD,PRIO,ACK} or a number; {@code -} for none. */
    private static int flags(String s) {
        if (s.equals("-")) return 0;
        int f = 0;
        for (String p : s.split(",")) {
            f |= switch (p) {
                case "ES", "ACK" -> 1;
                case "EH" -> 4;
                case "PAD" -> 8;
                case "PRIO" -> 0x20;
                default -> Integer.decode(p);
            };
        }
        return f;
    }

    /**
     * One field {@code name=value} (split at the first {@code =} after the name's first byte), or a macro: {@code
     * @get} (GET / on authority a, scheme http), {@code @post} (the same with POST), {@code @req:METHOD:PATH}, or
     * {@code %HEX} raw bytes.
     */
    private static void fields(String f, ByteArrayOutputStream block) {
        if (f.equals("@get")) {
            fields("@req:GET:/", block);
            return;
        }
        if (f.equals("@post")) {
            fields("@req:POST:/", block);
            return;
        }
        if (f.startsWith("@req:")) {
            String[] p = f.split(":", 3);
            literal(":method", unescape(p[1]), block);
            literal(":scheme", "http".getBytes(StandardCharsets.US_ASCII), block);
            literal(":path", unescape(p[2]), block);
            literal(":authority", "a".getBytes(StandardCharsets.US_ASCII), block);
            return;
        }
        if (f.startsWith("%")) {
            block.writeBytes(hex(f.substring(1))); // raw bytes: a priority block, an HPACK representation
            return;
        }
        int eq = f.indexOf('=', 1);
        if (eq < 0) throw new IllegalArgumentException("field without '=': " + f);
        literal(f.substring(0, eq), unescape(f.substring(eq + 1)), block);
    }

    /** The header block of {@code specs} (fields or macros as in the corpus). */
    static byte[] headerBlock(String... specs) {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        for (String f : specs) fields(f, block);
        return block.toByteArray();
    }

    /** HPACK literal header field without indexing, new name (RFC 7541 6.2.2), no Huffman. */
    private static void literal(String name, byte[] value, ByteArrayOutputStream block) {
        byte[] n = unescape(name);
        block.write(0x00);
        integer(n.length, 7, 0, block);
        block.writeBytes(n);
        integer(value.length, 7, 0, block);
        block.writeBytes(value);
    }

    /** HPACK integer with an N-bit prefix (RFC 7541 5.1). */
    static void integer(long v, int prefix, int firstBits, ByteArrayOutputStream out) {
        int max = (1 << prefix) - 1;
        if (v < max) {
            out.write(firstBits | (int) v);
            return;
        }
        out.write(firstBits | max);
        v -= max;
        while (v >= 128) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    static byte[] frame(int type, int flags, int stream, byte[] payload) {
        byte[] f = new byte[9 + payload.length];
        f[0] = (byte) (payload.length >>> 16);
        f[1] = (byte) (payload.length >>> 8);
        f[2] = (byte) payload.length;
        f[3] = (byte) type;
        f[4] = (byte) flags;
        f[5] = (byte) (stream >>> 24);
        f[6] = (byte) (stream >>> 16);
        f[7] = (byte) (stream >>> 8);
        f[8] = (byte) stream;
        System.arraycopy(payload, 0, f, 9, payload.length);
        return f;
    }

    private static byte[] hex(String s) {
        if (s.equals("-")) return new byte[0];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i + 1 < s.length(); i += 2) out.write(Integer.parseInt(s.substring(i, i + 2), 16));
        return out.toByteArray();
    }

    /** {@code \s} space, {@code \r \n \t \\ \xHH}, {@code @BYTES<n>@} n times 'x'. */
    static byte[] unescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '@' && s.startsWith("@BYTES", i)) {
                int end = s.indexOf('@', i + 1);
                int n = Integer.parseInt(s.substring(i + 6, end));
                for (int k = 0; k < n; k++) out.write('x');
                i = end;
                continue;
            }
            if (c != '\\' || i + 1 >= s.length()) {
                out.write(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 's' -> out.write(' ');
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case 'x' -> {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> out.write(n);
            }
        }
        return out.toByteArray();
    }
}
