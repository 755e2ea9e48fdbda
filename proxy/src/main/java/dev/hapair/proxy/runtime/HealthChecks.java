package dev.hapair.proxy.runtime;

import dev.hapair.health.CheckScheduler;
import dev.hapair.health.CheckSettings;
import dev.hapair.health.EventLoopScheduler;
import dev.hapair.health.InitialState;
import dev.hapair.health.Probe;
import dev.hapair.health.probe.BodyExpectation;
import dev.hapair.health.probe.HttpCheckSpec;
import dev.hapair.health.probe.HttpProbe;
import dev.hapair.health.probe.StatusExpectation;
import dev.hapair.health.probe.TcpProbe;
import dev.hapair.proxy.backend.LastCheck;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.config.HttpCheckExpect;
import dev.hapair.proxy.config.ProxyConfig;
import dev.hapair.proxy.config.ServerConfig;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The health checks of every server with {@code check}: one {@link CheckScheduler} each, on an event
 * loop of the proxy's group; results are pushed into the {@link ServerRuntime}, which tells the
 * backend's selector.
 */
public final class HealthChecks implements AutoCloseable {
    // concurrent: the runtime API adds and removes checks of servers while the daemon runs
    private final List<CheckScheduler> schedulers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.Map<ServerRuntime, CheckScheduler> byServer =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** What undoes each check's hold on its server (its server-event listener), run when the check stops. */
    private final java.util.Map<CheckScheduler, Runnable> detach = new java.util.concurrent.ConcurrentHashMap<>();

    private void stopAndDetach(CheckScheduler cs) {
        cs.stop();
        Runnable d = detach.remove(cs);
        if (d != null) d.run();
    }

    /** Registers the check of {@code server} (configured by {@code sc} in {@code backend}); not started yet. */
    void add(EventLoopGroup group, ProxyConfig backend, ServerConfig sc, ServerRuntime server) {
        InetAddress addr = server.connectAddress(0).getAddress();
        if (addr == null) return; // unresolved (init-addr none): stays down until resolvable
        if (sc.checkAddr().isPresent()) {
            try {
                addr = InetAddress.getByName(sc.checkAddr().get());
            } catch (java.net.UnknownHostException e) {
                return;
            }
        }
        int port = sc.effectiveCheckPort();
        if (port == 0) return; // HAProxy refuses checks without a port; the config check reports it
        // checks have no client: v1 says UNKNOWN, v2 sends LOCAL, as HAProxy's checks do
        byte[] preamble = sc.checksSendProxy()
                ? dev.hapair.proxy.proxyprotocol.ProxyHeaderEncoder.encode(
                        sc.sendProxy() == dev.hapair.proxy.proxyprotocol.ProxyHeaderEncoder.Version.V2
                                ? dev.hapair.proxy.proxyprotocol.ProxyHeaderEncoder.Version.V2
                                : dev.hapair.proxy.proxyprotocol.ProxyHeaderEncoder.Version.V1,
                        null,
                        null,
                        null)
                : new byte[0];
        RetargetableProbe probe = new RetargetableProbe(
                target -> probe(group, backend, target, preamble, checkTls(sc, server, target), server),
                new InetSocketAddress(addr, port));
        probe.ownAddress = sc.checkAddr().isPresent();
        probe.ownPort = sc.checkPort().isPresent();
        Duration timeoutCheck = backend.timeouts().check().orElse(null);
        Duration timeoutConnect = backend.timeouts().connect().orElse(null);
        CheckSettings settings = new CheckSettings(
                sc.inter(),
                sc.fastinter(),
                sc.downinter(),
                sc.rise(),
                sc.fall(),
                timeoutCheck,
                timeoutCheck != null ? timeoutConnect : null,
                InitialState.UP);
        CheckScheduler cs = new CheckScheduler(
                backend.name() + "/" + sc.name(), probe, settings, new EventLoopScheduler(group.next()));
        cs.addListener(ev -> server.checkResult(
                ev.up(),
                new LastCheck(
                        ev.result().status().name(),
                        ev.result().httpStatus(),
                        ev.result().duration().toMillis(),
                        ev.result().detail()),
                ev.statusText(),
                new dev.hapair.proxy.backend.HealthCheckReport(
                        ev.result().succeeded(),
                        ev.result().status() == dev.hapair.health.CheckStatus.L7OKC,
                        ev.health(),
                        sc.rise(),
                        sc.fall(),
                        server.userWeight() == 0,
                        ev.reportable())));
        // leaving maintenance restarts the counter at rise and checks at once, as HAProxy's paused check does
        // ('disable health' aside)
        dev.hapair.proxy.backend.ServerEventListener restart = (s, e) -> {
            if (leavesMaintenance(e.kind()) && s.checked()) {
                cs.restartAtRise();
                cs.runNow();
            }
        };
        server.addEventListener(restart);
        // a server kept across reloads outlives its check: the listener goes with the check
        detach.put(cs, () -> server.removeEventListener(restart));
        schedulers.add(cs);
        byServer.put(server, cs);
    }

    private static boolean leavesMaintenance(dev.hapair.proxy.backend.ServerEvent.Kind kind) {
        return switch (kind) {
            case MAINT_LEAVE_READY, MAINT_LEAVE_DRAIN, MAINT_LEAVE_DOWN -> true;
            default -> false;
        };
    }

    /** The backend's check ({@code option httpchk}, a protocol check or a TCP connect) aimed at {@code target}. */
    private static Probe probe(
            EventLoopGroup group,
            ProxyConfig backend,
            InetSocketAddress target,
            byte[] preamble,
            dev.hapair.health.probe.TlsLayer tls,
            ServerRuntime server) {
        if (backend.options().protocolCheck().isPresent()) {
            dev.hapair.proxy.config.ProtocolCheck pc =
                    backend.options().protocolCheck().get();
            return new dev.hapair.health.probe.tcpcheck.TcpCheckProbe(
                    group, target, preamble, tls, pc.kind().option(), protocolSteps(pc));
        }
        if (backend.options().httpchk().isEmpty()) return new TcpProbe(group, target, preamble, tls);
        // also in tcp mode, as HAProxy does
        return new HttpProbe(group, target, httpSpec(backend), preamble, tls).serverUp(server::healthUp);
    }

    /** The request and expectations of the backend's HTTP check ({@code option httpchk} on). */
    static HttpCheckSpec httpSpec(ProxyConfig backend) {
        dev.hapair.proxy.config.HttpCheckSpec c = backend.options().httpchk().get();
        HttpCheckSpec spec = HttpCheckSpec.of(c.method(), c.uri(), c.version());
        boolean connection = false;
        for (var h : c.headers()) {
            spec = spec.withHeader(h.name(), h.value());
            connection |= h.name().equalsIgnoreCase("connection");
        }
        // HAProxy closes after each check and says so, unless the configuration sent a Connection header itself;
        // in HTTP/1.0, where close is the default, its H1 mux leaves the header out (haproxy 2.6.12 on the wire)
        if (!connection && !http10(c.version())) spec = spec.withHeader("Connection", "close");
        if (c.body().isPresent()) spec = spec.withBody(c.body().get());
        spec = spec.withDisableOn404(c.disableOn404());
        // the parser refuses what this cannot express (negated status, two rules of one kind)
        for (HttpCheckExpect e : backend.httpCheckExpects()) {
            switch (e.kind()) {
                case STATUS -> spec = spec.withExpect(StatusExpectation.parseStatus(e.pattern()));
                case RSTATUS -> spec = spec.withExpect(StatusExpectation.regex(e.pattern()));
                case STRING, RSTRING -> {
                    BodyExpectation b = e.kind() == HttpCheckExpect.Kind.STRING
                            ? BodyExpectation.contains(e.pattern())
                            : BodyExpectation.regex(e.pattern());
                    spec = spec.withBodyExpect(e.negate() ? b.negated() : b);
                }
            }
        }
        return spec;
    }

    /** HAProxy's test in tcpcheck_eval_send: HTTP/1.1 and above are "HTTP/2" or "HTTP/x.y" from 1.1 on. */
    private static boolean http10(String version) {
        int n = version.length();
        boolean v11 = n == 6 && version.charAt(5) == '2'
                || n == 8 && (version.charAt(5) > '1' || version.charAt(5) == '1' && version.charAt(7) >= '1');
        return !v11;
    }

    /** The rules of a protocol check, as HAProxy 2.6's built-in rule set for the option. */
    static List<dev.hapair.health.probe.tcpcheck.Step> protocolSteps(dev.hapair.proxy.config.ProtocolCheck pc) {
        return switch (pc.kind()) {
            case REDIS -> dev.hapair.health.probe.tcpcheck.RedisCheck.steps();
            case SSL_HELLO -> dev.hapair.health.probe.tcpcheck.SslHelloCheck.steps(
                    () -> System.currentTimeMillis() / 1000);
            case SMTP -> dev.hapair.health.probe.tcpcheck.SmtpCheck.steps(pc.smtpCommand());
            case PGSQL -> dev.hapair.health.probe.tcpcheck.PgsqlCheck.steps(pc.user());
            case MYSQL -> dev.hapair.health.probe.tcpcheck.MysqlCheck.steps(pc.user(), pc.pre41());
            case LDAP -> dev.hapair.health.probe.tcpcheck.LdapCheck.steps();
        };
    }

    /**
     * A check's probe whose target the runtime API can move ({@code set server ... check-port}, {@code addr})
     * while the check keeps its rise/fall state, as HAProxy's does.
     */
    static final class RetargetableProbe implements Probe {
        private final java.util.function.Function<InetSocketAddress, Probe> factory;
        private volatile InetSocketAddress target;
        private volatile Probe current;
        /** The check has an address / port of its own ({@code addr}, {@code port} or set at run time). */
        volatile boolean ownAddress, ownPort;

        RetargetableProbe(java.util.function.Function<InetSocketAddress, Probe> factory, InetSocketAddress target) {
            this.factory = factory;
            retarget(target);
        }

        synchronized void retarget(InetSocketAddress to) {
            target = to;
            current = factory.apply(to);
        }

        InetSocketAddress target() {
            return target;
        }

        @Override
        public java.util.concurrent.CompletableFuture<dev.hapair.health.CheckResult> run(Duration timeout) {
            return current.run(timeout);
        }

        @Override
        public String describe() {
            return current.describe();
        }
    }

    /** Runtime API {@code disable health}: false when the server has no check. */
    boolean pause(ServerRuntime server) {
        CheckScheduler cs = byServer.get(server);
        if (cs == null) return false;
        server.pauseChecks(true);
        cs.stop();
        return true;
    }

    /** Runtime API {@code enable health}: false when the server has no check. */
    boolean resume(ServerRuntime server) {
        CheckScheduler cs = byServer.get(server);
        if (cs == null) return false;
        server.pauseChecks(false);
        cs.start(Duration.ZERO);
        return true;
    }

    /**
     * Runtime API: {@code set server ... check-port|check-addr} move the check ({@code followServer} false: the
     * check then keeps its own address / port); {@code set server ... addr} moves the server, and its check
     * follows where it has no address / port of its own, as HAProxy's does. Null / 0 keep. False without a check.
     */
    boolean retarget(ServerRuntime server, InetAddress address, int port, boolean followServer) {
        CheckScheduler cs = byServer.get(server);
        if (cs == null || !(cs.probe() instanceof RetargetableProbe p)) return false;
        InetSocketAddress t = p.target();
        InetAddress a = address == null || (followServer && p.ownAddress) ? t.getAddress() : address;
        int pt = port <= 0 || (followServer && p.ownPort) ? t.getPort() : port;
        if (!followServer) {
            p.ownAddress |= address != null;
            p.ownPort |= port > 0;
        }
        p.retarget(new InetSocketAddress(a, pt));
        return true;
    }

    /** Where the server's check goes now, or null without one ({@code show servers state}). */
    InetSocketAddress target(ServerRuntime server) {
        CheckScheduler cs = byServer.get(server);
        return cs != null && cs.probe() instanceof RetargetableProbe p ? p.target() : null;
    }

    /** TLS of the checks ({@code check-ssl}, or {@code ssl} checked at the same address), or null. */
    private static dev.hapair.health.probe.TlsLayer checkTls(
            ServerConfig sc, ServerRuntime server, InetSocketAddress target) {
        dev.hapair.proxy.tls.ClientTls t = server.checkTls();
        return t == null ? null : t.checkLayer(sc.ssl().checkSni().orElse(null), target);
    }

    /** Runtime API {@code add server ... check}: registers and starts the check of a server added at run time. */
    void addAndStart(EventLoopGroup group, ProxyConfig backend, ServerConfig sc, ServerRuntime server) {
        add(group, backend, sc, server);
        CheckScheduler cs = byServer.get(server);
        if (cs != null) cs.start(Duration.ZERO);
    }

    /** Runtime API {@code del server}: stops the server's check, if it has one. */
    void stop(ServerRuntime server) {
        CheckScheduler cs = byServer.remove(server);
        if (cs != null) {
            stopAndDetach(cs);
            schedulers.remove(cs);
        }
    }

    /** The check of {@code server}, or null when it has none (reload hands it to the next configuration). */
    CheckScheduler of(ServerRuntime server) {
        return byServer.get(server);
    }

    /** Takes over a running check of a server that a reload kept unchanged: it goes on without a restart. */
    void adopt(ServerRuntime server, CheckScheduler running) {
        schedulers.add(running);
        byServer.put(server, running);
    }

    /** Stops every check the next configuration did not adopt (its server changed or went away). */
    void stopAllBut(HealthChecks next) {
        for (CheckScheduler cs : schedulers) {
            if (!next.schedulers.contains(cs)) {
                stopAndDetach(cs);
            } else {
                Runnable d = detach.remove(cs);
                if (d != null) next.detach.put(cs, d);
            }
        }
    }

    /** Starts every check, spread over its interval as HAProxy does so checks don't come in bursts. */
    void start() {
        java.util.Set<CheckScheduler> paused = new java.util.HashSet<>();
        for (var e : byServer.entrySet()) if (!e.getKey().checked()) paused.add(e.getValue());
        for (CheckScheduler cs : schedulers) {
            if (cs.isRunning()) continue; // adopted from the previous configuration
            if (paused.contains(cs)) continue; // 'disable health' holds across a reload that kept the server
            long inter = cs.settings().inter().toMillis();
            cs.start(Duration.ofMillis(
                    inter <= 1 ? 0 : ThreadLocalRandom.current().nextLong(inter / 2 + 1)));
        }
    }

    public List<CheckScheduler> schedulers() {
        return List.copyOf(schedulers);
    }

    @Override
    public void close() {
        for (CheckScheduler cs : schedulers) stopAndDetach(cs);
    }
}
