package dev.hapair.proxy.runtime;

import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.config.HaproxyConfig;
import dev.hapair.proxy.config.ProxyConfig;
import dev.hapair.proxy.config.ServerConfig;
import dev.hapair.proxy.stats.RuntimeApi;
import io.netty.channel.EventLoopGroup;
import java.util.function.Supplier;

/**
 * The runtime API's hold on health checks: {@code disable|enable health}, {@code set server ... check-port},
 * and for servers added with {@code add server ... check}: the backend's check
 * ({@code option httpchk} or TCP) with its {@code default-server} timing (inter, rise, fall, port).
 */
final class AddedServerChecks implements RuntimeApi.CheckStarter {
    private final Supplier<HaproxyConfig> config;
    private final Supplier<HealthChecks> checks;
    private final EventLoopGroup group;

    /** Suppliers because a reload replaces both: a server added later is checked by the current ones. */
    AddedServerChecks(Supplier<HaproxyConfig> config, Supplier<HealthChecks> checks, EventLoopGroup group) {
        this.config = config;
        this.checks = checks;
        this.group = group;
    }

    @Override
    public void start(BackendRuntime backend, ServerRuntime server) {
        ProxyConfig p = config.get().backend(backend.name()).orElse(null);
        if (p == null) return;
        ServerConfig d = p.defaultServer();
        server.logHealthChecks(p.options().logHealthChecks());
        server.checkHealthBeforeRuns(d.rise());
        ServerConfig.Builder b = ServerConfig.builder(server.name(), server.host(), server.port());
        b.check = true;
        b.inter = d.inter();
        b.fastinter = d.fastinter();
        b.downinter = d.downinter();
        b.rise = d.rise();
        b.fall = d.fall();
        d.checkPort().ifPresent(port -> b.checkPort = port);
        b.checkAddr = d.checkAddr().orElse(null);
        checks.get().addAndStart(group, p, b.build(), server);
    }

    @Override
    public void stop(BackendRuntime backend, ServerRuntime server) {
        checks.get().stop(server);
    }

    @Override
    public boolean pause(ServerRuntime server) {
        return checks.get().pause(server);
    }

    @Override
    public boolean resume(ServerRuntime server) {
        return checks.get().resume(server);
    }

    @Override
    public boolean retarget(ServerRuntime server, java.net.InetAddress address, int port, boolean followServer) {
        return checks.get().retarget(server, address, port, followServer);
    }
}
