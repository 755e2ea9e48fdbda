package dev.hapair.common.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The datagram address and the disabled case; delivery to a real socket is proxy's SdNotifyIT. */
class SdNotifyTest {
    @Test
    void sockaddrForPathAndAbstractNames() {
        assertArrayEquals(new byte[] {1, 0, '/', 'r', 'u', 'n', '/', 'n', 0}, SdNotify.sockaddr("/run/n"));
        assertArrayEquals(
                new byte[] {1, 0, 0, 's', 'd'}, SdNotify.sockaddr("@sd"), "abstract: leading NUL, no terminator");
    }

    @Test
    void tooLongNamesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SdNotify.sockaddr("/" + "x".repeat(107)));
        assertEquals(2 + 108, SdNotify.sockaddr("@" + "x".repeat(107)).length, "abstract names may fill sun_path");
    }

    @Test
    void withoutNotifySocketNothingIsSent() {
        assertFalse(SdNotify.fromEnvironment(Map.of()).enabled());
        assertFalse(new SdNotify("").enabled());
        assertFalse(new SdNotify(null).send("READY=1"));
    }
}
