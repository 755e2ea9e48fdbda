package dev.hapair.health.probe;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Event loops shared by the network probe ITs: test servers on their own group, checks on ONE loop. */
abstract class EventLoopIT {

    static EventLoopGroup serverGroup;
    static EventLoopGroup checkGroup;
    static EventLoop checkLoop;

    @BeforeAll
    static void startLoops() {
        serverGroup = TestServer.newGroup(2);
        checkGroup = TestServer.newGroup(1);
        checkLoop = checkGroup.next();
    }

    @AfterAll
    static void stopLoops() throws InterruptedException {
        checkGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
}
