package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.splice.SpliceSettings;
import org.junit.jupiter.api.Test;

/** When a body is worth a pipe (the decision only; SpliceIT moves the bytes). */
class BodySpliceTest {
    private static final SpliceSettings OFF = new SpliceSettings(false, false, false, 0);
    private static final SpliceSettings BOTH = new SpliceSettings(true, true, false, 0);
    private static final SpliceSettings AUTO = new SpliceSettings(false, false, true, 0);

    @Test
    void lessThanFourKibStillToComeIsCopiedAsHaproxyDoes() {
        assertFalse(BodySplice.wanted(BOTH, OFF, true, 72, 16384));
        assertFalse(BodySplice.wanted(OFF, BOTH, false, 4095, 16384));
        assertTrue(BodySplice.wanted(BOTH, OFF, true, 4096, 16384));
        assertTrue(BodySplice.wanted(OFF, BOTH, false, 4096, 16384));
        assertTrue(BodySplice.wanted(BOTH, OFF, false, -1, 16384), "close-delimited: an unknown amount");
    }

    @Test
    void explicitOptionsPerDirectionAndAutoAboveABuffer() {
        SpliceSettings requestOnly = new SpliceSettings(true, false, false, 0);
        assertTrue(BodySplice.wanted(requestOnly, OFF, true, 1 << 20, 16384));
        assertFalse(BodySplice.wanted(requestOnly, OFF, false, 1 << 20, 16384));
        assertFalse(BodySplice.wanted(OFF, OFF, true, 1 << 20, 16384));
        assertFalse(BodySplice.wanted(AUTO, OFF, false, 16384, 16384));
        assertTrue(BodySplice.wanted(OFF, AUTO, false, 16385, 16384));
        assertTrue(BodySplice.wanted(AUTO, OFF, false, -1, 16384));
    }
}
