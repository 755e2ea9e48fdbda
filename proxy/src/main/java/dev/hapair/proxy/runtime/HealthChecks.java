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
        InetSocketAddress target = new InetSocketAddress(addr, port);
        Probe probe;
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
        if (backend.options().httpchk().isPresent()) { // also in tcp mode, as HAProxy does
            dev.hapair.proxy.config.HttpCheckSpec c =
                    backend.options().httpchk().get();
            // the classic "HTTP/1.1\r\nHost:\ www" hack: the probe writes the version token literally
            HttpCheckSpec spec = HttpCheckSpec.of(
                    c.method(),
                    c.uri(),
                    c.extraHeaders().map(h -> c.version() + "\r\n" + h).orElse(c.version()));
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
            probe = new HttpProbe(group, target, spec, preamble, checkTls(sc, server, target));
        } else {
            probe = new TcpProbe(group, target, preamble, checkTls(sc, server, target));
        }
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
                ev.statusText()));
        schedulers.add(cs);
        byServer.put(server, cs);
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
            cs.stop();
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
            if (!next.schedulers.contains(cs)) cs.stop();
        }
    }

    /** Starts every check, spread over its interval as HAProxy does so checks don't come in bursts. */
    void start() {
        for (CheckScheduler cs : schedulers) {
            if (cs.isRunning()) continue; // adopted from the previous configuration
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
        for (CheckScheduler cs : schedulers) cs.stop();
    }
}
