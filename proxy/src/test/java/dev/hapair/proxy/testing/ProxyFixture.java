package dev.hapair.proxy.testing;

import dev.hapair.proxy.backend.BackendRouter;
import dev.hapair.proxy.backend.BackendRuntime;
import dev.hapair.proxy.backend.BackendSettings;
import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.backend.FrontendSettings;
import dev.hapair.proxy.backend.ServerOptions;
import dev.hapair.proxy.backend.ServerRuntime;
import dev.hapair.proxy.lb.LbAlgorithm;
import dev.hapair.proxy.log.LogSink;
import dev.hapair.proxy.netty.ProxyServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/** Builds a one-frontend, one-backend proxy on 127.0.0.1:0 for tests. */
public final class ProxyFixture {
    private ProxyFixture() {}

    private static int nextId = 1;

    public static synchronized ServerRuntime server(String name, int port) {
        return server(name, port, ServerOptions.DEFAULT.withId(nextId++));
    }

    public static ServerRuntime server(String name, int port, ServerOptions o) {
        ServerRuntime s = new ServerRuntime(name, "127.0.0.1", port, o, System::currentTimeMillis);
        s.setResolved(InetAddress.getLoopbackAddress());
        return s;
    }

    public static BackendRuntime backend(String name, BackendSettings settings, List<ServerRuntime> servers) {
        return new BackendRuntime(name, settings, servers, LbAlgorithm.DEFAULT, false);
    }

    public static InetSocketAddress anyLoopbackPort() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    public static ProxyServer start(FrontendSettings fs, BackendRuntime be, LogSink log) throws InterruptedException {
        FrontendRuntime fe = new FrontendRuntime("fe", fs, BackendRouter.always(be), List.of());
        return new ProxyServer(List.of(fe), 2, 0, log).start();
    }

    /**
     * A loopback server whose every accepted connection is handed to {@code serve} on a daemon thread of its own
     * (a scripted test server); closing the returned socket ends the accept loop.
     */
    public static java.net.ServerSocket scriptedServer(java.util.function.Consumer<java.net.Socket> serve)
            throws java.io.IOException {
        java.net.ServerSocket server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    java.net.Socket s = server.accept();
                    Thread c = new Thread(() -> serve.accept(s));
                    c.setDaemon(true);
                    c.start();
                } catch (java.io.IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return server;
    }
}
