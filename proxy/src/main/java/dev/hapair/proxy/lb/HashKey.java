package dev.hapair.proxy.lb;

/** What a hash-based {@code balance} hashes in a request (source, uri, url_param, hdr). */
public interface HashKey {

    /** Sentinel: the request has no such key, balance by round robin instead. */
    long ABSENT = -1L;

    /** @return the unsigned 32-bit hash of the key, or {@link #ABSENT} */
    long hash(LbRequest request, HashFunction function);

    /** The {@code balance} keyword that selects this key, for messages and stats. */
    String keyword();
}
