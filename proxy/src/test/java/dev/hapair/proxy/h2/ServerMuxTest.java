package dev.hapair.proxy.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.proxy.h2.ServerMux.Mux;
import dev.hapair.proxy.h2.ServerMux.Plan;
import dev.hapair.proxy.h2.ServerMux.Ws;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * HAProxy 2.6's choice of protocol per request ({@code proto}, {@code alpn}, {@code ws}): the lines of reg-test
 * http-messaging/srv_ws.vtc first, then reuse as server.c's srv_check_reuse_ws decides it.
 */
class ServerMuxTest {
    private static final List<String> BOTH = List.of("h2", "http/1.1");

    private static Plan ws(ServerProtocol proto, List<String> alpn, Ws ws) {
        return new ServerMux(proto, alpn, ws).plan(true);
    }

    private static Plan plain(ServerProtocol proto, List<String> alpn, Ws ws) {
        return new ServerMux(proto, alpn, ws).plan(false);
    }

    @Test
    void srvWsRegTestLines() {
        // proto h2 ws h1: websocket over HTTP/1.1, on a connection of its own
        assertEquals(new Plan(Mux.H1, false, null), ws(ServerProtocol.H2, List.of(), Ws.H1));
        // proto h2 ws h2 and proto h2 (ws auto): extended CONNECT on the shared HTTP/2 connections
        assertEquals(new Plan(Mux.H2, true, null), ws(ServerProtocol.H2, List.of(), Ws.H2));
        assertEquals(new Plan(Mux.H2, true, null), ws(ServerProtocol.H2, List.of(), Ws.AUTO));
        // no proto, no TLS (ws auto): HTTP/1.1
        assertEquals(new Plan(Mux.H1, true, null), ws(null, List.of(), Ws.AUTO));
        // ssl alpn h2,http/1.1 ws auto: a new connection offering http/1.1 only
        assertEquals(new Plan(Mux.BY_ALPN, false, List.of("http/1.1")), ws(null, BOTH, Ws.AUTO));
        // ssl alpn h2,http/1.1 ws h2: a new connection offering h2 only
        assertEquals(new Plan(Mux.BY_ALPN, false, List.of("h2")), ws(null, BOTH, Ws.H2));
        // ssl alpn h2 ws auto: the server's list, and its connections
        assertEquals(new Plan(Mux.BY_ALPN, true, null), ws(null, List.of("h2"), Ws.AUTO));
    }

    @Test
    void plainRequestsFollowProtoElseAlpn() {
        assertEquals(new Plan(Mux.H2, true, null), plain(ServerProtocol.H2, List.of(), Ws.H1));
        assertEquals(new Plan(Mux.H1, true, null), plain(null, List.of(), Ws.H2));
        assertEquals(new Plan(Mux.BY_ALPN, true, null), plain(null, BOTH, Ws.AUTO));
        assertEquals(new Plan(Mux.BY_ALPN, true, null), plain(null, List.of("h2"), Ws.H1));
        // proto wins over ALPN for the protocol spoken
        assertEquals(Mux.H2, plain(ServerProtocol.H2, List.of("h2"), Ws.AUTO).mux());
    }

    @Test
    void websocketReuseAsSrvCheckReuseWs() {
        // without ALPN: auto always, h2 only on a proto h2 server, h1 unless proto h2
        assertTrue(ws(ServerProtocol.H1, List.of(), Ws.AUTO).reuse());
        assertFalse(ws(ServerProtocol.H1, List.of(), Ws.H2).reuse());
        assertTrue(ws(ServerProtocol.H1, List.of(), Ws.H1).reuse());
        assertTrue(ws(null, List.of(), Ws.H1).reuse());
        assertFalse(ws(null, List.of(), Ws.H2).reuse());
        // with ALPN: only when the list is the websocket's protocol alone
        assertTrue(ws(null, List.of("http/1.1"), Ws.AUTO).reuse());
        assertTrue(ws(null, List.of("http/1.1"), Ws.H1).reuse());
        assertFalse(ws(null, List.of("h2"), Ws.H1).reuse());
        assertTrue(ws(null, List.of("h2"), Ws.H2).reuse());
        assertFalse(ws(null, BOTH, Ws.H1).reuse());
    }

    @Test
    void websocketAlpn() {
        // auto offers http/1.1 alone only when the list holds it; h1 and h2 force theirs
        assertNull(ws(null, List.of("h2"), Ws.AUTO).alpn());
        assertEquals(List.of("http/1.1"), ws(null, List.of("h2"), Ws.H1).alpn());
        assertNull(ws(null, List.of("http/1.1"), Ws.H1).alpn(), "the server's list already");
        assertEquals(List.of("http/1.1"), new ServerMux(null, BOTH, Ws.AUTO).websocketAlpn());
        // a proto server with ALPN: the protocol is forced, the ALPN follows ws too
        assertEquals(new Plan(Mux.H1, false, List.of("http/1.1")), ws(ServerProtocol.H2, List.of("h2"), Ws.H1));
        assertNull(ws(ServerProtocol.H2, List.of(), Ws.H1).alpn(), "no TLS, no ALPN");
    }

    @Test
    void mayUseH2() {
        assertFalse(ServerMux.H1_ONLY.mayUseH2());
        assertFalse(new ServerMux(null, List.of("http/1.1"), Ws.AUTO).mayUseH2());
        assertTrue(new ServerMux(null, List.of("http/1.1"), Ws.H2).mayUseH2());
        assertTrue(new ServerMux(null, BOTH, Ws.AUTO).mayUseH2());
        assertTrue(new ServerMux(ServerProtocol.H2, List.of(), Ws.H1).mayUseH2());
        assertTrue(new ServerMux(ServerProtocol.H1, List.of(), Ws.H2).mayUseH2());
    }
}
