package dev.hapair.proxy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hapair.proxy.config.HaproxyConfig;
import dev.hapair.proxy.config.HaproxyConfigLoader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The bytes of an HTTP check request against haproxy 2.6.12's, captured on loopback for the same backends: it adds
 * "connection: close" to HTTP/1.1 requests only; an HTTP/1.0 request goes without (close is its default), also
 * with a body.
 */
class HttpCheckRequestTest {

    private static String request(String backendLines) throws Exception {
        HaproxyConfig c = new HaproxyConfigLoader(java.util.Map.of())
                .parse(
                        "t.cfg",
                        "defaults\n  timeout connect 1s\n  timeout client 1s\n  timeout server 1s\n" + "backend b\n"
                                + backendLines + "  server s 127.0.0.1:1 check\n");
        return new String(
                HealthChecks.httpSpec(c.backend("b").orElseThrow()).requestBytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void connectionCloseOnlyFromHttp11() throws Exception {
        // haproxy 2.6.12: "GET /b1 HTTP/1.0\r\nx-own: 1\r\nhost: h1.example\r\n\r\n"
        assertEquals(
                "GET /b1 HTTP/1.0\r\nX-Own: 1\r\nHost: h1.example\r\n\r\n",
                request("  option httpchk GET /b1\n  http-check send hdr X-Own 1 hdr Host h1.example\n"));
        // haproxy 2.6.12: "POST /b4 HTTP/1.0\r\ncontent-length: 5\r\n\r\nhello"
        assertEquals(
                "POST /b4 HTTP/1.0\r\nContent-Length: 5\r\n\r\nhello",
                request("  option httpchk POST /b4\n  http-check send body hello\n"));
        // haproxy 2.6.12: "GET /b2 HTTP/1.1\r\nx-own: 1\r\nhost: h2.example\r\nconnection: close\r\n\r\n"
        assertEquals(
                "GET /b2 HTTP/1.1\r\nX-Own: 1\r\nHost: h2.example\r\nConnection: close\r\n\r\n",
                request("  option httpchk GET /b2 HTTP/1.1\n  http-check send hdr X-Own 1 hdr Host h2.example\n"));
        assertEquals(
                "OPTIONS / HTTP/2\r\nConnection: close\r\n\r\n",
                request("  http-check send ver HTTP/2\n  option httpchk\n"));
    }
}
