package dev.hapair.vrrp.runtime;

import dev.hapair.vrrp.packet.DropReason;
import java.net.InetAddress;
import java.util.EnumSet;
import java.util.Set;

/**
 * keepalived's rate limit for refused signed adverts: each kind of refusal (missing trailer, malformed,
 * unknown key, bad HMAC, stale, replay), and the warning that an accepted advert's clock skew is past half the
 * time window, is logged once, then not again until the instance enters or leaves
 * MASTER or accepts an advert from another master, so a flood of forged adverts writes one line, not one per
 * packet. Every refusal is still counted by reason. Called from the receiver thread and the loop.
 */
final class AuthRejectLog {
    private static final Set<DropReason> AUTH = EnumSet.of(
            DropReason.AUTH_HMAC_MISSING,
            DropReason.AUTH_HMAC_MALFORMED,
            DropReason.AUTH_HMAC_UNKNOWN_KEY,
            DropReason.AUTH_HMAC_BAD_HMAC,
            DropReason.AUTH_HMAC_STALE,
            DropReason.AUTH_HMAC_REPLAY);

    private final Set<DropReason> logged = EnumSet.noneOf(DropReason.class);
    private boolean skewLogged;
    private InetAddress lastAccepted;

    /** Whether this refusal is to be logged now (its kind is then muted until the next reset). */
    synchronized boolean shouldLog(DropReason reason) {
        return AUTH.contains(reason) && logged.add(reason);
    }

    /** Whether a clock-skew warning (an accepted trailer past half the window) is to be logged now. */
    synchronized boolean shouldLogSkew() {
        if (skewLogged) {
            return false;
        }
        skewLogged = true;
        return true;
    }

    /** An advert was accepted: one from another master than the last starts a new period. */
    synchronized void accepted(InetAddress source) {
        if (lastAccepted != null && !lastAccepted.equals(source)) {
            reset();
        }
        lastAccepted = source;
    }

    /** The instance entered or left MASTER. */
    synchronized void reset() {
        logged.clear();
        skewLogged = false;
    }
}
