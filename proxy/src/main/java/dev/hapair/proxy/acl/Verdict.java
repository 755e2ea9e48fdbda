package dev.hapair.proxy.acl;

/**
 * Three-valued results of conditions, encoded as HAProxy's: FAIL 0, MISS 1, PASS 3, so that AND is
 * {@code a & b}, OR is {@code a | b} and NOT maps 0 to 3, 1 to 1 and 3 to 0. MISS exists only while TCP
 * content inspection may still receive bytes: the rule is then neither applied nor skipped, it waits.
 */
public final class Verdict {
    public static final int FAIL = 0;
    public static final int MISS = 1;
    public static final int PASS = 3;

    private Verdict() {}

    public static int not(int v) {
        return 3 >> v;
    }
}
