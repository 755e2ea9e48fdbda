package dev.hapair.proxy.lb;

import java.util.Locale;
import java.util.zip.CRC32;

/**
 * Hash functions of {@code hash-type <method> <function>}. Strings are hashed as their low 8 bits per char
 * (request heads are ISO-8859-1 on the wire). Results are unsigned 32-bit values in a long.
 */
public enum HashFunction {
    /** The default: hash = c + (hash << 6) + (hash << 16) - hash. */
    SDBM("sdbm") {
        @Override
        int step(int h, int c) {
            return c + (h << 6) + (h << 16) - h;
        }
    },
    /** Bernstein's hash: hash = hash * 33 + c, seeded with 5381. */
    DJB2("djb2") {
        @Override
        int seed() {
            return 5381;
        }

        @Override
        int step(int h, int c) {
            return (h << 5) + h + c;
        }
    },
    /** IEEE CRC-32. */
    CRC32("crc32") {
        @Override
        int step(int h, int c) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long hash(byte[] data) {
            CRC32 crc = new CRC32();
            crc.update(data);
            return crc.getValue();
        }

        @Override
        public long hash(CharSequence s) {
            byte[] b = new byte[s.length()];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) s.charAt(i);
            }
            return hash(b);
        }
    };

    private final String keyword;

    HashFunction(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    int seed() {
        return 0;
    }

    abstract int step(int h, int c);

    public long hash(byte[] data) {
        int h = seed();
        for (byte b : data) {
            h = step(h, b & 0xFF);
        }
        return h & 0xFFFFFFFFL;
    }

    public long hash(CharSequence s) {
        int h = seed();
        for (int i = 0; i < s.length(); i++) {
            h = step(h, s.charAt(i) & 0xFF);
        }
        return h & 0xFFFFFFFFL;
    }

    /** The {@code avalanche} modifier: spreads close inputs over the whole 32-bit range (fmix32). */
    public static long avalanche(long hash) {
        int h = (int) hash;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h & 0xFFFFFFFFL;
    }

    /** @return the function named {@code keyword}, or null */
    public static HashFunction byKeyword(String keyword) {
        String k = keyword.toLowerCase(Locale.ROOT);
        for (HashFunction f : values()) {
            if (f.keyword.equals(k)) {
                return f;
            }
        }
        return null;
    }
}
