package dev.hapair.proxy.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hapair.common.config.SourceLocation;
import dev.hapair.proxy.config.Endpoint;
import dev.hapair.proxy.config.StatsLevel;
import dev.hapair.proxy.config.StatsSocket;
import dev.hapair.proxy.testing.NginxServer;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * CLI commands run on a thread of their own, so a slow one (an {@code add acl} recompiling a large set) never
 * holds up the event loop that carries traffic.
 */
class RuntimeApiServerThreadsTest {

    @Test
    void aSlowCommandLeavesTheEventLoopFree() throws Exception {
        StatsFixture fx = new StatsFixture();
        RuntimeApi api = new RuntimeApi(fx.snapshot, fx.clock::get, (b, s) -> {});
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        api.register("slowcmd", CliCommand.of(StatsLevel.ADMIN, null, (words, session) -> {
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Thread.currentThread().getName() + "\n";
        }));
        int port = NginxServer.freePort();
        StatsSocket sock = new StatsSocket(
                new Endpoint.Inet("127.0.0.1", port, port, SourceLocation.NONE),
                OptionalInt.empty(),
                StatsLevel.ADMIN,
                false,
                Optional.empty(),
                Optional.empty(),
                SourceLocation.NONE);
        NioEventLoopGroup loop = new NioEventLoopGroup(1); // one loop: a command run on it would block it
        try (RuntimeApiServer server = new RuntimeApiServer(sock, api, 10_000).start(loop, false);
                Socket cli = new Socket(InetAddress.getLoopbackAddress(), port)) {
            cli.setSoTimeout(10_000);
            OutputStream out = cli.getOutputStream();
            out.write("slowcmd\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertTrue(started.await(5, TimeUnit.SECONDS), "the command started");
            // while the command waits, the event loop still runs tasks (and would still carry traffic)
            assertEquals("free", loop.next().submit(() -> "free").get(5, TimeUnit.SECONDS));
            release.countDown();
            BufferedReader in = new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8));
            String answer = in.readLine();
            assertTrue(answer != null && answer.startsWith("hapair-cli"), "ran on " + answer);
        } finally {
            release.countDown();
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
