package dev.hapair.proxy.lb;

/** {@code hash-type map-based|consistent [function] [avalanche]}; the default is map-based sdbm. */
public record HashType(boolean consistent, HashFunction function, boolean avalanche) {

    public static final HashType DEFAULT = new HashType(false, HashFunction.SDBM, false);

    public HashType {
        if (function == null) {
            throw new IllegalArgumentException("function");
        }
    }

    /** Hash of a key with the modifier applied. */
    long finish(long hash) {
        return avalanche ? HashFunction.avalanche(hash) : hash;
    }
}
