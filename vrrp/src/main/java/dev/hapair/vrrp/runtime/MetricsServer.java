package dev.hapair.vrrp.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code metrics_listen}: GET /metrics answers the Prometheus text of {@link MetricsText}. One thread of its
 * own, so a slow scraper never delays the daemon loop (the snapshot itself is taken on the loop, briefly).
 */
final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;
    private final InetSocketAddress address;

    private MetricsServer(HttpServer server, ExecutorService executor, InetSocketAddress address) {
        this.server = server;
        this.executor = executor;
        this.address = address;
    }

    static MetricsServer start(InetSocketAddress address, Supplier<String> metrics) throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "vrrp-metrics");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, metrics));
        server.start();
        LOG.info("metrics on http://{}:{}/metrics", address.getAddress().getHostAddress(), address.getPort());
        return new MetricsServer(server, executor, address);
    }

    InetSocketAddress address() {
        return address;
    }

    private static void handle(HttpExchange exchange, Supplier<String> metrics) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if (!"/metrics".equals(path)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body;
            try {
                body = metrics.get().getBytes(StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                LOG.warn("metrics: {}", e.toString());
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
