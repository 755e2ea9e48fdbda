package dev.hapair.health.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hapair.health.CheckStatus;
import io.netty.channel.DefaultEventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * http-check disable-on-404 as HAProxy 2.6 evaluates it (tcpcheck_eval_expect_http): a 404 from a server that is
 * not down passes conditionally before any expect rule is looked at; from a down server it is judged by the
 * expect rules like any other status.
 */
class HttpProbeDisableOn404Test {
    private static final DefaultEventLoopGroup GROUP = new DefaultEventLoopGroup(1);

    @AfterAll
    static void close() {
        GROUP.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private static HttpProbe probe(HttpCheckSpec spec, AtomicBoolean up) {
        return new HttpProbe(GROUP, new InetSocketAddress("127.0.0.1", 9), spec).serverUp(up::get);
    }

    @Test
    void a404PassesConditionallyOnlyWhileTheServerIsUp() {
        AtomicBoolean up = new AtomicBoolean(true);
        HttpProbe p = probe(HttpCheckSpec.defaults().withDisableOn404(true), up);
        assertEquals(CheckStatus.L7OKC, p.judge(404, Duration.ZERO).status());
        assertEquals(CheckStatus.L7OK, p.judge(200, Duration.ZERO).status());
        up.set(false);
        assertEquals(CheckStatus.L7STS, p.judge(404, Duration.ZERO).status(), "a down server's 404 fails");
        assertEquals(CheckStatus.L7OK, p.judge(200, Duration.ZERO).status());
    }

    @Test
    void theConditionalPassComesBeforeTheExpectRules() {
        AtomicBoolean up = new AtomicBoolean(true);
        HttpProbe p = probe(
                HttpCheckSpec.defaults()
                        .withExpect(StatusExpectation.exactly(404))
                        .withDisableOn404(true),
                up);
        assertEquals(CheckStatus.L7OKC, p.judge(404, Duration.ZERO).status());
        up.set(false);
        assertEquals(CheckStatus.L7OK, p.judge(404, Duration.ZERO).status(), "down: the expect rule decides");
    }

    @Test
    void withoutTheOptionA404IsJustAStatus() {
        HttpProbe p = probe(HttpCheckSpec.defaults(), new AtomicBoolean(true));
        assertEquals(CheckStatus.L7STS, p.judge(404, Duration.ZERO).status());
    }
}
