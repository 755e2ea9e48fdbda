package dev.hapair.proxy.netty;

import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.config.ProxyMode;
import dev.hapair.proxy.log.LogSink;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
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
    private final Map<String, List<Channel>> listeners = new LinkedHashMap<>();
    private final Map<String, ConnectionGate> gates = new LinkedHashMap<>();
    /** Every open listener by configured address; its frontend is swapped on reload, the socket never closed. */
    private final Map<SocketAddress, ListenerSlot> slots = new LinkedHashMap<>();
    /** Listening sockets handed over by an old process ({@code -x}/{@code -sf}), by local address, not yet used. */
    private final Map<SocketAddress, ServerChannel> inherited = new LinkedHashMap<>();

    /**
     * The only reference to the frontends it serves: a reload replaces it, and the previous configuration (its maps,
     * pattern files, tables) must not stay reachable from here once its connections are gone.
     */
    private volatile List<FrontendRuntime> currentFrontends;

    /**
     * @param threads      event loops ({@code nbthread}); 0 = number of CPUs
     * @param globalMaxconn global {@code maxconn}, 0 = unlimited
     */
    public ProxyServer(List<FrontendRuntime> frontends, int threads, int globalMaxconn, LogSink log) {
        this(Transport.best(), null, frontends, threads, globalMaxconn, log);
    }

    public ProxyServer(
            Transport transport,
            EventLoopGroup group,
            List<FrontendRuntime> frontends,
            int threads,
            int globalMaxconn,
            LogSink log) {
        this.transport = transport;
        this.ownsGroup = group == null;
        this.group = group != null
                ? group
                : transport.newGroup(
                        threads > 0 ? threads : Runtime.getRuntime().availableProcessors(), "hapair-loop");
        this.px = new ProxyContext(transport, this.group, log, globalMaxconn);
        this.currentFrontends = List.copyOf(frontends);
    }

    /**
     * Before {@link #start}: listening sockets received from an old process (raw fds). A frontend whose bind
     * address matches one accepts on it instead of binding anew, so no queued connection is lost.
     */
    public synchronized ProxyServer inherit(List<Integer> fds) {
        List<ServerChannel> chs = new ArrayList<>();
        for (int fd : fds) chs.add(transport.wrapServerChannel(fd));
        return adopt(chs);
    }

    /**
     * Before {@link #start} or {@link #reconfigure}: already listening sockets (e.g. {@code bind fd@N}), used
     * by the frontend that binds their local address.
     */
    public synchronized ProxyServer adopt(List<ServerChannel> channels) {
        for (ServerChannel ch : channels) inherited.put(ch.localAddress(), ch);
        return this;
    }

    /** Whether {@code addr} is listening here, or held as an adopted socket not used yet. */
    public synchronized boolean holds(SocketAddress addr) {
        ListenerSlot s = slots.get(addr);
        return (s != null && s.channel.isOpen()) || inherited.containsKey(addr);
    }

    /** Binds every frontend; throws if an address cannot be bound (the caller reports and exits). */
    public synchronized ProxyServer start() throws InterruptedException {
        for (FrontendRuntime fe : currentFrontends) {
            ConnectionGate feGate = new ConnectionGate(fe.settings().maxconn());
            List<Channel> bound = new ArrayList<>();
            for (SocketAddress addr : fe.settings().binds()) {
                bound.add(open(addr, new ListenerSlot.Binding(fe, feGate)).channel);
            }
            listeners.put(fe.name(), bound);
            gates.put(fe.name(), feGate);
        }
        return this;
    }

    private ListenerSlot open(SocketAddress addr, ListenerSlot.Binding binding) throws InterruptedException {
        ListenerSlot slot = new ListenerSlot(addr, binding);
        boolean unix = addr instanceof UnixListener;
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.AUTO_READ, false);
        // TCP_NODELAY: Netty's socket configs set it on every TCP channel they create (a second setsockopt per
        // connection when asked again here)
        if (!unix) b.option(ChannelOption.SO_REUSEADDR, true);
        b.childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, ServerAttempt.WATER_MARK)
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, ServerAttempt.READS)
                .childHandler(slotInitializer(slot));
        ServerChannel adopted = takeInherited(addr);
        Channel ch;
        if (adopted != null) {
            // already bound and listening in the kernel: registering starts accepting at once
            b.channelFactory(() -> adopted);
            ch = b.register().sync().channel();
        } else {
            try {
                if (addr instanceof UnixListener u) {
                    ch = u.bind(b, transport);
                } else {
                    b.channel(transport.serverChannel());
                    ch = b.bind(addr).sync().channel();
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                throw new ListenerBindException(addr, binding.frontend().name(), e);
            }
        }
        slot.channel = ch;
        smartAccept(slot);
        binding.gate().addListener(ch);
        px.globalGate.addListener(ch);
        slots.put(addr, slot);
        return slot;
    }

    /**
     * {@code option tcp-smart-accept} as HAProxy 2.6 applies it: on by default in {@code mode http} and on a
     * {@code bind ... ssl} of any mode (the client speaks first there, and the proxy's answer carries the ACK of its
     * first data), off otherwise;
     * {@code [no] option tcp-smart-accept} overrides the default (FrontendSettings.smartAccept). Set on the
     * listening socket, so every connection it accepts starts with delayed ACKs (see
     * {@link io.netty.channel.epoll.HapairListenerAck}); with the NIO transport or on a unix socket there is
     * nothing to set, as on HAProxy's platforms without TCP_QUICKACK. Best effort, as HAProxy's setsockopt: a
     * socket that refuses it only costs one ACK per connection, so it never fails a start or a reload (where
     * it would come after other listeners were already moved).
     */
    private static void smartAccept(ListenerSlot slot) {
        if (slot.channel instanceof io.netty.channel.epoll.HapairServerSocketChannel e) {
            FrontendRuntime fe = slot.binding.frontend();
            boolean on = fe.settings().smartAccept(fe.tls(slot.address) != null);
            try {
                if (on) io.netty.channel.epoll.HapairListenerAck.delay(e);
                else io.netty.channel.epoll.HapairListenerAck.immediate(e);
            } catch (java.io.IOException | RuntimeException failed) {
                System.err.println("[WARNING] option tcp-smart-accept not applied on " + slot.address + ": " + failed);
            }
        }
    }

    private ServerChannel takeInherited(SocketAddress wanted) {
        ServerChannel fd = inherited.remove(wanted);
        if (fd != null || !(wanted instanceof InetSocketAddress addr) || addr.getPort() == 0) return fd;
        if (addr.getAddress() != null && addr.getAddress().isAnyLocalAddress()) {
            for (var it = inherited.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (e.getKey() instanceof InetSocketAddress k
                        && k.getPort() == addr.getPort()
                        && k.getAddress().isAnyLocalAddress()) {
                    it.remove();
                    return e.getValue();
                }
            }
        }
        return null;
    }

    /**
     * Applies a new configuration's frontends as a diff of listeners: an address that stays keeps its socket
     * (never closed; new connections get the new frontend, established ones keep the frontend they were
     * accepted with), a new address is bound, an address that is gone stops accepting (its connections
     * drain). Throws if a new address cannot be bound; then nothing was changed except listeners already
     * opened by this call, which are closed again.
     */
    public synchronized ListenerDiff reconfigure(List<FrontendRuntime> newFrontends) throws Exception {
        Map<SocketAddress, ListenerSlot.Binding> wanted = new LinkedHashMap<>();
        Map<String, List<SocketAddress>> byName = new LinkedHashMap<>();
        Map<String, ConnectionGate> newGates = new LinkedHashMap<>();
        for (FrontendRuntime fe : newFrontends) {
            ConnectionGate gate = new ConnectionGate(fe.settings().maxconn());
            newGates.put(fe.name(), gate);
            for (SocketAddress a : fe.settings().binds()) {
                wanted.put(a, new ListenerSlot.Binding(fe, gate));
                byName.computeIfAbsent(fe.name(), k -> new ArrayList<>()).add(a);
            }
        }
        List<SocketAddress> opened = new ArrayList<>();
        try {
            for (var e : wanted.entrySet()) {
                if (!slots.containsKey(e.getKey())) {
                    open(e.getKey(), e.getValue());
                    opened.add(e.getKey());
                }
            }
        } catch (Exception ex) {
            for (SocketAddress a : opened) {
                ListenerSlot s = slots.remove(a);
                s.channel.close().syncUninterruptibly();
            }
            throw ex;
        }
        List<SocketAddress> kept = new ArrayList<>();
        List<SocketAddress> closed = new ArrayList<>();
        for (var it = slots.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            ListenerSlot slot = e.getValue();
            ListenerSlot.Binding b = wanted.get(e.getKey());
            if (b == null) {
                it.remove();
                slot.channel.close().syncUninterruptibly(); // stops accepting; its connections drain
                closed.add(e.getKey());
            } else if (!opened.contains(e.getKey())) {
                ConnectionGate old = slot.binding.gate();
                old.removeListener(slot.channel);
                slot.channel.config().setAutoRead(true); // the old gate may have paused it; the new one counts afresh
                b.gate().addListener(slot.channel);
                slot.binding = b;
                smartAccept(slot); // a kept address may now serve a frontend of another mode
                kept.add(e.getKey());
            }
        }
        listeners.clear();
        gates.clear();
        gates.putAll(newGates);
        for (var e : byName.entrySet()) {
            List<Channel> chs = new ArrayList<>();
            for (SocketAddress a : e.getValue()) chs.add(slots.get(a).channel);
            listeners.put(e.getKey(), chs);
        }
        currentFrontends = List.copyOf(newFrontends);
        return new ListenerDiff(kept, opened, closed);
    }

    /** The runtime API's hold on the listeners ({@code disable|enable|shutdown frontend}, {@code set maxconn}). */
    public dev.hapair.proxy.backend.FrontendControl control() {
        return new dev.hapair.proxy.backend.FrontendControl() {
            @Override
            public boolean pause(String frontend) {
                return adminPause(frontend, true);
            }

            @Override
            public boolean resume(String frontend) {
                return adminPause(frontend, false);
            }

            @Override
            public boolean shutdown(String frontend) {
                List<Channel> chs;
                synchronized (ProxyServer.this) {
                    chs = listeners.get(frontend);
                    if (chs == null) return false;
                    for (Channel c : chs) slots.values().removeIf(slot -> slot.channel == c);
                }
                for (Channel c : chs) c.close().syncUninterruptibly(); // established connections go on
                return true;
            }

            @Override
            public boolean setMaxconn(String frontend, int maxconn) {
                ConnectionGate g;
                List<Channel> chs;
                synchronized (ProxyServer.this) {
                    g = gates.get(frontend);
                    chs = listeners.get(frontend);
                }
                if (g == null) return false;
                g.setMax(maxconn);
                if (chs != null) settle(chs);
                return true;
            }

            @Override
            public void setGlobalMaxconn(int maxconn) {
                px.globalGate.setMax(maxconn);
            }
        };
    }

    private boolean adminPause(String frontend, boolean paused) {
        List<Channel> chs;
        ConnectionGate g;
        synchronized (this) {
            chs = listeners.get(frontend);
            g = gates.get(frontend);
        }
        if (chs == null) return false;
        for (Channel c : chs) c.attr(ConnectionGate.ADMIN_PAUSED).set(paused);
        if (g != null) g.refresh();
        px.globalGate.refresh();
        settle(chs);
        return true;
    }

    /**
     * Off a listener's loop, Netty applies setAutoRead(false) with a task queued on that loop: waiting for a
     * task queued after it means "disable frontend" / "set maxconn" have taken effect when the CLI answers
     * (the runtime API runs on a thread of its own).
     */
    private static void settle(List<Channel> chs) {
        for (Channel c : chs)
            if (!c.eventLoop().inEventLoop()) c.eventLoop().submit(() -> {}).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    /** What {@link #reconfigure} did, by configured address. */
    public record ListenerDiff(List<SocketAddress> kept, List<SocketAddress> opened, List<SocketAddress> closed) {}

    /** The frontends new connections are served by (the latest configuration). */
    public List<FrontendRuntime> frontends() {
        return currentFrontends;
    }

    /**
     * Raw fds of the open listening sockets (epoll only; empty with NIO), for handing them to a new process
     * ({@code _getsocks}). The sockets stay open and accepting here.
     */
    public synchronized List<Integer> listenerFds() {
        List<Integer> out = new ArrayList<>();
        for (ListenerSlot s : slots.values()) {
            int fd = transport.fdOf(s.channel);
            if (fd >= 0 && s.channel.isOpen()) out.add(fd);
        }
        return out;
    }

    /** Inherited sockets that no frontend of the configuration uses (closed by {@link #closeUnusedInherited}). */
    public synchronized List<SocketAddress> unusedInherited() {
        return List.copyOf(inherited.keySet());
    }

    /** Closes inherited sockets that no frontend wanted (their address left the configuration). */
    public synchronized void closeUnusedInherited() {
        for (ServerChannel ch : inherited.values()) ch.unsafe().closeForcibly();
        inherited.clear();
    }

    /** Each connection takes the frontend current at its accept and keeps it for its whole life. */
    private ChannelInitializer<Channel> slotInitializer(ListenerSlot slot) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ListenerSlot.Binding b = slot.binding;
                FrontendRuntime fe = b.frontend();
                ConnectionGate feGate = b.gate();
                ChannelPipeline p = ch.pipeline();
                // TLS after admission and the connection rules (which may reject before any handshake):
                // everything after it sees plaintext; the handshake is bounded by timeout client as HAProxy's is
                dev.hapair.proxy.tls.ServerTls tls = fe.tls(slot.address);
                // tcp relays FINs one way at a time; a plain HTTP/1 client that half-closes may still read its
                // response (HttpSession decides, with option abortonclose); so may a plain HTTP/2 client's
                // complete requests (H2Frontend keeps the connection until its streams end)
                ch.config()
                        .setOption(
                                ChannelOption.ALLOW_HALF_CLOSURE, fe.settings().mode() == ProxyMode.TCP || tls == null);
                if (fe.settings().mode() == ProxyMode.TCP) {
                    handshake(p, b, slot.address, tls);
                    long t = fe.settings().timeouts().client();
                    if (t > 0) p.addLast("idle", new InactivityTimeout(t));
                    if (TcpContentInspector.inspects(fe))
                        p.addLast(TcpContentInspector.NAME, new TcpContentInspector(fe));
                    p.addLast("tcp", new TcpFrontendHandler(px, fe));
                } else {
                    handshake(p, b, slot.address, tls);
                    switch (fe.protocol(slot.address)) {
                        case H2 -> H2Frontend.install(p, px, fe);
                        case ALPN, ALPN_NO_UPGRADE -> p.addLast(
                                "alpn",
                                new AlpnDispatch(
                                        px, fe, fe.protocol(slot.address).upgradesOnPreface()));
                        case H1, H1_OR_H2 -> {
                            p.addLast(
                                    H1Traffic.NAME, new H1Traffic(fe.counters().h1(), false));
                            p.addLast(
                                    "http",
                                    new HttpSession(px, fe)
                                            .upgradeOnPreface(
                                                    fe.protocol(slot.address).upgradesOnPreface()));
                        }
                    }
                }
            }
        };
    }

    /** Installs the services {@code http-request use-service <name>} answers with (e.g. prometheus-exporter). */
    public void services(java.util.Map<String, dev.hapair.proxy.http.HttpLocalService> byName) {
        px.services = java.util.Map.copyOf(byName);
    }

    /** The runtime API's view of the client connections ({@code show sess}, {@code shutdown session}). */
    public dev.hapair.proxy.backend.SessionTable sessions() {
        return px.sessions;
    }

    /**
     * What runs before TLS and the protocol: admission ({@code maxconn}), {@code tcp-request connection} rules
     * on the socket's addresses, the PROXY protocol header ({@code accept-proxy}, or added by an
     * {@code expect-proxy layer4} rule), TLS ({@code bind ... ssl}), then {@code tcp-request session} rules on
     * the session's addresses and handshake.
     */
    private void handshake(
            ChannelPipeline p, ListenerSlot.Binding b, SocketAddress address, dev.hapair.proxy.tls.ServerTls tls) {
        FrontendRuntime fe = b.frontend();
        p.addLast("admission", new AdmissionHandler(px, fe, b.gate()));
        if (TcpRequestRules.connectionStage(fe))
            p.addLast("tcp-connection", new TcpRequestRules(px, fe, TcpRequestRules.Stage.CONNECTION));
        if (fe.acceptsProxy(address)) p.addLast(ProxyProtocolHandler.NAME, ProxyProtocolHandler.of(px, fe));
        if (tls != null) {
            // the session (its rules, routing, timers) starts once the handshake is done, as in HAProxy
            p.addLast("tls-close", dev.hapair.proxy.tls.QuietClose.INSTANCE); // right before the TLS handler
            p.addLast("tls", tls.newHandler(fe.settings().timeouts().client()));
            p.addLast(
                    "handshake",
                    new dev.hapair.proxy.tls.HandshakeGate(
                            fe.counters().ssl(),
                            (ch, cause, at) -> ConnectionErrorLog.handshakeFailed(
                                    px, fe, ch, dev.hapair.proxy.tls.HandshakeGate.connectionError(cause), at)));
        }
        if (TcpRequestRules.sessionStage(fe))
            p.addLast("tcp-session", new TcpRequestRules(px, fe, TcpRequestRules.Stage.SESSION));
    }

    /** Actual addresses of a frontend's listeners (useful when bound to port 0). */
    public List<InetSocketAddress> boundAddresses(String frontend) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (Channel c : listeners.getOrDefault(frontend, List.of()))
            if (c.localAddress() instanceof InetSocketAddress a) out.add(a);
        return out;
    }

    /** The listening channels of {@code frontend} (tests). */
    synchronized List<Channel> listenerChannels(String frontend) {
        return List.copyOf(listeners.getOrDefault(frontend, List.of()));
    }

    /** First bound port of {@code frontend}. */
    public int port(String frontend) {
        return boundAddresses(frontend).get(0).getPort();
    }

    public Transport transport() {
        return transport;
    }

    public EventLoopGroup group() {
        return group;
    }

    /** Connections currently admitted (HAProxy's CurrConns). */
    public int activeConnections() {
        return px.activeConnections.get();
    }

    /**
     * Soft stop (SIGUSR1, or the old process after an upgrade): stop accepting and answer the next response
     * of every keep-alive connection with {@code Connection: close}, so clients move to the new listener
     * owner without an error; connections then drain.
     */
    public void softStop() {
        px.softStopping = true;
        stopListening();
        H2Frontend.goAwayAll(px);
    }

    /** Stops accepting; existing connections are left to finish (used for graceful stop). */
    public synchronized void stopListening() {
        for (List<Channel> l : listeners.values()) for (Channel c : l) c.close().syncUninterruptibly();
        for (ListenerSlot s : slots.values())
            if (s.channel != null) s.channel.close().syncUninterruptibly();
    }

    @Override
    public void close() {
        stopListening();
        if (ownsGroup) group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
