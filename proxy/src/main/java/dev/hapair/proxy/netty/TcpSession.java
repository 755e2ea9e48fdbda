package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.backend.LogFormat;
import dev.hapair.proxy.backend.LoopAdder;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.log.TrafficLogEntry;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;

/** One relayed TCP connection pair: shutdown bookkeeping, slot release, counters and the tcplog line. */
final class TcpSession implements LiveSessions.Member {
    private final ProxyContext px;
    private final FrontendRuntime frontend;
    private final Channel client;
    private TrafficLogEntry log;
    private final long acceptNanos;
    private BackendRuntime backend;
    private ServerRuntime server;
    private Channel serverChannel;
    private int inputsShut;
    private boolean ended;
    private char termination = '-';
    private char phase = 'D';
    long bytesToClient;
    /**
     * The byte counters of the frontend, backend and server as this session's event loop's cells, added to at
     * every relayed chunk (in, then out); made once connected.
     */
    private LoopAdder.Local feIn, feOut, beIn, beOut, srvIn, srvOut;

    TcpSession(ProxyContext px, FrontendRuntime frontend, Channel client, TrafficLogEntry log, long acceptNanos) {
        this.px = px;
        this.frontend = frontend;
        this.client = client;
        this.log = log;
        this.acceptNanos = acceptNanos;
    }

    void connected(BackendRuntime be, ServerRuntime srv, Channel ch) {
        this.backend = be;
        this.server = srv;
        this.serverChannel = ch;
        feIn = frontend.counters().bytesInHere();
        feOut = frontend.counters().bytesOutHere();
        beIn = be.counters().bytesInHere();
        beOut = be.counters().bytesOutHere();
        srvIn = srv.counters().bytesInHere();
        srvOut = srv.counters().bytesOutHere();
        if (frontend.logAsap()) writeLog(true); // option logasap: as soon as the server connection is up
    }

    /** Bytes relayed to the client (only once connected: the server's relay counts them). */
    void countToClient(long n) {
        bytesToClient += n;
        feOut.add(n);
        beOut.add(n);
        srvOut.add(n);
    }

    /** Bytes relayed to the server (once connected). */
    void countToServer(long n) {
        feIn.add(n);
        beIn.add(n);
        srvIn.add(n);
    }

    @Override
    public BackendRuntime backend() {
        return backend;
    }

    @Override
    public ServerRuntime server() {
        return server;
    }

    /** {@code shutdown session(s)}: logged as HAProxy logs a killed session. */
    @Override
    public void kill() {
        if (termination == '-') {
            termination = 'K';
            // HAProxy 2.6 logs a killed relay "K-" (no phase), one still connecting "KC"
            phase = serverChannel == null ? 'C' : '-';
        }
        closeBoth();
    }

    /** HAProxy's {@code eint}: a failure of the proxy itself, not of a peer (see HttpSession). */
    void internalError() {
        frontend.counters().internalError();
        if (backend != null) backend.counters().internalError();
        if (server != null) server.counters().internalError();
    }

    void inputShut(Channel side) {
        if (++inputsShut >= 2) closeBoth();
    }

    /** One side is fully closed: let the other drain what it has, then close it. */
    void closed(Channel side) {
        Channel other = side == client ? serverChannel : client;
        if (other != null && other.isActive()) {
            other.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
        end();
    }

    void failed(Channel side) {
        if (termination == '-') termination = side == client ? 'C' : 'S';
        closeBoth();
    }

    void timeout(Channel side) {
        if (termination == '-') termination = side == client ? 'c' : 's';
        closeBoth();
    }

    void closeBoth() {
        client.close();
        if (serverChannel != null) serverChannel.close();
        end();
    }

    /** Connection never reached a server. */
    void noServer(BackendRuntime be, char why) {
        this.backend = be;
        termination = why;
        phase = 'C';
        client.close();
        end();
    }

    long acceptNanos() {
        return acceptNanos;
    }

    private void end() {
        if (ended) return;
        ended = true;
        if (server != null) backend.release(server);
        if (server != null && phase == 'D') { // HAProxy's cli_abrt / srv_abrt: the data phase ended by a side
            if (termination == 'C' || termination == 'c') {
                backend.counters().clientAborted();
                server.counters().clientAborted();
            } else if (termination == 'S' || termination == 's') {
                backend.counters().serverAborted();
                server.counters().serverAborted();
            }
        }
        writeLog(false);
    }

    /** The connection's one log line; {@code early} ({@code option logasap}): its totals are those so far. */
    private void writeLog(boolean early) {
        if (log != null && frontend.settings().log() == LogFormat.TCPLOG) {
            TrafficLogEntry log = this.log;
            this.log = null;
            log.early = early;
            log.tTotal = (System.nanoTime() - acceptNanos) / 1_000_000;
            log.bytesRead = bytesToClient;
            log.termination = termination == '-' ? "--" : "" + termination + phase;
            log.actconn = px.activeConnections.get();
            log.feconn = frontend.counters().currentSessions();
            if (backend != null) {
                log.backend = backend.name();
                log.beconn = backend.counters().currentSessions();
                log.backendQueue = backend.queued();
            }
            if (server != null) {
                log.server = server.name();
                log.srvconn = server.counters().currentSessions();
            }
            String line = log.tcpLine();
            dev.hapair.proxy.rules.ProxyRules rules = dev.hapair.proxy.rules.ProxyRules.in(frontend.rules());
            if (rules.logFormat() != null) {
                dev.hapair.proxy.http.ConnTxn t =
                        client.attr(TcpRequestRules.TXN).get();
                if (t == null)
                    t = new dev.hapair.proxy.http.ConnTxn(
                            ClientAddresses.source(client),
                            ClientAddresses.destination(client),
                            rules,
                            frontend.name());
                if (t.tls() == null && dev.hapair.proxy.tls.ServerTls.terminates(client)) {
                    t.secure(true);
                    t.tls(dev.hapair.proxy.tls.ServerTls.facts(client));
                }
                t.log(log, backend == null ? null : backend.name(), server == null ? null : server.name());
                line = rules.logFormat().render(t, dev.hapair.proxy.sample.FormatString.Absent.DASH);
            }
            if (early || !(frontend.settings().dontLogNull() && bytesToClient == 0))
                (frontend.log() != null ? frontend.log() : px.log).log(6, line);
        }
    }
}
