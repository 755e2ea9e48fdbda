package dev.hapair.vrrp.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.vrrp.packet.DropReason;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** keepalived's once-per-kind logging of refused signed adverts, and what starts a new period. */
class AuthRejectLogTest {
    @Test
    void eachKindOnceUntilMasterChangesOrTheStateDoes() throws Exception {
        AuthRejectLog log = new AuthRejectLog();
        InetAddress master = InetAddress.getByName("10.0.0.1");
        InetAddress other = InetAddress.getByName("10.0.0.2");
        assertTrue(log.shouldLog(DropReason.AUTH_HMAC_BAD_HMAC));
        assertFalse(log.shouldLog(DropReason.AUTH_HMAC_BAD_HMAC), "a flood logs one line");
        assertTrue(log.shouldLog(DropReason.AUTH_HMAC_REPLAY), "another kind has its own line");
        assertFalse(log.shouldLog(DropReason.BAD_TTL), "only signed-advert refusals are logged here");

        log.accepted(master);
        log.accepted(master);
        assertFalse(log.shouldLog(DropReason.AUTH_HMAC_BAD_HMAC), "the same master: still muted");
        log.accepted(other);
        assertTrue(log.shouldLog(DropReason.AUTH_HMAC_BAD_HMAC), "another master: a new period");

        assertFalse(log.shouldLog(DropReason.AUTH_HMAC_BAD_HMAC));
        log.reset();
        assertTrue(log.shouldLog(DropReason.AUTH_HMAC_BAD_HMAC), "entering or leaving MASTER: a new period");
    }

    @Test
    void theClockSkewWarningToo() throws Exception {
        AuthRejectLog log = new AuthRejectLog();
        assertTrue(log.shouldLogSkew());
        assertFalse(log.shouldLogSkew());
        log.accepted(InetAddress.getByName("10.0.0.1"));
        log.accepted(InetAddress.getByName("10.0.0.2"));
        assertTrue(log.shouldLogSkew(), "another master");
        log.reset();
        assertTrue(log.shouldLogSkew(), "a state change");
    }
}
