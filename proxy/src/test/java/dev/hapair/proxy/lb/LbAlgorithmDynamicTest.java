package dev.hapair.proxy.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.proxy.config.HashType;
import org.junit.jupiter.api.Test;

/** Which algorithms take servers added at run time (HAProxy's "dynamic" load balancing). */
class LbAlgorithmDynamicTest {

    @Test
    void staticRoundRobinAndMapBasedHashingAreStatic() {
        HashType consistent = new HashType(HashType.Method.CONSISTENT, "sdbm", false, SourceLocation.NONE);
        for (LbAlgorithm.Kind k : LbAlgorithm.Kind.values()) {
            HashKey key = k.hashBased() ? new SourceHashKey() : null;
            boolean expected = k != LbAlgorithm.Kind.STATIC_RR && !k.hashBased();
            assertEquals(expected, new LbAlgorithm(k, key, HashType.defaults()).dynamic(), k.keyword());
            assertEquals(
                    k != LbAlgorithm.Kind.STATIC_RR,
                    new LbAlgorithm(k, key, consistent).dynamic(),
                    k.keyword() + " with hash-type consistent");
        }
    }
}
