package dev.hapair.proxy.netty;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hapair.proxy.backend.FrontendRuntime;
import dev.hapair.proxy.backend.FrontendSettings;
import dev.hapair.proxy.backend.Timeouts;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.HapairListenerAck;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code option tcp-smart-accept} as HAProxy 2.6 sets it by default: an HTTP frontend's listening socket has
 * TCP_QUICKACK off (its connections do not acknowledge the client's first data by themselves; the answer carries
 * the ACK), a TCP frontend's keeps the kernel's immediate ACKs; a reload that gives the kept address a frontend
 * of the other mode changes it.
 */
class SmartAcceptTest {
    private static final List<SocketAddress> ANY_PORT = List.of(new InetSocketAddress("127.0.0.1", 0));

    private static FrontendRuntime frontend(FrontendSettings fs) {
        return new FrontendRuntime("fe", fs, req -> null, List.of());
    }

    private static EpollServerSocketChannel listener(ProxyServer s) {
        return (EpollServerSocketChannel) s.listenerChannels("fe").get(0);
    }

    @Test
    void httpListenersDelayTheAckTcpListenersDoNot() throws Exception {
        assumeTrue(Epoll.isAvailable(), "epoll transport");
        Timeouts t = Timeouts.NONE;
        ProxyServer http = new ProxyServer(List.of(frontend(FrontendSettings.http(ANY_PORT, t))), 1, 0, null).start();
        ProxyServer tcp = new ProxyServer(List.of(frontend(FrontendSettings.tcp(ANY_PORT, t))), 1, 0, null).start();
        try {
            assertTrue(HapairListenerAck.delays(listener(http)), "mode http: TCP_QUICKACK off on the listener");
            assertFalse(HapairListenerAck.delays(listener(tcp)), "mode tcp: the kernel's immediate ACKs");
            // a reload keeps the socket of an address that stays; the new frontend's mode decides
            http.reconfigure(List.of(frontend(FrontendSettings.tcp(ANY_PORT, t))));
            assertFalse(HapairListenerAck.delays(listener(http)), "kept address, now mode tcp");
            http.reconfigure(List.of(frontend(FrontendSettings.http(ANY_PORT, t))));
            assertTrue(HapairListenerAck.delays(listener(http)), "kept address, mode http again");
            // [no] option tcp-smart-accept overrides the mode's default
            http.reconfigure(List.of(frontend(FrontendSettings.http(ANY_PORT, t).withSmartAccept(false))));
            assertFalse(HapairListenerAck.delays(listener(http)), "no option tcp-smart-accept in mode http");
            http.reconfigure(List.of(frontend(FrontendSettings.tcp(ANY_PORT, t).withSmartAccept(true))));
            assertTrue(HapairListenerAck.delays(listener(http)), "option tcp-smart-accept in mode tcp");
        } finally {
            http.close();
            tcp.close();
        }
    }
}
