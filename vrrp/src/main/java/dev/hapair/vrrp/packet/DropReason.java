package dev.hapair.vrrp.packet;

/**
 * Why a received packet was not handed to the state machine. Each value is counted by {@link DropCounters}.
 * The first group is malformed input, the second is a well-formed advert that does not belong to us or does
 * not pass the RFC 3768 section 7.1 / RFC 5798 section 7.1 receive checks as keepalived applies them.
 */
public enum DropReason {
    // --- malformed ---
    /** Fewer bytes than an IPv4 header. */
    TRUNCATED_IP_HEADER,
    /** IP version not 4, IHL below 5, or total length inconsistent with the bytes received. */
    BAD_IP_HEADER,
    /** A fragment: VRRP adverts are never fragmented. */
    IP_FRAGMENT,
    /** IP protocol is not 112. */
    NOT_VRRP_PROTOCOL,
    /** Fewer bytes than the 8-byte fixed VRRP header. */
    TRUNCATED_VRRP,
    /** VRRP version field is neither 2 nor 3. */
    UNKNOWN_VERSION,
    /** VRRP type is not 1 (advertisement). */
    BAD_TYPE,
    /** The address count does not match the message length (v2: counting the 8 auth bytes). */
    ADDRESS_COUNT_MISMATCH,
    /** A v2 message that lacks the 8 authentication bytes (keepalived rejects these even with auth type 0). */
    MISSING_AUTH_DATA,
    /** An advertisement interval of zero (would make a backup's master-down timer expire at once). */
    BAD_INTERVAL,
    /** VRRP checksum does not verify. */
    BAD_CHECKSUM,
    // --- not for us / policy ---
    /** IP TTL is not 255 (RFC 5798 section 7.1; not checked in unicast mode unless configured). */
    BAD_TTL,
    /** A valid advert of the other VRRP version than this instance runs. */
    VERSION_MISMATCH,
    /** An advert for another virtual router. */
    VRID_MISMATCH,
    /** v2 authentication type differs from ours. */
    AUTH_TYPE_MISMATCH,
    /** v2 PASS authentication with the wrong password. */
    AUTH_FAILURE,
    /** v2 advertisement interval differs from ours (RFC 3768 section 7.1). */
    INTERVAL_MISMATCH,
    /** The advert lists other virtual addresses than ours: keepalived logs and ignores these. */
    VIP_SET_MISMATCH,
    /** Our own advert looped back to us. */
    OWN_ADVERT,
    // --- auth_hmac (keepalived 2.4 signed adverts), one reason per keepalived statistic ---
    /** An advert carrying an auth_hmac trailer reached an instance without an auth_hmac block. */
    UNEXPECTED_AUTH_TRAILER,
    /** No trailer while auth_hmac is in enforce mode. */
    AUTH_HMAC_MISSING,
    /** A trailer of an unknown scheme or with non-zero reserved bytes. */
    AUTH_HMAC_MALFORMED,
    /** A trailer naming a key id we do not have. */
    AUTH_HMAC_UNKNOWN_KEY,
    /** The HMAC does not verify (wrong key, altered or forged advert). */
    AUTH_HMAC_BAD_HMAC,
    /** The trailer's timestamp is outside the time window. */
    AUTH_HMAC_STALE,
    /** The trailer's sequence is not newer than the last accepted from that sender: a replay. */
    AUTH_HMAC_REPLAY,
    /** Anything the checks above did not foresee: the decoder never lets an exception escape. */
    INTERNAL_ERROR
}
