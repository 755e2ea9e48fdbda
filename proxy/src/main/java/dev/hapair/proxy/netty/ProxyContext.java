package dev.hapair.proxy.netty;

import dev.hapair.proxy.log.LogSink;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** What every connection handler shares: transport, log target and the process-wide connection count. */
final class ProxyContext {
    final Transport transport;
    final EventLoopGroup group;
    final LogSink log;
    final ConnectionGate globalGate;
    final AtomicInteger activeConnections = new AtomicInteger();
    /** Exits the process when allocations keep failing and nothing is served any more. */
    final ServiceWatchdog watchdog = new ServiceWatchdog(() -> {
        System.err.println("[ALERT] hapair-proxy: buffer allocations keep failing and nothing was served for "
                + TimeUnit.NANOSECONDS.toSeconds(ServiceWatchdog.GRACE_NANOS)
                + " s: exiting so that the service is restarted");
        System.exit(70); // EX_SOFTWARE: systemd restarts the unit, the VRRP tracker sees the process gone
    });
    /** The services {@code http-request use-service} names, by name (installed once the stats exist). */
    volatile java.util.Map<String, dev.hapair.proxy.http.HttpLocalService> services = java.util.Map.of();

    /** Every admitted client connection, for the runtime API. */
    final LiveSessions sessions;
    /** Set by a soft stop: keep-alive client connections close after their current response. */
    volatile boolean softStopping;
    /** Open HTTP/2 client connections: a soft stop sends each a GOAWAY at once ({@link H2Frontend}). */
    final java.util.Set<io.netty.channel.Channel> h2Clients = java.util.concurrent.ConcurrentHashMap.newKeySet();

    ProxyContext(Transport transport, EventLoopGroup group, LogSink log, int globalMaxconn) {
        this.transport = transport;
        this.group = group;
        this.log = log;
        this.globalGate = new ConnectionGate(globalMaxconn);
        this.sessions = new LiveSessions(group);
    }
}
