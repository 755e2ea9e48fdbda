package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.backend.RequestInfo;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.log.TrafficLogEntry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import java.net.InetSocketAddress;

/**
 * First handler of a {@code mode tcp} client connection: picks a server, connects on the same event
 * loop, then hands both channels to {@link TcpRelayHandler}s and leaves the pipeline.
 */
final class TcpFrontendHandler extends ChannelInboundHandlerAdapter {
    private final ProxyContext px;
    private final FrontendRuntime frontend;
    private ServerAttempt attempt;
    /** What the backend's {@code force-persist} / {@code ignore-persist} rules said (use-server only in tcp). */
    private dev.hapair.proxy.rules.ProxyRules.Persist persist = dev.hapair.proxy.rules.ProxyRules.Persist.NONE;

    private TcpSession session;
    /** Client bytes read before the server connection exists (after a PROXY header, inspected contents). */
    private ByteBuf early;

    private boolean earlyFin;

    TcpFrontendHandler(ProxyContext px, FrontendRuntime frontend) {
        this.px = px;
        this.frontend = frontend;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Channel client = ctx.channel();
        InetSocketAddress remote = ClientAddresses.source(client);
        InetSocketAddress local = ClientAddresses.destination(client);
        TrafficLogEntry log = null;
        if (frontend.settings().log() != dev.hapair.proxy.backend.LogFormat.NONE) {
            log = new TrafficLogEntry();
            log.clientIp = remote.getAddress() == null
                    ? remote.getHostString()
                    : dev.hapair.proxy.sample.Addresses.format(remote.getAddress());
            log.clientPort = remote.getPort();
            log.acceptEpochMillis = System.currentTimeMillis();
            log.frontend = frontend.name();
        }
        session = new TcpSession(px, frontend, client, log, System.nanoTime());
        px.sessions.add(client, frontend, session);
        RequestInfo info = RequestInfo.tcp(remote, local);
        boolean tls = dev.hapair.proxy.tls.ServerTls.terminates(client);
        info.secure(tls);
        dev.hapair.proxy.http.ConnTxn txn = client.attr(TcpRequestRules.TXN).get();
        if (tls) { // the handshake is done: HandshakeGate held channelActive back until then
            dev.hapair.proxy.sample.TlsFacts facts = dev.hapair.proxy.tls.ServerTls.facts(client);
            info.tls(facts);
            if (txn != null) txn.tls(facts);
        }
        info.attach(txn);
        BackendRuntime backend = frontend.router().route(info);
        if (backend == null) {
            closeWithoutBackend(client);
            return;
        }
        ServerRuntime chosen = useServer(client, backend, txn);
        if (txn != null && txn.requestPayload() != null) {
            txn.requestContent(new byte[0], true); // forwarded from now on: req.len is 0, as in HAProxy's logs
        }
        long serverTimeout = backend.settings().timeouts().server();
        ChannelInitializer<Channel> init = new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                if (serverTimeout > 0) {
                    ch.pipeline().addLast(new InactivityTimeout(serverTimeout));
                }
            }
        };
        final TrafficLogEntry flog = log;
        attempt = new ServerAttempt(client.eventLoop(), px.transport, init);
        attempt.forRequest(
                backend,
                info,
                chosen,
                local.getPort(),
                false,
                dev.hapair.proxy.backend.ReuseOrder.NONE,
                new ServerAttempt.Callback() {
                    @Override
                    public void connected(ServerRuntime server, Channel ch, boolean reused) {
                        attempt = null;
                        if (flog != null) {
                            flog.tQueue = 0;
                            flog.tConnect = (System.nanoTime() - session.acceptNanos()) / 1_000_000;
                            flog.retries = 0;
                        }
                        if (!client.isActive()) {
                            ch.close();
                            backend.release(server);
                            return;
                        }
                        session.connected(backend, server, ch);
                        dev.hapair.proxy.rules.ProxyRules br = dev.hapair.proxy.rules.ProxyRules.in(backend.rules());
                        if (TcpResponseInspector.inspects(br)) {
                            ch.pipeline()
                                    .addLast(new TcpResponseInspector(
                                            br,
                                            responseTxn(client, br),
                                            session,
                                            frontend.settings().http().bufsize()));
                        }
                        ch.pipeline().addLast(new TcpRelayHandler(client, session, session::countToClient));
                        if (early != null) {
                            session.countToServer(early.readableBytes());
                            ch.writeAndFlush(early, ch.voidPromise());
                            early = null;
                        }
                        if (earlyFin) {
                            // as TcpRelayHandler does with a FIN: after the bytes before it
                            ch.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER)
                                    .addListener(f -> {
                                        if (ch instanceof io.netty.channel.socket.DuplexChannel d && d.isActive())
                                            d.shutdownOutput();
                                        session.inputShut(client);
                                    });
                        }
                        ctx.pipeline()
                                .replace(
                                        TcpFrontendHandler.this,
                                        "relay",
                                        new TcpRelayHandler(ch, session, session::countToServer));
                        RelayReadBuffers.install(client);
                        RelayReadBuffers.install(ch);
                        // HAProxy: in TCP "this timeout is used as soon as no analyzer remains attached to either
                        // connection"; it supersedes timeout client and timeout server on both sides. The request
                        // rules are done here; a response inspection waits under it too (bounded by its own delay)
                        long tunnel = backend.settings().timeouts().tunnel();
                        if (tunnel > 0) {
                            InactivityTimeout.retime(client, tunnel);
                            InactivityTimeout.retime(ch, tunnel);
                        }
                        TcpRelayHandler.decide(client);
                        TcpRelayHandler.decide(ch);
                        client.config().setAutoRead(true);
                        ch.config().setAutoRead(true);
                    }

                    @Override
                    public void failed(boolean queueTimeout) {
                        attempt = null;
                        session.noServer(backend, 'S');
                    }
                });
        if (persist == dev.hapair.proxy.rules.ProxyRules.Persist.FORCE) attempt.forcePersist();
        attempt.start();
        // One read while connecting (bounded by one buffer): what the client already sent is then
        // forwarded as soon as the server connection exists, even if the client timeout ends the
        // session right after, as HAProxy forwards what it read at accept (reg-test wrong_ip_port_logging).
        if (attempt != null) ctx.read();
    }

    /** The server a {@code use-server} rule of {@code backend} names, or null. */
    private ServerRuntime useServer(Channel client, BackendRuntime backend, dev.hapair.proxy.http.ConnTxn txn) {
        dev.hapair.proxy.rules.ProxyRules br = dev.hapair.proxy.rules.ProxyRules.in(backend.rules());
        if (br.useServers().isEmpty()) return null;
        dev.hapair.proxy.http.ConnTxn t = txn != null ? txn : responseTxn(client, br);
        persist = br.persistence(t);
        return br.useServer(t, persist, backend::server, ServerRuntime::usable);
    }

    /** The client's connection variables, which {@code tcp-response} rules read and set as HAProxy's do. */
    private static dev.hapair.proxy.http.ConnTxn responseTxn(Channel client, dev.hapair.proxy.rules.ProxyRules br) {
        dev.hapair.proxy.http.ConnTxn t = client.attr(TcpRequestRules.TXN).get();
        if (t == null) {
            t = new dev.hapair.proxy.http.ConnTxn(
                    ClientAddresses.source(client), ClientAddresses.destination(client), br, br.name());
            t.proxyTlvs(ClientAddresses.tlvs(client));
            client.attr(TcpRequestRules.TXN).set(t);
        }
        return t;
    }

    /**
     * No backend: HAProxy has read what the client sent when it finds none, and closes with a FIN. Closing with those
     * bytes unread would make the kernel answer with a reset (a check speaking first, e.g. ssl-hello-chk, then
     * sees a socket error instead of an empty response). So the FIN goes now, the bytes already sent are read and
     * dropped, and the close follows their read, or a short grace when there were none.
     */
    private void closeWithoutBackend(Channel client) {
        noBackend = true;
        if (client instanceof io.netty.channel.socket.DuplexChannel d) d.shutdownOutput();
        client.read();
        client.eventLoop()
                .schedule(
                        () -> session.noServer(null, 'P'),
                        NO_BACKEND_GRACE_MS,
                        java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** How long a client without a backend has to get its first bytes read before the close (loopback: far less). */
    private static final long NO_BACKEND_GRACE_MS = 50;

    private boolean noBackend;

    /** Bounded by what was read before: the pipeline reads nothing more until the server is connected. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (noBackend) { // read only so that the close is not a reset
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        if (!(msg instanceof ByteBuf b)) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        if (early == null) {
            early = b;
        } else {
            early = ctx.alloc().compositeBuffer().addComponents(true, early, b);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (noBackend) session.noServer(null, 'P');
    }

    /** The client's FIN came with its early bytes: passed on once they are written. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
            earlyFin = true;
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (early != null) {
            early.release();
            early = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (early != null) {
            early.release();
            early = null;
        }
        if (attempt != null) {
            attempt.cancel();
            attempt = null;
            session.closeBoth();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        PeerReset.close(ctx, cause);
    }
}
