package dev.hapair.proxy.lb;

import dev.hapair.proxy.config.HashType;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Stateless description of a backend's {@code balance} and {@code hash-type} lines; makes one
 * {@link ServerSelector} per backend (and per reload). Built from the config model by {@link LbAlgorithmFactory}.
 *
 * @param kind the algorithm
 * @param key what hash-based kinds hash (null for the others)
 * @param hashType {@code hash-type} from the config model, used by hash-based kinds (function sdbm, djb2 or crc32)
 * @param draws servers drawn by {@code random(draws)} (2 by default)
 */
public record LbAlgorithm(Kind kind, HashKey key, HashType hashType, int draws) {

    public enum Kind {
        ROUNDROBIN("roundrobin"),
        STATIC_RR("static-rr"),
        LEASTCONN("leastconn"),
        FIRST("first"),
        SOURCE("source"),
        URI("uri"),
        URL_PARAM("url_param"),
        HDR("hdr"),
        RANDOM("random");

        private final String keyword;

        Kind(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }

        public boolean hashBased() {
            return this == SOURCE || this == URI || this == URL_PARAM || this == HDR;
        }
    }

    /** HAProxy's default when a backend has no {@code balance} line. */
    public static final LbAlgorithm DEFAULT = new LbAlgorithm(Kind.ROUNDROBIN, null, HashType.defaults());

    /** HAProxy's default for {@code balance random}. */
    public static final int DEFAULT_DRAWS = 2;

    public LbAlgorithm {
        Objects.requireNonNull(kind, "kind");
        if (draws < 1) {
            throw new IllegalArgumentException("draws must be >= 1");
        }
        hashType = hashType == null ? HashType.defaults() : hashType;
        if (HashFunction.byKeyword(hashType.function()) == null) {
            throw new IllegalArgumentException("unsupported hash function " + hashType.function());
        }
        if (kind.hashBased() && key == null) {
            throw new IllegalArgumentException(kind.keyword() + " needs a hash key");
        }
    }

    /**
     * Whether servers can be added at run time ({@code add server}): HAProxy's "dynamic" algorithms, whose
     * lookup structures take new servers (roundrobin, random, leastconn, first, and hashing with
     * {@code hash-type consistent}); static-rr and map-based hashing are static.
     */
    public boolean dynamic() {
        return switch (kind) {
            case ROUNDROBIN, RANDOM, LEASTCONN, FIRST -> true;
            case STATIC_RR -> false;
            case SOURCE, URI, URL_PARAM, HDR -> hashType.method() == HashType.Method.CONSISTENT;
        };
    }

    public LbAlgorithm(Kind kind, HashKey key, HashType hashType) {
        this(kind, key, hashType, DEFAULT_DRAWS);
    }

    public static LbAlgorithm of(Kind kind) {
        return new LbAlgorithm(kind, null, HashType.defaults());
    }

    /** The same algorithm with another {@code hash-type}. */
    public LbAlgorithm withHashType(HashType type) {
        return new LbAlgorithm(kind, key, type, draws);
    }

    /**
     * A new selector over {@code servers} (the backend's servers, any order; ids must be distinct).
     * Initial up/down state and weights are read from the servers once.
     */
    public <S extends LbServer> ServerSelector<S> newSelector(List<S> servers, boolean allBackups) {
        // the generator only for balance random: RandomGenerator.of looks the algorithm up through a
        // ServiceLoader of every generator the JDK has (~20 classes loaded and kept by every process)
        return newSelector(servers, allBackups, kind == Kind.RANDOM ? RandomGenerator.of("L64X128MixRandom") : null);
    }

    /**
     * As {@link #newSelector(List, boolean)}, with the random source {@code balance random} uses (may be null for
     * the other algorithms).
     */
    public <S extends LbServer> ServerSelector<S> newSelector(
            List<S> servers, boolean allBackups, RandomGenerator random) {
        switch (kind) {
            case RANDOM:
                return new RandomSelector<>(servers, allBackups, draws, random);
            case ROUNDROBIN:
                return new RoundRobinSelector<>(servers, allBackups);
            case STATIC_RR:
                return new StaticRoundRobinSelector<>(servers, allBackups);
            case LEASTCONN:
                return new LeastConnSelector<>(servers, allBackups);
            case FIRST:
                return new FirstSelector<>(servers, allBackups);
            default:
                return hashType.method() == HashType.Method.CONSISTENT
                        ? new ConsistentHashSelector<>(servers, allBackups, key, hashType)
                        : new MapBasedHashSelector<>(servers, allBackups, key, hashType);
        }
    }
}
