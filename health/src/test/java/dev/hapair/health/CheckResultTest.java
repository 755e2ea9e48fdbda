package dev.hapair.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CheckResultTest {

    @Test
    void describesLikeHaproxyStatsPage() {
        assertEquals(
                "L7OK/200 in 1ms",
                CheckResult.http(CheckStatus.L7OK, Duration.ofMillis(1), 200, "")
                        .describe());
        assertEquals(
                "L7STS/404 in 2ms",
                CheckResult.http(CheckStatus.L7STS, Duration.ofMillis(2), 404, "x")
                        .describe());
        assertEquals(
                "L4CON in 0ms",
                CheckResult.of(CheckStatus.L4CON, Duration.ofNanos(300_000)).describe());
        assertEquals(
                "L4TOUT in 2001ms",
                CheckResult.of(CheckStatus.L4TOUT, Duration.ofMillis(2001)).describe());
        assertEquals(
                "L4CON in 0ms, Connection refused",
                CheckResult.of(CheckStatus.L4CON, Duration.ZERO, "Connection refused")
                        .describeWithDetail());
    }

    @Test
    void successCodesAreExactlyTheOkOnes() {
        for (CheckStatus s : CheckStatus.values()) {
            boolean expected =
                    switch (s) {
                        case L4OK, L6OK, L7OK, L7OKC, PROCOK -> true;
                        default -> false;
                    };
            assertEquals(expected, s.success(), s.name());
        }
        assertTrue(CheckResult.of(CheckStatus.PROCOK, Duration.ZERO).succeeded());
        assertFalse(CheckResult.initial().succeeded());
        assertEquals(CheckStatus.INI, CheckResult.initial().status());
    }

    @Test
    void nullDetailBecomesEmptyAndNegativeDurationZero() {
        CheckResult r = new CheckResult(CheckStatus.L4OK, Duration.ofMillis(-5), 0, null);
        assertEquals("", r.detail());
        assertEquals(Duration.ZERO, r.duration());
    }
}
