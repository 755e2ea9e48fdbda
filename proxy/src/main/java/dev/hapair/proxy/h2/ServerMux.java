package dev.hapair.proxy.h2;

import java.util.List;

/**
 * Which protocol a request is spoken in to one server, and whether it may use a connection that is already
 * open, from the server line's {@code proto}, {@code ssl alpn} and {@code ws} as HAProxy 2.6 decides
 * (configuration.txt, keyword {@code ws}; backend.c and server.c):
 *
 * <ul>
 *   <li>{@code proto h1|h2}, or no ALPN: that protocol (HTTP/1.1 without {@code proto}) for every connection;
 *   <li>{@code ssl alpn LIST} without {@code proto}: each new connection offers the list and speaks what the
 *       server picked ({@code h2}: HTTP/2, anything else or nothing: HTTP/1.1);
 *   <li>a websocket upgrade ({@code Upgrade: websocket}, or an HTTP/2 extended CONNECT) follows {@code ws}:
 *       {@code auto} keeps the server's protocol but, with ALPN, offers only {@code http/1.1} when the list holds
 *       it; {@code h1} and {@code h2} force that protocol (and offer only it with ALPN). A websocket reuses an
 *       open connection only when its protocol is the server's one for sure.
 * </ul>
 */
public final class ServerMux {

    /** How a connection's protocol is chosen. */
    public enum Mux {
        H1,
        H2,
        /** From the server's ALPN answer on each new connection: {@code h2} or HTTP/1.1. */
        BY_ALPN
    }

    /** {@code ws auto|h1|h2}. */
    public enum Ws {
        AUTO,
        H1,
        H2;

        public static Ws of(String word) {
            return switch (word) {
                case "h1" -> H1;
                case "h2" -> H2;
                default -> AUTO;
            };
        }
    }

    /**
     * How one request reaches the server.
     *
     * @param mux   the protocol of the connection it uses
     * @param reuse whether it may take an open connection (an idle HTTP/1.1 one or a stream of an HTTP/2 one)
     * @param alpn  what a new TLS connection for it offers instead of the server's list (null: the list)
     */
    public record Plan(Mux mux, boolean reuse, List<String> alpn) {}

    private final Plan plain;
    private final Plan websocket;
    private final List<String> alpn;

    /**
     * @param proto what {@code proto} says (null when not written)
     * @param alpn  the ALPN list offered to the server (empty without TLS or without {@code alpn})
     */
    public ServerMux(ServerProtocol proto, List<String> alpn, Ws ws) {
        this.alpn = List.copyOf(alpn);
        boolean byAlpn = proto == null && !alpn.isEmpty();
        Mux main = byAlpn ? Mux.BY_ALPN : proto == ServerProtocol.H2 ? Mux.H2 : Mux.H1;
        this.plain = new Plan(main, true, null);
        List<String> wsAlpn =
                switch (ws) {
                    case AUTO -> alpn.contains("http/1.1") ? List.of("http/1.1") : null;
                    case H1 -> List.of("http/1.1");
                    case H2 -> List.of("h2");
                };
        if (alpn.isEmpty() || wsAlpn != null && wsAlpn.equals(alpn)) wsAlpn = null;
        if (byAlpn) {
            boolean reuse =
                    switch (ws) {
                        case AUTO -> alpn.size() == 1;
                        case H1 -> alpn.equals(List.of("http/1.1"));
                        case H2 -> alpn.equals(List.of("h2"));
                    };
            this.websocket = new Plan(Mux.BY_ALPN, reuse, wsAlpn);
        } else {
            Mux mux =
                    switch (ws) {
                        case AUTO -> main;
                        case H1 -> Mux.H1;
                        case H2 -> Mux.H2;
                    };
            this.websocket = new Plan(mux, mux == main, wsAlpn);
        }
    }

    /** A plain HTTP/1.1 server (no TLS, no {@code proto}). */
    public static final ServerMux H1_ONLY = new ServerMux(null, List.of(), Ws.AUTO);

    /** The plan of a request; {@code websocket}: it asks for a websocket upgrade. */
    public Plan plan(boolean websocket) {
        return websocket ? this.websocket : plain;
    }

    /** Whether a connection to the server may speak HTTP/2. */
    public boolean mayUseH2() {
        if (plain.mux == Mux.H2 || websocket.mux == Mux.H2) return true;
        return plain.mux == Mux.BY_ALPN
                && (alpn.contains("h2") || websocket.alpn != null && websocket.alpn.contains("h2"));
    }

    /** The ALPN list a new websocket connection offers instead of the server's, or null. */
    public List<String> websocketAlpn() {
        return websocket.alpn;
    }
}
