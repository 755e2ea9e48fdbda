package dev.hapair.proxy.stats;

import dev.hapair.proxy.acl.BackendStates;
import dev.hapair.proxy.acl.CompiledCondition;
import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.backend.RequestInfo;
import dev.hapair.proxy.config.ConfigDiagnostic;
import dev.hapair.proxy.config.ConfigException;
import dev.hapair.proxy.config.HaproxyConfig;
import dev.hapair.proxy.config.ProxyConfig;
import dev.hapair.proxy.config.StatsSocket;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Everything of the stats for one running proxy: the stats pages / {@code monitor-uri} / {@code /metrics}
 * installed on the frontends and backends that ask for them, the {@code stats socket} runtime API
 * listeners, and the once-a-second rate sampling. {@link #update} re-installs the pages on a new
 * runtime after a reload while the sockets stay open.
 */
public final class StatsService implements AutoCloseable {
    private volatile List<FrontendRuntime> frontends;
    private volatile Map<String, BackendRuntime> backends;
    private final StatsSnapshot snapshot;
    private final RuntimeApi api;
    private final List<RuntimeApiServer> sockets = new ArrayList<>();
    private ScheduledFuture<?> sampler;

    private StatsService(
            List<FrontendRuntime> frontends,
            Map<String, BackendRuntime> backends,
            ProcessInfo process,
            RuntimeApi.CheckStarter checks) {
        this.frontends = frontends;
        this.backends = backends;
        this.snapshot = new StatsSnapshot(() -> this.frontends, () -> this.backends, process, new SessionRates());
        this.api = new RuntimeApi(snapshot, process.clockMillis(), checks);
    }

    /**
     * Installs the pages and opens the stats sockets.
     *
     * @param epoll whether {@code group} is an epoll group (unix sockets need it)
     * @param checks starts health checks of servers added with {@code add server ... check}; null = refused
     */
    public static StatsService start(
            HaproxyConfig config,
            List<FrontendRuntime> frontends,
            Map<String, BackendRuntime> backends,
            EventLoopGroup group,
            boolean epoll,
            ProcessInfo process,
            RuntimeApi.CheckStarter checks)
            throws ConfigException {
        StatsService s = new StatsService(frontends, backends, process, checks);
        s.api.holdUntilRegistered(); // the daemon registers more commands once the sockets are open
        boolean ok = false;
        try {
            s.install(config);
            long timeout =
                    config.global().statsTimeout().map(Duration::toMillis).orElse(10_000L);
            for (StatsSocket sock : config.global().statsSockets()) {
                try {
                    s.sockets.add(new RuntimeApiServer(sock, s.api, timeout).start(group, epoll));
                } catch (Exception e) {
                    throw new ConfigException(ConfigDiagnostic.alert(
                            sock.location(),
                            "stats socket",
                            "cannot bind stats socket " + sock.endpoint().display() + " (" + e.getMessage() + ")"));
                }
            }
            s.sampler = group.next()
                    .scheduleAtFixedRate(() -> s.snapshot.sampleRates(process.nowMillis()), 0, 1, TimeUnit.SECONDS);
            ok = true;
            return s;
        } finally {
            if (!ok) s.close();
        }
    }

    /** After a reload: serve the stats of the new runtime (sockets, counters of kept objects stay). */
    public void update(HaproxyConfig config, List<FrontendRuntime> frontends, Map<String, BackendRuntime> backends)
            throws ConfigException {
        this.frontends = frontends;
        this.backends = backends;
        install(config);
    }

    private void install(HaproxyConfig config) throws ConfigException {
        snapshot.firstIid(config.global().statsSockets().isEmpty() ? 1 : 2);
        List<Map.Entry<String, Integer>> ids = new java.util.ArrayList<>();
        for (ProxyConfig p : config.proxies()) ids.add(Map.entry(p.name(), p.id()));
        snapshot.ids(ids);
        BackendStates states = n -> {
            BackendRuntime b = backends.get(n);
            return b == null ? 0 : b.usableServers();
        };
        for (FrontendRuntime f : frontends) {
            Optional<ProxyConfig> p = config.frontend(f.name());
            if (p.isEmpty()) continue;
            ProxyConfig pc = p.get();
            if (pc.stats().enabled() || pc.monitorUri().isPresent()) {
                f.setLocalService(new StatsHttpService(
                        pc.stats(), pc.monitorUri(), true, admin(pc, f.rules(), states), snapshot));
            }
        }
        for (BackendRuntime b : backends.values()) {
            Optional<ProxyConfig> p = config.backend(b.name());
            if (p.isEmpty() || config.frontend(b.name()).isPresent()) continue; // a listen is served by its frontend
            ProxyConfig pc = p.get();
            if (pc.stats().enabled()) {
                b.setLocalService(new StatsHttpService(
                        pc.stats(), Optional.empty(), false, admin(pc, b.rules(), states), snapshot));
            }
        }
    }

    /**
     * {@code stats admin if|unless COND}, as the proxy's compiled rules hold it: compiled with the section's acls
     * into the running configuration's pattern sets, so {@code show acl} lists them and {@code add acl} changes
     * who may administer, as in HAProxy. Without a compiled condition nobody may.
     */
    private static Predicate<RequestInfo> admin(
            ProxyConfig p, List<? extends dev.hapair.proxy.backend.RequestRule> rules, BackendStates states) {
        if (p.stats().adminCondition().isEmpty()) return info -> false;
        CompiledCondition cc = dev.hapair.proxy.rules.ProxyRules.in(rules).statsAdmin();
        if (cc == null) return info -> false;
        return info -> cc.matches(info, states);
    }

    public StatsSnapshot snapshot() {
        return snapshot;
    }

    /** The runtime API, e.g. to {@link RuntimeApi#register} the listener handover command. */
    public RuntimeApi api() {
        return api;
    }

    public List<RuntimeApiServer> sockets() {
        return List.copyOf(sockets);
    }

    @Override
    public void close() {
        if (sampler != null) sampler.cancel(false);
        for (RuntimeApiServer s : sockets) s.close();
        sockets.clear();
    }
}
