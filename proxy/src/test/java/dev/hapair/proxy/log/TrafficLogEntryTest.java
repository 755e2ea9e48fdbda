package dev.hapair.proxy.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class TrafficLogEntryTest {
    private static TrafficLogEntry entry() {
        TrafficLogEntry e = new TrafficLogEntry();
        e.clientIp = "10.0.1.2";
        e.clientPort = 33317;
        e.acceptEpochMillis = ZonedDateTime.of(2009, 2, 6, 12, 14, 14, 655_000_000, ZoneId.systemDefault())
                .toInstant()
                .toEpochMilli();
        e.frontend = "http-in";
        e.backend = "static";
        e.server = "srv1";
        return e;
    }

    @Test
    void httplogMatchesHaproxyDocumentationExample() {
        TrafficLogEntry e = entry();
        e.tRequest = 10;
        e.tQueue = 0;
        e.tConnect = 30;
        e.tResponse = 69;
        e.tTotal = 109;
        e.status = 200;
        e.bytesRead = 2750;
        e.termination = "--";
        e.cookieFlags = "--";
        e.actconn = 1;
        e.feconn = 1;
        e.beconn = 1;
        e.srvconn = 1;
        e.retries = 0;
        e.requestLine = "GET /index.html HTTP/1.1";
        assertEquals(
                "10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 10/0/30/69/109 200 2750 - - ---- "
                        + "1/1/1/1/0 0/0 \"GET /index.html HTTP/1.1\"",
                e.httpLine());
    }

    @Test
    void httplogShowsDeclaredHeaderCaptures() {
        TrafficLogEntry e = entry();
        e.status = 200;
        e.requestLine = "GET / HTTP/1.1";
        e.requestCaptures = "{www.example.com|}";
        e.responseCaptures = "{nginx}";
        assertEquals(
                "10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 -1/-1/-1/-1/-1 200 0 - - ---- "
                        + "0/0/0/0/0 0/0 {www.example.com|} {nginx} \"GET / HTTP/1.1\"",
                e.httpLine());
    }

    @Test
    void logasapMatchesHaproxyDocumentationExample() {
        // "option logasap" in configuration.txt: totals so far are written +N
        TrafficLogEntry e = entry();
        e.tRequest = 9;
        e.tQueue = 10;
        e.tConnect = 7;
        e.tResponse = 14;
        e.tTotal = 30;
        e.status = 200;
        e.bytesRead = 243;
        e.early = true;
        e.actconn = 3;
        e.feconn = 1;
        e.beconn = 1;
        e.srvconn = 1;
        e.backendQueue = 0;
        e.srvQueue = 1;
        e.requestLine = "GET /image.iso HTTP/1.0";
        assertEquals(
                "10.0.1.2:33317 [06/Feb/2009:12:14:14.655] http-in static/srv1 9/10/7/14/+30 200 +243 - - ---- "
                        + "3/1/1/1/0 1/0 \"GET /image.iso HTTP/1.0\"",
                e.httpLine());
        e.frontend = "fnt";
        assertEquals(
                "10.0.1.2:33317 [06/Feb/2009:12:14:14.655] fnt static/srv1 10/7/+30 +243 -- 3/1/1/1/0 1/0",
                e.tcpLine());
    }

    @Test
    void tcplogAndRedispatchMarker() {
        TrafficLogEntry e = entry();
        e.frontend = "fnt";
        e.backend = "bck";
        e.tQueue = 0;
        e.tConnect = 0;
        e.tTotal = 5007;
        e.bytesRead = 212;
        e.retries = 3;
        e.redispatched = true;
        assertEquals(
                "10.0.1.2:33317 [06/Feb/2009:12:14:14.655] fnt bck/srv1 0/0/5007 212 -- 0/0/0/0/+3 0/0", e.tcpLine());
    }

    @Test
    void syslogFrameIsRfc3164() throws Exception {
        ZonedDateTime t = ZonedDateTime.of(2026, 11, 1, 9, 5, 7, 0, ZoneId.systemDefault());
        try (SyslogLogSink s = new SyslogLogSink(
                SyslogLogSink.Destination.udp(new InetSocketAddress("127.0.0.1", 9)),
                16,
                6,
                "hapair-proxy[42]",
                () -> t)) {
            assertEquals("<134>Nov  1 09:05:07 hapair-proxy[42]: hello", s.format(6, "hello"));
        }
        assertEquals(16, SyslogLogSink.facility("local0"));
        assertEquals(4, SyslogLogSink.severity("warning"));
        assertEquals(
                "Nov  1", DateTimeFormatter.ofPattern("MMM ppd", Locale.ENGLISH).format(t));
    }

    @Test
    void logLenCutsEachDatagramToItsLength() {
        ZonedDateTime t = ZonedDateTime.of(2026, 11, 1, 9, 5, 7, 0, ZoneId.systemDefault());
        java.util.List<String> sent = new java.util.ArrayList<>();
        SyslogLogSink.Destination capture = new SyslogLogSink.Destination() {
            @Override
            public void send(java.nio.ByteBuffer datagram) {
                sent.add(
                        java.nio.charset.StandardCharsets.UTF_8.decode(datagram).toString());
            }

            @Override
            public void close() {}
        };
        SyslogLogSink s = new SyslogLogSink(capture, 16, 7, "hapair-proxy[42]", () -> t).withMaxLength(80);
        String line = "x".repeat(100);
        s.log(6, line);
        s.log(6, "short");
        assertEquals(80, sent.get(0).length());
        assertEquals(s.format(6, line).substring(0, 80), sent.get(0));
        assertEquals("<134>Nov  1 09:05:07 hapair-proxy[42]: short", sent.get(1));
    }
}
