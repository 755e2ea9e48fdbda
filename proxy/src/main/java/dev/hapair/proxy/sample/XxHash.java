package dev.hapair.proxy.sample;

/** XXH32 and XXH64 as specified by the xxHash format description (little-endian reads). */
final class XxHash {

    private static final int P32_1 = 0x9E3779B1;
    private static final int P32_2 = 0x85EBCA77;
    private static final int P32_3 = 0xC2B2AE3D;
    private static final int P32_4 = 0x27D4EB2F;
    private static final int P32_5 = 0x165667B1;

    private static final long P64_1 = 0x9E3779B185EBCA87L;
    private static final long P64_2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P64_3 = 0x165667B19E3779F9L;
    private static final long P64_4 = 0x85EBCA77C2B2AE63L;
    private static final long P64_5 = 0x27D4EB2F165667C5L;

    private XxHash() {}

    private static int le32(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    private static long le64(byte[] b, int i) {
        return (le32(b, i) & 0xFFFFFFFFL) | ((long) le32(b, i + 4) << 32);
    }

    static int xxh32(byte[] b, int seed) {
        int i = 0;
        int n = b.length;
        int h;
        if (n >= 16) {
            int v1 = seed + P32_1 + P32_2;
            int v2 = seed + P32_2;
            int v3 = seed;
            int v4 = seed - P32_1;
            while (i <= n - 16) {
                v1 = Integer.rotateLeft(v1 + le32(b, i) * P32_2, 13) * P32_1;
                v2 = Integer.rotateLeft(v2 + le32(b, i + 4) * P32_2, 13) * P32_1;
                v3 = Integer.rotateLeft(v3 + le32(b, i + 8) * P32_2, 13) * P32_1;
                v4 = Integer.rotateLeft(v4 + le32(b, i + 12) * P32_2, 13) * P32_1;
                i += 16;
            }
            h = Integer.rotateLeft(v1, 1)
                    + Integer.rotateLeft(v2, 7)
                    + Integer.rotateLeft(v3, 12)
                    + Integer.rotateLeft(v4, 18);
        } else {
            h = seed + P32_5;
        }
        h += n;
        while (i <= n - 4) {
            h = Integer.rotateLeft(h + le32(b, i) * P32_3, 17) * P32_4;
            i += 4;
        }
        while (i < n) {
            h = Integer.rotateLeft(h + (b[i] & 0xFF) * P32_5, 11) * P32_1;
            i++;
        }
        h ^= h >>> 15;
        h *= P32_2;
        h ^= h >>> 13;
        h *= P32_3;
        h ^= h >>> 16;
        return h;
    }

    private static long round64(long acc, long input) {
        acc += input * P64_2;
        acc = Long.rotateLeft(acc, 31);
        return acc * P64_1;
    }

    private static long merge64(long acc, long v) {
        acc ^= round64(0, v);
        return acc * P64_1 + P64_4;
    }

    static long xxh64(byte[] b, long seed) {
        int i = 0;
        int n = b.length;
        long h;
        if (n >= 32) {
            long v1 = seed + P64_1 + P64_2;
            long v2 = seed + P64_2;
            long v3 = seed;
            long v4 = seed - P64_1;
            while (i <= n - 32) {
                v1 = round64(v1, le64(b, i));
                v2 = round64(v2, le64(b, i + 8));
                v3 = round64(v3, le64(b, i + 16));
                v4 = round64(v4, le64(b, i + 24));
                i += 32;
            }
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = merge64(h, v1);
            h = merge64(h, v2);
            h = merge64(h, v3);
            h = merge64(h, v4);
        } else {
            h = seed + P64_5;
        }
        h += n;
        while (i <= n - 8) {
            h ^= round64(0, le64(b, i));
            h = Long.rotateLeft(h, 27) * P64_1 + P64_4;
            i += 8;
        }
        if (i <= n - 4) {
            h ^= (le32(b, i) & 0xFFFFFFFFL) * P64_1;
            h = Long.rotateLeft(h, 23) * P64_2 + P64_3;
            i += 4;
        }
        while (i < n) {
            h ^= (b[i] & 0xFF) * P64_5;
            h = Long.rotateLeft(h, 11) * P64_1;
            i++;
        }
        h ^= h >>> 33;
        h *= P64_2;
        h ^= h >>> 29;
        h *= P64_3;
        h ^= h >>> 32;
        return h;
    }
}
