package dev.hapair.proxy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnitsTest {

    @Test
    void timeUnits() {
        assertEquals(Duration.ofNanos(1500_000), Units.parseTime("1500us"));
        assertEquals(Duration.ofMillis(200), Units.parseTime("200ms"));
        assertEquals(Duration.ofMillis(5000), Units.parseTime("5000"), "bare numbers are milliseconds");
        assertEquals(Duration.ofSeconds(10), Units.parseTime("10s"));
        assertEquals(Duration.ofMinutes(1), Units.parseTime("1m"));
        assertEquals(Duration.ofHours(2), Units.parseTime("2h"));
        assertEquals(Duration.ofDays(3), Units.parseTime("3d"));
        assertEquals(Duration.ZERO, Units.parseTime("0"));
    }

    @Test
    void someKeywordsReadBareNumbersAsSeconds() {
        assertEquals(Duration.ofSeconds(30), Units.parseTime("30", Units.TimeUnitDefault.SECONDS));
        assertEquals(Duration.ofMillis(30), Units.parseTime("30ms", Units.TimeUnitDefault.SECONDS));
    }

    @Test
    void badTimes() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Units.parseTime("5x"))
                .getMessage()
                .contains("unexpected character 'x'"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseTime("s"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseTime("-1s"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseTime(""));
        assertThrows(IllegalArgumentException.class, () -> Units.parseTime("99999999999999999999"));
    }

    @Test
    void sizeUnits() {
        assertEquals(16384, Units.parseSize("16384"));
        assertEquals(16384, Units.parseSize("16k"));
        assertEquals(3L * 1024 * 1024, Units.parseSize("3m"));
        assertEquals(2L * 1024 * 1024 * 1024, Units.parseSize("2g"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseSize("1t"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseSize("k"));
    }

    @Test
    void timeAndSizeUnitsInAConfig() {
        HaproxyConfig c = Cfg.parse("global\n  tune.bufsize 32k\n  hard-stop-after 1m\n  stats timeout 2m\n"
                + Cfg.TIMEOUTS + "  timeout http-request 1500us\n  timeout queue 2h\n  timeout check 1d\n"
                + "listen l\n  bind :80\n  server s 127.0.0.1:80 check inter 250 fastinter 100ms downinter 3s\n"
                + "  stats refresh 7\n");
        assertEquals(32768, c.global().tuneBufsize().getAsInt());
        assertEquals(Duration.ofMinutes(1), c.global().hardStopAfter().orElseThrow());
        assertEquals(Duration.ofMinutes(2), c.global().statsTimeout().orElseThrow());
        ProxyConfig l = c.proxy("l").orElseThrow();
        assertEquals(Duration.ofNanos(1_500_000), l.timeouts().httpRequest().orElseThrow());
        assertEquals(Duration.ofHours(2), l.timeouts().queue().orElseThrow());
        assertEquals(Duration.ofDays(1), l.timeouts().check().orElseThrow());
        ServerConfig s = l.servers().get(0);
        assertEquals(Duration.ofMillis(250), s.inter());
        assertEquals(Duration.ofMillis(100), s.fastinter());
        assertEquals(Duration.ofSeconds(3), s.downinter());
        assertEquals(Duration.ofSeconds(7), l.stats().refresh().orElseThrow(), "stats refresh: seconds by default");
    }
}
