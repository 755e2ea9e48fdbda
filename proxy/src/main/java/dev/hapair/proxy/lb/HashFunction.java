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
    /**
     * Willy Tarreau's "wt6": two 32-bit states mixed with 6 operations per byte, the rotation steps taken from
     * the running state.
     */
    WT6("wt6") {
        @Override
        int step(int h, int c) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long hash(byte[] data) {
            int h0 = 0xa53c965a;
            int h1 = 0x5ca6953a;
            int s0 = 6;
            int s1 = 18;
            for (byte b : data) {
                int t = b & 0xFF;
                h0 = ~(h0 ^ t);
                h1 = ~(h1 + t);
                t = Integer.rotateLeft(h1, s0);
                h1 = Integer.rotateLeft(h0, s1);
                h0 = t;
                t = ((h0 >>> 16) ^ h1) & 0xffff;
                s0 = t & 0x1f;
                s1 = t >>> 11;
            }
            return (h0 ^ h1) & 0xFFFFFFFFL;
        }

        @Override
        public long hash(CharSequence s) {
            return hash(latin1(s));
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
            return hash(latin1(s));
        }
    };

    private static byte[] latin1(CharSequence s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) s.charAt(i);
        }
        return b;
    }

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

    /**
     * The {@code avalanche} modifier, HAProxy's "full hash": Bob Jenkins' 32-bit integer avalanche hash, then
     * a multiplication by 3221225473 (a prime close to 3/4 of the 32-bit space) to spread values around the tree.
     */
    public static long avalanche(long hash) {
        int a = (int) hash;
        a = (a + 0x7ed55d16) + (a << 12);
        a = (a ^ 0xc761c23c) ^ (a >>> 19);
        a = (a + 0x165667b1) + (a << 5);
        a = (a + 0xd3a2646c) ^ (a << 9);
        a = (a + 0xfd7046c5) + (a << 3);
        a = (a ^ 0xb55a4f09) ^ (a >>> 16);
        return (a * 0xC0000001) & 0xFFFFFFFFL;
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
