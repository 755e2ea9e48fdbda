package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.backend.ProxyMode;
import dev.hapair.proxy.log.LogSink;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The listening side of hapair-proxy: binds every frontend on one shared event-loop group (one loop
 * per {@code nbthread}); each accepted connection stays on its loop together with its server
 * connections.
 */
public final class ProxyServer implements AutoCloseable {
    private final Transport transport;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final ProxyContext px;
    private final List<FrontendRuntime> frontends;
    private final Map<String, List<Channel>> listeners = new LinkedHashMap<>();

    /**
     * @param threads      event loops ({@code nbthread}); 0 = number of CPUs
     * @param globalMaxconn global {@code maxconn}, 0 = unlimited
     */
    public ProxyServer(List<FrontendRuntime> frontends, int threads, int globalMaxconn, LogSink log) {
        this(Transport.best(), null, frontends, threads, globalMaxconn, log);
    }

    public ProxyServer(Transport transport, EventLoopGroup group, List<FrontendRuntime> frontends, int threads,
                       int globalMaxconn, LogSink log) {
        this.transport = transport;
        this.ownsGroup = group == null;
        this.group = group != null ? group
            : transport.newGroup(threads > 0 ? threads : Runtime.getRuntime().availableProcessors(), "hapair-loop");
        this.px = new ProxyContext(transport, this.group, log, globalMaxconn);
        this.frontends = List.copyOf(frontends);
    }

    /** Binds every frontend; throws if an address cannot be bound (the caller reports and exits). */
    public ProxyServer start() throws InterruptedException {
        for (FrontendRuntime fe : frontends) {
            ConnectionGate feGate = new ConnectionGate(fe.settings().maxconn());
            List<Channel> bound = new ArrayList<>();
            for (InetSocketAddress addr : fe.settings().binds()) {
                ServerBootstrap b = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, fe.settings().mode() == ProxyMode.TCP)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, ServerAttempt.WATER_MARK)
                    .childHandler(childInitializer(fe, feGate));
                Channel ch = b.bind(addr).sync().channel();
                feGate.addListener(ch);
                px.globalGate.addListener(ch);
                bound.add(ch);
            }
            listeners.put(fe.name(), bound);
        }
        return this;
    }

    private ChannelInitializer<Channel> childInitializer(FrontendRuntime fe, ConnectionGate feGate) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ChannelPipeline p = ch.pipeline();
                if (fe.settings().mode() == ProxyMode.TCP) {
                    p.addLast("admission", new AdmissionHandler(px, fe, feGate));
                    long t = fe.settings().timeouts().client();
                    if (t > 0) p.addLast("idle", new io.netty.handler.timeout.IdleStateHandler(false, 0, 0, t, TimeUnit.MILLISECONDS));
                    p.addLast("tcp", new TcpFrontendHandler(px, fe));
                } else {
                    HttpFrontendHandler h = new HttpFrontendHandler(px, fe);
                    p.addLast("traffic", new ClientTrafficCounter(h));
                    p.addLast("admission", new AdmissionHandler(px, fe, feGate));
                    p.addLast("codec", new HttpServerCodec(new HttpDecoderConfig()
                        .setMaxInitialLineLength(fe.settings().maxHeaderBytes())
                        .setMaxHeaderSize(fe.settings().maxHeaderBytes())
                        .setMaxChunkSize(1 << 20)
                        .setUseRfc9112TransferEncoding(true)));
                    p.addLast("http", h);
                }
            }
        };
    }

    /** Actual addresses of a frontend's listeners (useful when bound to port 0). */
    public List<InetSocketAddress> boundAddresses(String frontend) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (Channel c : listeners.getOrDefault(frontend, List.of())) out.add((InetSocketAddress) c.localAddress());
        return out;
    }

    /** First bound port of {@code frontend}. */
    public int port(String frontend) { return boundAddresses(frontend).get(0).getPort(); }

    public Transport transport() { return transport; }

    public EventLoopGroup group() { return group; }

    /** Connections currently admitted (HAProxy's CurrConns). */
    public int activeConnections() { return px.activeConnections.get(); }

    /** Stops accepting; existing connections are left to finish (used for graceful stop). */
    public void stopListening() {
        for (List<Channel> l : listeners.values()) for (Channel c : l) c.close().syncUninterruptibly();
    }

    @Override
    public void close() {
        stopListening();
        if (ownsGroup) group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
