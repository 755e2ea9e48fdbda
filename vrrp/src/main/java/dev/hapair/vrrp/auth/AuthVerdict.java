package dev.hapair.vrrp.auth;

/** What {@link AdvertAuthenticator#verify} decided about one received advert. */
public enum AuthVerdict {
    /** Signed with a configured key, fresh and new; or unsigned where the mode accepts that. */
    ACCEPTED,
    /** No trailer, and the mode is enforce. */
    MISSING,
    /** A trailer of an unknown scheme, or with non-zero reserved bytes. */
    MALFORMED,
    /** Signed with a key id this instance does not have. */
    UNKNOWN_KEY,
    /** The HMAC does not verify: wrong key, altered advert, or a forgery. */
    BAD_HMAC,
    /** Time mode: the timestamp is further from our clock than the window. */
    STALE,
    /** The sequence is not after the last one accepted from that sender: a replay. */
    REPLAY
}
